package dev.persona.splat.raster;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import java.util.Arrays;

/**
 * A slow, plainly correct rasterizer to test the fast one against, as gsplat keeps {@code
 * _torch_impl} beside its kernels: double precision, every pixel against every Gaussian in depth
 * order (no tiles, no bounding boxes), and gradients by reverse-mode automatic differentiation of
 * that very computation ({@link Tape}) rather than by hand-derived formulas. It shares no math with
 * {@link CpuGaussianRasterizer}: its own projection, SH basis (constants written from their closed
 * forms), and compositing. It applies the same documented cut-offs: near/far culling of the mean,
 * the 3-sigma cut (power above 4.5), alpha below 1/255 skipped, alpha clamped to 0.99, and a pixel
 * stopped before the Gaussian that would take its transmittance below 1e-4.
 *
 * <p>Cost is O(pixels x Gaussians); meant for scenes of a few hundred Gaussians and images of a few
 * thousand pixels. {@link #backward} re-runs the forward pass on a tape.
 */
public final class ReferenceGaussianRasterizer implements GaussianRasterizer {
  private static final double PI = Math.PI;

  /** The real SH constants of 3DGS, from their closed forms (degree 1..3, m = -l..l). */
  private static final double Y1 = Math.sqrt(3 / (4 * PI));

  private static final double Y2_XY = Math.sqrt(15 / PI) / 2;
  private static final double Y2_ZZ = Math.sqrt(5 / PI) / 4;
  private static final double Y2_XX_YY = Math.sqrt(15 / PI) / 4;
  private static final double Y3_3 = Math.sqrt(35 / (2 * PI)) / 4;
  private static final double Y3_2 = Math.sqrt(105 / PI) / 2;
  private static final double Y3_1 = Math.sqrt(21 / (2 * PI)) / 4;
  private static final double Y3_0 = Math.sqrt(7 / PI) / 4;
  private static final double Y3_2B = Math.sqrt(105 / PI) / 4;

  /**
   * The cut-offs, at exactly the float values the fast rasterizer compares against: two clamped
   * Gaussians leave T = (1 - 0.99)^2, which is 1e-4 in exact arithmetic, just below it with 0.99f
   * and just above it with the double 0.99; with the same constants both rasterizers stop there.
   */
  private static final double ALPHA_MAX = 0.99f;

  private static final double ALPHA_MIN = 1f / 255f;
  private static final double TRANSMITTANCE_MIN = 1e-4f;
  private static final double POWER_CUT = 4.5;

  private record ReferenceState() {}

  @Override
  public Rendering render(Gaussians g, PinholeCamera camera, RenderSettings settings) {
    return run(g, camera, settings, null, null, null);
  }

  /**
   * The loss {@code sum over pixels and channels of weights * outputs} (colour, alpha, depth,
   * features; null weights count as zero), evaluated in double without rounding the outputs to
   * float: the function whose gradient {@link #backward} returns, for finite-difference checks.
   */
  double weightedOutputSum(
      Gaussians g, PinholeCamera camera, RenderSettings settings, RenderingGradient weights) {
    double[] sum = new double[1];
    run(g, camera, settings, weights, null, sum);
    return sum[0];
  }

  @Override
  public void backward(Rendering forward, RenderingGradient dLoss, GaussianGradients dest) {
    forward.forwardState(this, ReferenceState.class);
    Gaussians g = forward.gaussians();
    if (!dest.fits(g)) {
      throw new IllegalArgumentException("gradient buffers do not match " + g);
    }
    dLoss.checkSizes(forward.width(), forward.height(), g.featureChannels());
    run(g, forward.camera(), forward.settings(), dLoss, dest, null);
  }

  /** The tape nodes of one projected Gaussian. */
  private static final class Node {
    int[] params;
    int u;
    int v;
    int z;
    int conicA;
    int conicB;
    int conicC;
    int opacity;
    int[] rgb = new int[3];
    int[] features;
    double depth;
    int index;
  }

