package dev.persona.splat.raster;

import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.gaussian.SphericalHarmonics;

/**
 * Projection of one 3D Gaussian to the screen and its vector-Jacobian product: the per-Gaussian
 * work of the fast rasterizer (gsplat's {@code fully_fused_projection} forward and backward). All
 * arithmetic is in double on the CPU; results are stored as float.
 *
 * <p>Forward (Kerbl et al. 2023 Eq. 5-6; Zwicker et al. 2001 EWA):
 *
 * <pre>
 *   R = R(q / |q|),  S = diag(exp(logScale)),  Sigma = R S S^T R^T
 *   m = W mu + t                                  (camera space, OpenCV axes)
 *   Sigma_c = W Sigma W^T
 *   J = [[fx/z, 0, -fx tx/z^2], [0, fy/z, -fy ty/z^2]],  tx = z clamp(x/z), ty = z clamp(y/z)
 *   M = J Sigma_c J^T,  Sigma2D = M + eps2d I,  conic = Sigma2D^-1
 *   compensation = sqrt(det M / det Sigma2D)      (antialiased mode; 1 otherwise)
 *   opacity = sigmoid(logit) compensation
 *   mean2d = (fx x/z + cx, fy y/z + cy)
 *   colour = max(0, SH(normalize(mu - camera centre)) + 0.5)
 * </pre>
 *
 * The backward pass runs these steps in reverse with the chain rule; the derivations are in {@code
 * docs/gaussian-rasterizer.md}.
 */
final class Projection {
  /** 3DGS's alpha threshold: a Gaussian whose alpha at a pixel is below this is skipped. */
  static final double ALPHA_MIN = 1.0 / 255.0;

  /** The screen extent in standard deviations (3 sigma, as 3DGS). */
  static final double EXTENT_SIGMAS = 3.0;

  /** The power sigma at the 3-sigma ellipse, 0.5 * 3^2. */
  static final float POWER_CUT = 4.5f;

  /** Per-worker scratch so that nothing allocates per Gaussian. */
  static final class Scratch {
    final double[] rs = new double[9];
    final double[] sigma = new double[9];
    final double[] tmp = new double[9];
    final double[] sigmaCam = new double[9];
    final double[] basis = new double[16];
    final double[] basisGradient = new double[48];
    final double[] rgb = new double[3];
    final double[] vRgb = new double[3];
    final double[] vDir = new double[3];
    final double[] vSigmaCam = new double[9];
    final double[] vSigma = new double[9];
    final double[] vRs = new double[9];
    final double[] vR = new double[9];
    final double[] jacobian = new double[6];
  }

  private Projection() {}

  /**
   * Projects Gaussian {@code i} into {@code out}; sets its radii to 0 when it is culled (mean
   * outside the near/far range, opacity below 1/255, or its box off the image).
   */
  static void forward(
      Gaussians g,
      CameraFrame cam,
      RenderSettings settings,
      int i,
      ProjectedGaussians out,
      Scratch s) {
    out.radiusX[i] = 0;
    out.radiusY[i] = 0;
    float[] means = g.means();
    double mx = means[i * 3];
    double my = means[i * 3 + 1];
    double mz = means[i * 3 + 2];
    double[] w = cam.rotation;
    double x = w[0] * mx + w[1] * my + w[2] * mz + cam.translation[0];
    double y = w[3] * mx + w[4] * my + w[5] * mz + cam.translation[1];
    double z = w[6] * mx + w[7] * my + w[8] * mz + cam.translation[2];
    if (!(z >= settings.nearPlane() && z <= settings.farPlane())) {
      return;
    }
    scaledRotation(g, i, s.rs);
    mulABt(s.rs, s.rs, s.sigma);
    mulAB(w, s.sigma, s.tmp);
    mulABt(s.tmp, w, s.sigmaCam);
    double[] c = s.sigmaCam;

    double rz = 1.0 / z;
    double tx = z * clamp(x * rz, -cam.limitXNegative, cam.limitXPositive);
    double ty = z * clamp(y * rz, -cam.limitYNegative, cam.limitYPositive);
    double j00 = cam.fx * rz;
    double j02 = -cam.fx * tx * rz * rz;
    double j11 = cam.fy * rz;
    double j12 = -cam.fy * ty * rz * rz;
    // M = J Sigma_c J^T with J's two zero entries dropped.
    double m00 = j00 * j00 * c[0] + 2 * j00 * j02 * c[2] + j02 * j02 * c[8];
    double m01 = j00 * j11 * c[1] + j00 * j12 * c[2] + j02 * j11 * c[5] + j02 * j12 * c[8];
    double m11 = j11 * j11 * c[4] + 2 * j11 * j12 * c[5] + j12 * j12 * c[8];
    double eps = settings.eps2d();
    double a = m00 + eps;
    double b = m01;
    double d = m11 + eps;
    double det = a * d - b * b;
    if (!(det > 0)) {
      return;
    }
    double compensation = 1;
    if (settings.antialiased()) {
      compensation = Math.sqrt(Math.max(0, (m00 * m11 - m01 * m01) / det));
    }
    double opacity = sigmoid(g.opacityLogits()[i]) * compensation;
    if (opacity < ALPHA_MIN) {
      return;
    }
    // Opacity-aware extent (gsplat): beyond sqrt(2 ln(255 opacity)) sigmas alpha < 1/255.
    double extent = Math.min(EXTENT_SIGMAS, Math.sqrt(2 * Math.log(opacity / ALPHA_MIN)));
    int radiusX = (int) Math.ceil(extent * Math.sqrt(a));
    int radiusY = (int) Math.ceil(extent * Math.sqrt(d));
    double u = cam.fx * x * rz + cam.cx;
    double v = cam.fy * y * rz + cam.cy;
    if (radiusX <= 0
        || radiusY <= 0
        || u + radiusX <= 0
        || u - radiusX >= cam.width
        || v + radiusY <= 0
        || v - radiusY >= cam.height) {
      return;
    }
    viewColor(g, cam, i, s);
    out.meanX[i] = (float) u;
    out.meanY[i] = (float) v;
    out.depth[i] = (float) z;
    out.conicA[i] = (float) (d / det);
    out.conicB[i] = (float) (-b / det);
    out.conicC[i] = (float) (a / det);
    out.opacity[i] = (float) opacity;
    out.powerLimit[i] = (float) Math.min(POWER_CUT, Math.log(opacity / ALPHA_MIN) + 1e-3);
    out.color[i * 3] = (float) Math.max(0, s.rgb[0]);
    out.color[i * 3 + 1] = (float) Math.max(0, s.rgb[1]);
    out.color[i * 3 + 2] = (float) Math.max(0, s.rgb[2]);
    out.compensation[i] = (float) compensation;
    out.radiusX[i] = radiusX;
    out.radiusY[i] = radiusY;
  }