  private Rendering run(
      Gaussians g,
      PinholeCamera camera,
      RenderSettings settings,
      RenderingGradient dLoss,
      GaussianGradients dest,
      double[] weightedSum) {
    InputChecks.checkImage(camera, g.featureChannels());
    for (int i = 0; i < g.count(); i++) {
      if (!InputChecks.isValid(g, i)) {
        throw InputChecks.problem(g, i);
      }
    }
    Tape t = new Tape();
    int n = g.count();
    int k = g.shCoefficients();
    int f = g.featureChannels();
    Node[] visible = new Node[n];
    int visibleCount = 0;
    Node[] all = new Node[n];
    for (int i = 0; i < n; i++) {
      Node node = project(t, g, camera, settings, i);
      all[i] = node;
      if (node.u >= 0) {
        visible[visibleCount++] = node;
      }
    }
    Node[] order = Arrays.copyOf(visible, visibleCount);
    Arrays.sort(
        order, (a, b) -> a.depth != b.depth ? Double.compare(a.depth, b.depth) : a.index - b.index);

    int width = camera.width();
    int height = camera.height();
    float[] color = new float[width * height * 3];
    float[] alpha = new float[width * height];
    float[] depth = new float[width * height];
    float[] features = new float[width * height * f];
    float[] finalT = new float[width * height];
    int[] lastContributor = new int[width * height];
    double[] bg = {settings.backgroundRed(), settings.backgroundGreen(), settings.backgroundBlue()};
    double[] absX = new double[n];
    double[] absY = new double[n];
    double[] before = new double[2 * n];
    long evaluations = 0;
    int[] composited = new int[visibleCount];

    for (int py = 0; py < height; py++) {
      for (int px = 0; px < width; px++) {
        int pix = py * width + px;
        int mark = t.mark();
        int transmittance = t.leaf(1);
        int[] out = new int[3];
        for (int c = 0; c < 3; c++) {
          out[c] = t.leaf(0);
        }
        int depthSum = t.leaf(0);
        int[] feat = new int[f];
        for (int c = 0; c < f; c++) {
          feat[c] = t.leaf(0);
        }
        int count = 0;
        int last = 0;
        for (int o = 0; o < visibleCount; o++) {
          Node q = order[o];
          evaluations++;
          // The cut-offs depend on values only: test them before recording anything.
          double ex = px + 0.5 - t.value(q.u);
          double ey = py + 0.5 - t.value(q.v);
          double powerValue =
              0.5 * (t.value(q.conicA) * ex * ex + t.value(q.conicC) * ey * ey)
                  + t.value(q.conicB) * ex * ey;
          if (powerValue > POWER_CUT
              || Math.min(ALPHA_MAX, t.value(q.opacity) * Math.exp(-powerValue)) < ALPHA_MIN) {
            continue;
          }
          int gaussianMark = t.mark();
          int dx = t.addConstant(t.scale(q.u, -1), px + 0.5);
          int dy = t.addConstant(t.scale(q.v, -1), py + 0.5);
          int power =
              t.add(
                  t.scale(t.add(t.mul(q.conicA, t.square(dx)), t.mul(q.conicC, t.square(dy))), 0.5),
                  t.mul(q.conicB, t.mul(dx, dy)));
          if (t.value(power) > POWER_CUT) {
            t.truncate(gaussianMark);
            continue;
          }
          int raw = t.mul(q.opacity, t.exp(t.scale(power, -1)));
          int a = t.value(raw) > ALPHA_MAX ? t.leaf(ALPHA_MAX) : raw;
          if (t.value(a) < ALPHA_MIN) {
            t.truncate(gaussianMark);
            continue;
          }
          int next = t.mul(transmittance, t.addConstant(t.scale(a, -1), 1));
          if (t.value(next) < TRANSMITTANCE_MIN) {
            t.truncate(gaussianMark);
            break;
          }
          int w = t.mul(a, transmittance);
          for (int c = 0; c < 3; c++) {
            out[c] = t.add(out[c], t.mul(w, q.rgb[c]));
          }
          depthSum = t.add(depthSum, t.mul(w, q.z));
          for (int c = 0; c < f; c++) {
            feat[c] = t.add(feat[c], t.mul(w, q.features[c]));
          }
          transmittance = next;
          composited[count++] = q.index;
          last = o + 1;
        }
        for (int c = 0; c < 3; c++) {
          out[c] = t.add(out[c], t.scale(transmittance, bg[c]));
        }
        int pixelAlpha = t.addConstant(t.scale(transmittance, -1), 1);
        int pixelDepth = t.value(pixelAlpha) > 0 ? t.div(depthSum, pixelAlpha) : t.leaf(0);
        for (int c = 0; c < 3; c++) {
          color[pix * 3 + c] = (float) t.value(out[c]);
        }
        alpha[pix] = (float) t.value(pixelAlpha);
        depth[pix] = (float) t.value(pixelDepth);
        for (int c = 0; c < f; c++) {
          features[pix * f + c] = (float) t.value(feat[c]);
        }
        finalT[pix] = (float) t.value(transmittance);
        lastContributor[pix] = last;
        if (weightedSum != null) {
          for (int c = 0; c < 3; c++) {
            weightedSum[0] += weight(dLoss.color(), pix * 3 + c) * t.value(out[c]);
          }
          weightedSum[0] += weight(dLoss.alpha(), pix) * t.value(pixelAlpha);
          weightedSum[0] += weight(dLoss.depth(), pix) * t.value(pixelDepth);
          for (int c = 0; c < f; c++) {
            weightedSum[0] += weight(dLoss.features(), pix * f + c) * t.value(feat[c]);
          }
        }
        if (dest != null && count > 0) {
          for (int c = 0; c < 3; c++) {
            t.seed(out[c], weight(dLoss.color(), pix * 3 + c));
          }
          t.seed(pixelAlpha, weight(dLoss.alpha(), pix));
          t.seed(pixelDepth, weight(dLoss.depth(), pix));
          for (int c = 0; c < f; c++) {
            t.seed(feat[c], weight(dLoss.features(), pix * f + c));
          }
          for (int j = 0; j < count; j++) {
            Node q = all[composited[j]];
            before[2 * j] = t.adjoint(q.u);
            before[2 * j + 1] = t.adjoint(q.v);
          }
          t.propagate(mark, t.mark());
          for (int j = 0; j < count; j++) {
            Node q = all[composited[j]];
            // Screen-space gradient is with respect to mean2d = (u, v); each pixel's share is the
            // change it made to u's and v's adjoints.
            absX[q.index] += Math.abs(t.adjoint(q.u) - before[2 * j]);
            absY[q.index] += Math.abs(t.adjoint(q.v) - before[2 * j + 1]);
          }
        }
        t.truncate(mark);
      }
    }

    if (dest != null) {
      dest.clear();
      for (Node q : order) {
        double gu = t.adjoint(q.u);
        double gv = t.adjoint(q.v);
        dest.meanScreenGradNorm()[q.index] = (float) Math.sqrt(gu * gu + gv * gv);
        dest.meanScreenAbsGradNorm()[q.index] =
            (float) Math.sqrt(absX[q.index] * absX[q.index] + absY[q.index] * absY[q.index]);
      }
      t.propagate(0, t.mark());
      for (int i = 0; i < n; i++) {
        int[] p = all[i].params;
        int o = 0;
        for (int j = 0; j < 3; j++) {
          dest.means()[i * 3 + j] = (float) t.adjoint(p[o++]);
        }
        for (int j = 0; j < 3; j++) {
          dest.logScales()[i * 3 + j] = (float) t.adjoint(p[o++]);
        }
        for (int j = 0; j < 4; j++) {
          dest.rotations()[i * 4 + j] = (float) t.adjoint(p[o++]);
        }
        dest.opacityLogits()[i] = (float) t.adjoint(p[o++]);
        for (int j = 0; j < k * 3; j++) {
          dest.sh()[i * k * 3 + j] = (float) t.adjoint(p[o++]);
        }
        for (int j = 0; j < f; j++) {
          dest.features()[i * f + j] = (float) t.adjoint(p[o++]);
        }
      }
    }
    return new Rendering(
        g,
        camera,
        settings,
        color,
        alpha,
        depth,
        features,
        finalT,
        lastContributor,
        evaluations,
        this,
        new ReferenceState());
  }