  /**
   * Back-propagates the screen-space gradients of Gaussian {@code i} (already reduced over all
   * pixels) to its parameters, writing (not adding) them into {@code dest}.
   *
   * @param screen {@code [12 + F]} at {@code offset}: dL/d(meanX, meanY) (pixels), dL/d(conic a, b,
   *     c) with b the scalar off-diagonal parameter (it enters the power as b dx dy), dL/d opacity
   *     (after compensation), dL/d colour (3, after the clamp), dL/d depth z, the two absolute
   *     screen-gradient sums, then dL/d features (F)
   */
  static void backward(
      Gaussians g,
      CameraFrame cam,
      RenderSettings settings,
      int i,
      double[] screen,
      int offset,
      GaussianGradients dest,
      Scratch s) {
    float[] means = g.means();
    double mx = means[i * 3];
    double my = means[i * 3 + 1];
    double mz = means[i * 3 + 2];
    double[] w = cam.rotation;
    double x = w[0] * mx + w[1] * my + w[2] * mz + cam.translation[0];
    double y = w[3] * mx + w[4] * my + w[5] * mz + cam.translation[1];
    double z = w[6] * mx + w[7] * my + w[8] * mz + cam.translation[2];
    scaledRotation(g, i, s.rs);
    mulABt(s.rs, s.rs, s.sigma);
    mulAB(w, s.sigma, s.tmp);
    mulABt(s.tmp, w, s.sigmaCam);
    double[] c = s.sigmaCam;
    double rz = 1.0 / z;
    double xz = x * rz;
    double yz = y * rz;
    boolean xInside = xz >= -cam.limitXNegative && xz <= cam.limitXPositive;
    boolean yInside = yz >= -cam.limitYNegative && yz <= cam.limitYPositive;
    double tx = z * clamp(xz, -cam.limitXNegative, cam.limitXPositive);
    double ty = z * clamp(yz, -cam.limitYNegative, cam.limitYPositive);
    double j00 = cam.fx * rz;
    double j02 = -cam.fx * tx * rz * rz;
    double j11 = cam.fy * rz;
    double j12 = -cam.fy * ty * rz * rz;
    double m00 = j00 * j00 * c[0] + 2 * j00 * j02 * c[2] + j02 * j02 * c[8];
    double m01 = j00 * j11 * c[1] + j00 * j12 * c[2] + j02 * j11 * c[5] + j02 * j12 * c[8];
    double m11 = j11 * j11 * c[4] + 2 * j11 * j12 * c[5] + j12 * j12 * c[8];
    double eps = settings.eps2d();
    double a = m00 + eps;
    double b = m01;
    double d = m11 + eps;
    double det = a * d - b * b;
    double detM = m00 * m11 - m01 * m01;
    double compensation = settings.antialiased() ? Math.sqrt(Math.max(0, detM / det)) : 1;
    double sig = sigmoid(g.opacityLogits()[i]);

    double vU = screen[offset];
    double vV = screen[offset + 1];
    double vConicA = screen[offset + 2];
    double vConicB = screen[offset + 3];
    double vConicC = screen[offset + 4];
    double vOpacity = screen[offset + 5];
    double vDepth = screen[offset + 9];

    // opacity = sigmoid(logit) * compensation
    dest.opacityLogits()[i] = (float) (vOpacity * compensation * sig * (1 - sig));
    double vCompensation = vOpacity * sig;

    // conic = Sigma2D^-1: dL/dSigma2D = -Q G Q with G the per-entry gradient of the symmetric Q
    // (each off-diagonal entry gets half of dL/db, since b enters the power once as b dx dy).
    double qa = d / det;
    double qb = -b / det;
    double qc = a / det;
    double ga = vConicA;
    double gb = 0.5 * vConicB;
    double gc = vConicC;
    // (QG) then (QG)Q, symmetric.
    double t00 = qa * ga + qb * gb;
    double t01 = qa * gb + qb * gc;
    double t10 = qb * ga + qc * gb;
    double t11 = qb * gb + qc * gc;
    double vM00 = -(t00 * qa + t01 * qb);
    double vM01 = -(t00 * qb + t01 * qc);
    double vM11 = -(t10 * qb + t11 * qc);
    if (settings.antialiased() && compensation > 0) {
      // compensation = sqrt(det M / det(M + eps I)); d det(X) / dX = adj(X)^T for the symmetric
      // X, per entry: [[x11, -x01], [-x01, x00]].
      double ratio = detM / det;
      double k = vCompensation * 0.5 / compensation / det;
      vM00 += k * (m11 - ratio * d);
      vM01 += k * (-m01 + ratio * b);
      vM11 += k * (m00 - ratio * a);
    }

    // M = J Sigma_c J^T: dL/dSigma_c = J^T vM J, dL/dJ = 2 vM J Sigma_c (vM, Sigma_c symmetric).
    double[] vc = s.vSigmaCam;
    double[] jac = s.jacobian;
    jac[0] = j00;
    jac[1] = 0;
    jac[2] = j02;
    jac[3] = 0;
    jac[4] = j11;
    jac[5] = j12;
    for (int r = 0; r < 3; r++) {
      for (int q = 0; q < 3; q++) {
        vc[r * 3 + q] =
            jac[r] * (vM00 * jac[q] + vM01 * jac[3 + q])
                + jac[3 + r] * (vM01 * jac[q] + vM11 * jac[3 + q]);
      }
    }
    // vJ (2x3) = 2 vM J Sigma_c; only the entries of J that vary are needed (00, 02, 11, 12).
    // (J Sigma_c)[row][col]:
    double js00 = j00 * c[0] + j02 * c[6];
    double js02 = j00 * c[2] + j02 * c[8];
    double js10 = j11 * c[3] + j12 * c[6];
    double js11 = j11 * c[4] + j12 * c[7];
    double js12 = j11 * c[5] + j12 * c[8];
    double js01 = j00 * c[1] + j02 * c[7];
    double vJ00 = 2 * (vM00 * js00 + vM01 * js10);
    double vJ02 = 2 * (vM00 * js02 + vM01 * js12);
    double vJ11 = 2 * (vM01 * js01 + vM11 * js11);
    double vJ12 = 2 * (vM01 * js02 + vM11 * js12);

    // Camera-space mean: from mean2d, from J, from the depth output.
    double rz2 = rz * rz;
    double rz3 = rz2 * rz;
    double vx = cam.fx * rz * vU;
    double vy = cam.fy * rz * vV;
    double vz = -(cam.fx * x * vU + cam.fy * y * vV) * rz2 + vDepth;
    vz += -cam.fx * rz2 * vJ00 - cam.fy * rz2 * vJ11;
    // J02 = -fx tx / z^2: with tx = x, d/dx = -fx/z^2 and d/dz = 2 fx x/z^3; clamped, tx = z L so
    // J02 = -fx L / z, d/dx = 0 and d/dz = fx L / z^2 = fx tx / z^3.
    if (xInside) {
      vx += -cam.fx * rz2 * vJ02;
      vz += 2 * cam.fx * tx * rz3 * vJ02;
    } else {
      vz += cam.fx * tx * rz3 * vJ02;
    }
    if (yInside) {
      vy += -cam.fy * rz2 * vJ12;
      vz += 2 * cam.fy * ty * rz3 * vJ12;
    } else {
      vz += cam.fy * ty * rz3 * vJ12;
    }
    // m = W mu + t  ->  dL/dmu = W^T dL/dm.
    double vmx = w[0] * vx + w[3] * vy + w[6] * vz;
    double vmy = w[1] * vx + w[4] * vy + w[7] * vz;
    double vmz = w[2] * vx + w[5] * vy + w[8] * vz;

    // Sigma_c = W Sigma W^T  ->  dL/dSigma = W^T vSigma_c W.
    mulAtB(w, vc, s.tmp);
    mulAB(s.tmp, w, s.vSigma);
    // Sigma = (RS)(RS)^T  ->  dL/d(RS) = 2 vSigma (RS).
    mulAB(s.vSigma, s.rs, s.vRs);
    scaleAndRotationBackward(g, i, s.rs, s.vRs, s.vR, dest);

    // View-dependent colour: SH coefficients and, through the view direction, the mean.
    double dx = mx - cam.center[0];
    double dy = my - cam.center[1];
    double dz = mz - cam.center[2];
    double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
    int degree = g.shDegree();
    int k3 = g.shCoefficients() * 3;
    if (len > 0) {
      double ux = dx / len;
      double uy = dy / len;
      double uz = dz / len;
      SphericalHarmonics.basis(degree, ux, uy, uz, s.basis);
      SphericalHarmonics.color(degree, g.sh(), i * k3, s.basis, s.rgb);
      for (int ch = 0; ch < 3; ch++) {
        // max(0, colour) passes no gradient where it clamps.
        s.vRgb[ch] = s.rgb[ch] < 0 ? 0 : screen[offset + 6 + ch];
      }
      SphericalHarmonics.basisGradient(degree, ux, uy, uz, s.basisGradient);
      SphericalHarmonics.colorVjp(
          degree, g.sh(), i * k3, s.basis, s.basisGradient, s.vRgb, dest.sh(), s.vDir);
      // u = d / |d|  ->  dL/dd = (vU - u (u . vU)) / |d|.
      double dot = ux * s.vDir[0] + uy * s.vDir[1] + uz * s.vDir[2];
      vmx += (s.vDir[0] - ux * dot) / len;
      vmy += (s.vDir[1] - uy * dot) / len;
      vmz += (s.vDir[2] - uz * dot) / len;
    }
    dest.means()[i * 3] = (float) vmx;
    dest.means()[i * 3 + 1] = (float) vmy;
    dest.means()[i * 3 + 2] = (float) vmz;

    int f = g.featureChannels();
    for (int ch = 0; ch < f; ch++) {
      dest.features()[i * f + ch] = (float) screen[offset + 12 + ch];
    }
    dest.meanScreenGradNorm()[i] = (float) Math.sqrt(vU * vU + vV * vV);
    double absX = screen[offset + 10];
    double absY = screen[offset + 11];
    dest.meanScreenAbsGradNorm()[i] = (float) Math.sqrt(absX * absX + absY * absY);
  }

  /** The SH colour of Gaussian i (unclamped) for its view direction, into {@code s.rgb}. */
  private static void viewColor(Gaussians g, CameraFrame cam, int i, Scratch s) {
    float[] means = g.means();
    double dx = means[i * 3] - cam.center[0];
    double dy = means[i * 3 + 1] - cam.center[1];
    double dz = means[i * 3 + 2] - cam.center[2];
    double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
    // A mean exactly at the camera centre is in front of no near plane; guard the division anyway.
    double inv = len > 0 ? 1 / len : 0;
    SphericalHarmonics.basis(g.shDegree(), dx * inv, dy * inv, dz * inv, s.basis);
    SphericalHarmonics.color(g.shDegree(), g.sh(), i * g.shCoefficients() * 3, s.basis, s.rgb);
  }

  /** RS = R(q/|q|) diag(exp(logScale)), row-major 3x3. */
  private static void scaledRotation(Gaussians g, int i, double[] dest) {
    float[] q = g.rotations();
    double qw = q[i * 4];
    double qx = q[i * 4 + 1];
    double qy = q[i * 4 + 2];
    double qz = q[i * 4 + 3];
    double inv = 1 / Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
    rotation(qw * inv, qx * inv, qy * inv, qz * inv, dest);
    float[] ls = g.logScales();
    for (int col = 0; col < 3; col++) {
      double scale = Math.exp(ls[i * 3 + col]);
      dest[col] *= scale;
      dest[3 + col] *= scale;
      dest[6 + col] *= scale;
    }
  }