  /**
   * Records Gaussian {@code i}'s parameters as tape leaves and its projection; {@code u < 0} in the
   * result marks it culled by the near/far planes.
   */
  private static Node project(
      Tape t, Gaussians g, PinholeCamera camera, RenderSettings settings, int i) {
    int k = g.shCoefficients();
    int f = g.featureChannels();
    Node node = new Node();
    node.index = i;
    node.params = new int[3 + 3 + 4 + 1 + k * 3 + f];
    int o = 0;
    int[] mean = new int[3];
    for (int j = 0; j < 3; j++) {
      mean[j] = node.params[o++] = t.leaf(g.means()[i * 3 + j]);
    }
    int[] logScale = new int[3];
    for (int j = 0; j < 3; j++) {
      logScale[j] = node.params[o++] = t.leaf(g.logScales()[i * 3 + j]);
    }
    int[] quat = new int[4];
    for (int j = 0; j < 4; j++) {
      quat[j] = node.params[o++] = t.leaf(g.rotations()[i * 4 + j]);
    }
    int logit = node.params[o++] = t.leaf(g.opacityLogits()[i]);
    int[] sh = new int[k * 3];
    for (int j = 0; j < k * 3; j++) {
      sh[j] = node.params[o++] = t.leaf(g.sh()[i * k * 3 + j]);
    }
    node.features = new int[f];
    for (int j = 0; j < f; j++) {
      node.features[j] = node.params[o++] = t.leaf(g.features()[i * f + j]);
    }
    node.u = -1;

    // Camera-space mean m = W mu + t.
    int[] m = new int[3];
    for (int r = 0; r < 3; r++) {
      int acc = t.leaf(camera.worldToCamera(r, 3));
      for (int c = 0; c < 3; c++) {
        acc = t.add(acc, t.scale(mean[c], camera.worldToCamera(r, c)));
      }
      m[r] = acc;
    }
    double zValue = t.value(m[2]);
    if (!(zValue >= settings.nearPlane() && zValue <= settings.farPlane())) {
      return node;
    }

    // Rotation of the normalised quaternion.
    int norm =
        t.sqrt(
            t.add(
                t.add(t.square(quat[0]), t.square(quat[1])),
                t.add(t.square(quat[2]), t.square(quat[3]))));
    int qw = t.div(quat[0], norm);
    int qx = t.div(quat[1], norm);
    int qy = t.div(quat[2], norm);
    int qz = t.div(quat[3], norm);
    int[] rot = new int[9];
    rot[0] = oneMinusTwice(t, t.add(t.square(qy), t.square(qz)));
    rot[1] = t.scale(t.sub(t.mul(qx, qy), t.mul(qw, qz)), 2);
    rot[2] = t.scale(t.add(t.mul(qx, qz), t.mul(qw, qy)), 2);
    rot[3] = t.scale(t.add(t.mul(qx, qy), t.mul(qw, qz)), 2);
    rot[4] = oneMinusTwice(t, t.add(t.square(qx), t.square(qz)));
    rot[5] = t.scale(t.sub(t.mul(qy, qz), t.mul(qw, qx)), 2);
    rot[6] = t.scale(t.sub(t.mul(qx, qz), t.mul(qw, qy)), 2);
    rot[7] = t.scale(t.add(t.mul(qy, qz), t.mul(qw, qx)), 2);
    rot[8] = oneMinusTwice(t, t.add(t.square(qx), t.square(qy)));
    int[] variance = new int[3];
    for (int j = 0; j < 3; j++) {
      variance[j] = t.exp(t.scale(logScale[j], 2));
    }
    // Sigma = R diag(s^2) R^T
    int[] sigma = new int[9];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        int acc = t.leaf(0);
        for (int j = 0; j < 3; j++) {
          acc = t.add(acc, t.mul(t.mul(rot[r * 3 + j], rot[c * 3 + j]), variance[j]));
        }
        sigma[r * 3 + c] = acc;
      }
    }
    // Sigma_cam = W Sigma W^T
    int[] sigmaCam = new int[9];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        int acc = t.leaf(0);
        for (int a = 0; a < 3; a++) {
          for (int b = 0; b < 3; b++) {
            double wab = camera.worldToCamera(r, a) * camera.worldToCamera(c, b);
            acc = t.add(acc, t.scale(sigma[a * 3 + b], wab));
          }
        }
        sigmaCam[r * 3 + c] = acc;
      }
    }

    // Perspective Jacobian at the mean, with x/z and y/z clamped to the widened frustum.
    double fx = camera.fx();
    double fy = camera.fy();
    double limXPos = (camera.width() - camera.cx()) / fx + 0.3 * (camera.width() / (2 * fx));
    double limXNeg = camera.cx() / fx + 0.3 * (camera.width() / (2 * fx));
    double limYPos = (camera.height() - camera.cy()) / fy + 0.3 * (camera.height() / (2 * fy));
    double limYNeg = camera.cy() / fy + 0.3 * (camera.height() / (2 * fy));
    int z = m[2];
    int tx = clampedTimesZ(t, m[0], z, limXNeg, limXPos);
    int ty = clampedTimesZ(t, m[1], z, limYNeg, limYPos);
    int zz = t.square(z);
    int zero = t.leaf(0);
    int[] jac = {
      t.div(t.leaf(fx), z),
      zero,
      t.scale(t.div(tx, zz), -fx),
      zero,
      t.div(t.leaf(fy), z),
      t.scale(t.div(ty, zz), -fy)
    };
    // M = J Sigma_cam J^T (2x2)
    int[] cov = new int[4];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        int acc = t.leaf(0);
        for (int a = 0; a < 3; a++) {
          for (int b = 0; b < 3; b++) {
            acc = t.add(acc, t.mul(t.mul(jac[r * 3 + a], sigmaCam[a * 3 + b]), jac[c * 3 + b]));
          }
        }
        cov[r * 2 + c] = acc;
      }
    }
    int detRaw = t.sub(t.mul(cov[0], cov[3]), t.mul(cov[1], cov[2]));
    int c00 = t.addConstant(cov[0], settings.eps2d());
    int c11 = t.addConstant(cov[3], settings.eps2d());
    int det = t.sub(t.mul(c00, c11), t.mul(cov[1], cov[2]));
    node.conicA = t.div(c11, det);
    node.conicB = t.scale(t.div(cov[1], det), -1);
    node.conicC = t.div(c00, det);
    int opacity = t.div(t.leaf(1), t.addConstant(t.exp(t.scale(logit, -1)), 1));
    if (settings.antialiased()) {
      int ratio = t.div(detRaw, det);
      opacity = t.mul(opacity, t.value(ratio) > 0 ? t.sqrt(ratio) : t.leaf(0));
    }
    node.opacity = opacity;
    node.z = z;
    node.depth = t.value(z);

    // View-dependent colour from the direction camera centre -> mean.
    double[] centre = camera.cameraCenter();
    int[] dir = new int[3];
    for (int j = 0; j < 3; j++) {
      dir[j] = t.addConstant(mean[j], -centre[j]);
    }
    int len = t.sqrt(t.add(t.add(t.square(dir[0]), t.square(dir[1])), t.square(dir[2])));
    int x = t.div(dir[0], len);
    int y = t.div(dir[1], len);
    int zd = t.div(dir[2], len);
    int[] basis = basis(t, g.shDegree(), x, y, zd);
    for (int c = 0; c < 3; c++) {
      int acc = t.leaf(0.5);
      for (int j = 0; j < k; j++) {
        acc = t.add(acc, t.mul(basis[j], sh[j * 3 + c]));
      }
      node.rgb[c] = t.value(acc) < 0 ? t.leaf(0) : acc;
    }
    node.u = t.addConstant(t.scale(t.div(m[0], z), fx), camera.cx());
    node.v = t.addConstant(t.scale(t.div(m[1], z), fy), camera.cy());
    return node;
  }

  private static double weight(float[] weights, int index) {
    return weights == null ? 0 : weights[index];
  }

  private static int oneMinusTwice(Tape t, int x) {
    return t.addConstant(t.scale(x, -2), 1);
  }

  /** z * clamp(x / z, -neg, pos), with the clamp's flat pieces as z times a constant. */
  private static int clampedTimesZ(Tape t, int x, int z, double neg, double pos) {
    double ratio = t.value(x) / t.value(z);
    if (ratio > pos) {
      return t.scale(z, pos);
    }
    if (ratio < -neg) {
      return t.scale(z, -neg);
    }
    return x;
  }

  /** The real SH basis of 3DGS on the tape, degree 0..3. */
  private static int[] basis(Tape t, int degree, int x, int y, int z) {
    int[] b = new int[(degree + 1) * (degree + 1)];
    b[0] = t.leaf(0.5 / Math.sqrt(PI));
    if (degree >= 1) {
      b[1] = t.scale(y, -Y1);
      b[2] = t.scale(z, Y1);
      b[3] = t.scale(x, -Y1);
    }
    if (degree >= 2) {
      int xx = t.square(x);
      int yy = t.square(y);
      int zz = t.square(z);
      b[4] = t.scale(t.mul(x, y), Y2_XY);
      b[5] = t.scale(t.mul(y, z), -Y2_XY);
      b[6] = t.scale(t.sub(t.scale(zz, 2), t.add(xx, yy)), Y2_ZZ);
      b[7] = t.scale(t.mul(x, z), -Y2_XY);
      b[8] = t.scale(t.sub(xx, yy), Y2_XX_YY);
      if (degree >= 3) {
        int xxPlusYy = t.add(xx, yy);
        b[9] = t.scale(t.mul(y, t.sub(t.scale(xx, 3), yy)), -Y3_3);
        b[10] = t.scale(t.mul(t.mul(x, y), z), Y3_2);
        b[11] = t.scale(t.mul(y, t.sub(t.scale(zz, 4), xxPlusYy)), -Y3_1);
        b[12] = t.scale(t.mul(z, t.sub(t.scale(zz, 2), t.scale(xxPlusYy, 3))), Y3_0);
        b[13] = t.scale(t.mul(x, t.sub(t.scale(zz, 4), xxPlusYy)), -Y3_1);
        b[14] = t.scale(t.mul(z, t.sub(xx, yy)), Y3_2B);
        b[15] = t.scale(t.mul(x, t.sub(xx, t.scale(yy, 3))), -Y3_3);
      }
    }
    return b;
  }
}