  /**
   * From dL/d(RS) to dL/d(log scale) and dL/d(unnormalised quaternion).
   *
   * @param rs {@code [9]} R diag(s)
   * @param vRsHalf {@code [9]} vSigma (RS); the factor 2 of d(AA^T)/dA is applied here
   * @param vR {@code [9]} scratch
   */
  private static void scaleAndRotationBackward(
      Gaussians g, int i, double[] rs, double[] vRsHalf, double[] vR, GaussianGradients dest) {
    float[] q = g.rotations();
    double qw = q[i * 4];
    double qx = q[i * 4 + 1];
    double qy = q[i * 4 + 2];
    double qz = q[i * 4 + 3];
    double norm = Math.sqrt(qw * qw + qx * qx + qy * qy + qz * qz);
    double w = qw / norm;
    double x = qx / norm;
    double y = qy / norm;
    double z = qz / norm;
    float[] ls = g.logScales();
    for (int col = 0; col < 3; col++) {
      double scale = Math.exp(ls[i * 3 + col]);
      double vScale = 0;
      for (int row = 0; row < 3; row++) {
        double vRsEntry = 2 * vRsHalf[row * 3 + col];
        // RS[row][col] = R[row][col] * s[col]
        vR[row * 3 + col] = vRsEntry * scale;
        vScale += vRsEntry * rs[row * 3 + col] / scale;
      }
      // s = exp(logScale)
      dest.logScales()[i * 3 + col] = (float) (vScale * scale);
    }
    // dR/d(w, x, y, z) of the unit-quaternion rotation matrix in rotation().
    double vw = 2 * (-z * vR[1] + y * vR[2] + z * vR[3] - x * vR[5] - y * vR[6] + x * vR[7]);
    double vx =
        2
            * (y * vR[1]
                + z * vR[2]
                + y * vR[3]
                - 2 * x * vR[4]
                - w * vR[5]
                + z * vR[6]
                + w * vR[7]
                - 2 * x * vR[8]);
    double vy =
        2
            * (-2 * y * vR[0]
                + x * vR[1]
                + w * vR[2]
                + x * vR[3]
                + z * vR[5]
                - w * vR[6]
                + z * vR[7]
                - 2 * y * vR[8]);
    double vz =
        2
            * (-2 * z * vR[0]
                - w * vR[1]
                + x * vR[2]
                + w * vR[3]
                - 2 * z * vR[4]
                + y * vR[5]
                + x * vR[6]
                + y * vR[7]);
    // q_hat = q / |q|  ->  dL/dq = (v - q_hat (q_hat . v)) / |q|.
    double dot = w * vw + x * vx + y * vy + z * vz;
    dest.rotations()[i * 4] = (float) ((vw - w * dot) / norm);
    dest.rotations()[i * 4 + 1] = (float) ((vx - x * dot) / norm);
    dest.rotations()[i * 4 + 2] = (float) ((vy - y * dot) / norm);
    dest.rotations()[i * 4 + 3] = (float) ((vz - z * dot) / norm);
  }

  /** Rotation matrix of the unit quaternion (w, x, y, z), row-major. */
  static void rotation(double w, double x, double y, double z, double[] dest) {
    dest[0] = 1 - 2 * (y * y + z * z);
    dest[1] = 2 * (x * y - w * z);
    dest[2] = 2 * (x * z + w * y);
    dest[3] = 2 * (x * y + w * z);
    dest[4] = 1 - 2 * (x * x + z * z);
    dest[5] = 2 * (y * z - w * x);
    dest[6] = 2 * (x * z - w * y);
    dest[7] = 2 * (y * z + w * x);
    dest[8] = 1 - 2 * (x * x + y * y);
  }

  static double sigmoid(double logit) {
    return 1 / (1 + Math.exp(-logit));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.min(hi, Math.max(lo, v));
  }

  /** dest = a b (3x3 row-major); dest must not alias a or b. */
  private static void mulAB(double[] a, double[] b, double[] dest) {
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        dest[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
      }
    }
  }

  /** dest = a b^T. */
  private static void mulABt(double[] a, double[] b, double[] dest) {
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        dest[r * 3 + c] =
            a[r * 3] * b[c * 3] + a[r * 3 + 1] * b[c * 3 + 1] + a[r * 3 + 2] * b[c * 3 + 2];
      }
    }
  }

  /** dest = a^T b. */
  private static void mulAtB(double[] a, double[] b, double[] dest) {
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        dest[r * 3 + c] = a[r] * b[c] + a[3 + r] * b[3 + c] + a[6 + r] * b[6 + c];
      }
    }
  }
}
