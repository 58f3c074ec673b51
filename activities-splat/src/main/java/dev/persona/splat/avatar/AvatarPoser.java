package dev.persona.splat.avatar;

import dev.persona.core.body.BodyDerivatives;
import dev.persona.core.body.BodyGradient;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.ShapedBody;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.math.Rotations;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.parallel.Chunks;
import dev.persona.splat.raster.GaussianGradients;
import java.util.Arrays;

/**
 * Poses the canonical avatar for any SMPL-X parameters and back-propagates the posed Gaussians'
 * gradients to every learned parameter. Pose, shape and translation are inputs, never learned.
 *
 * <p>Forward, per Gaussian i (ExAvatar, Moon et al. 2024, Eq. 1-2; PERSONA, Sim &amp; Moon 2025,
 * Sec. 3.2-3.3; the skinning is SMPL's, Loper et al. 2015, Eq. 2):
 *
 * <pre>
 *   x_i  = mu_i + dmu_i^static + c_i(theta, psi) + dmu_i(theta)     (canonical, model frame)
 *   M_i  = sum_j w_ij R_j,   t_i = sum_j w_ij a_j                     (A_j = [R_j | a_j])
 *   mean = M_i x_i + t_i                                             (world = model + transl)
 *   q    = polar(M_i) (x) q_i^canonical                              (Hamilton product)
 *   logS = logS_i (+ dlogS_i(theta)),  sh = sh_i (+ dc_i(theta) on the DC term),
 *   opacity logit = learned, or 20 (opacity 1 in float) when fixed
 * </pre>
 *
 * with {@code mu_i} the canonical mean ({@link CanonicalAvatar}), {@code dmu^static} the learned
 * {@code meanOffset}, {@code c_i} the pose correctives and expression offsets of the body computed
 * on its coarse mesh and carried through the subdivision (zero when the body has none), {@code
 * dmu_i(theta)} the {@link OffsetField}'s pose-driven offset and {@code A_j} the body's skinning
 * transforms from {@link BodyRig#pose} ({@link PosedBody#jointRotations()}, {@link
 * PosedBody#skinningTranslations()}).
 *
 * <p>Rotation: a blend of rotations is not a rotation, so a Gaussian's frame turns by the rotation
 * part of {@code M_i}, its polar factor (the closest rotation, by Newton's iteration {@code X <- (X
 * + X^-T)/2}, Higham 1986), while the mean takes {@code M_i} as it is (that is LBS). PERSONA's
 * isotropic Gaussians ignore rotation altogether; it matters only with {@link
 * AvatarOptions#anisotropicScale()}. The polar factor depends on the pose only, so no gradient
 * flows through it.
 *
 * <p>The identity is fixed when the avatar is built: {@code params.betas()} is not used. Stateless
 * and thread-safe; per-Gaussian loops run in fixed chunks and every sum has a fixed order, so
 * results are bit-identical for any thread count.
 */
public final class AvatarPoser {
  private static final int CHUNK = 2048;

  /** Newton steps of the polar decomposition stop when no entry moves more than this. */
  private static final double POLAR_TOLERANCE = 1e-12;

  private static final int POLAR_MAX_ITERATIONS = 30;

  private final CanonicalAvatar avatar;
  private final OffsetField field;
  private final boolean poseDrivenOffsets;

  /** A poser with PERSONA's pose-driven offsets. */
  public AvatarPoser(CanonicalAvatar avatar) {
    this(avatar, true);
  }

  /**
   * A poser with the pose-driven offsets on or off.
   *
   * @param poseDrivenOffsets false for the ablation without them: the offset field is never
   *     evaluated, every offset is zero, and the triplane and MLP get no gradient (their groups
   *     still exist, so parameters and checkpoints keep one layout)
   */
  public AvatarPoser(CanonicalAvatar avatar, boolean poseDrivenOffsets) {
    this.avatar = avatar;
    this.field = new OffsetField(avatar);
    this.poseDrivenOffsets = poseDrivenOffsets;
  }

  /** Whether the offset field runs (false: the ablation without pose-driven offsets). */
  public boolean poseDrivenOffsets() {
    return poseDrivenOffsets;
  }

  public CanonicalAvatar avatar() {
    return avatar;
  }

  public OffsetField offsetField() {
    return field;
  }

  /** Fresh parameters, see {@link CanonicalAvatar#initialParameters}. */
  public AvatarParameters initialParameters(long seed) {
    return avatar.initialParameters(field, seed);
  }

  /**
   * Poses the avatar.
   *
   * @param p the learned parameters (shapes as {@link #initialParameters})
   * @param params SMPL-X pose, expression and translation (betas ignored)
   */
  public PosedAvatar pose(AvatarParameters p, SmplxParams params) {
    checkParameters(p);
    AvatarOptions o = avatar.options();
    int n = avatar.count();
    BodyRig rig = avatar.rig();
    PosedBody body = rig.newPosedBody();
    rig.pose(shapedFor(params), params.fullPose(), params.transl(), body);
    float[] corrective = correctives(body);
    float[] sixD = new float[PoseFeatures.FEATURES];
    PoseFeatures.sixD(params.bodyPose(), sixD);
    int outs = field.outputs();
    float[] offsets = new float[n * outs];
    if (poseDrivenOffsets) {
      field.forward(p.triplane(), p.mlp(), sixD, offsets);
    }

    int k = p.shCoefficients();
    Gaussians g = new Gaussians(n, o.shDegree(), 0);
    float[] blend = new float[n * 9];
    float[] skinRotation = new float[n * 4];
    double[] q = body.jointRotations();
    double[] a = body.skinningTranslations();
    int[] start = avatar.weightStart();
    int[] joint = avatar.weightJoints();
    float[] weight = avatar.weightValues();
    float[] mu = avatar.canonicalMeans();
    float[] meanOffset = p.meanOffset();
    int d = o.scaleDimensions();
    int scaleAt = field.scaleColumn();
    int colorAt = field.colorColumn();
    Chunks.forEach(
        n,
        CHUNK,
        c -> {
          double[] m = new double[9];
          double[] polar = new double[9];
          double[] quat = new double[4];
          int end = Math.min(n, (c + 1) * CHUNK);
          for (int i = c * CHUNK; i < end; i++) {
            Arrays.fill(m, 0.0);
            double t0 = 0;
            double t1 = 0;
            double t2 = 0;
            for (int w = start[i]; w < start[i + 1]; w++) {
              int j = joint[w];
              double wj = weight[w];
              for (int e = 0; e < 9; e++) {
                m[e] += wj * q[j * 9 + e];
              }
              t0 += wj * a[j * 3];
              t1 += wj * a[j * 3 + 1];
              t2 += wj * a[j * 3 + 2];
            }
            double x = canonical(mu, meanOffset, corrective, offsets, outs, i, 0);
            double y = canonical(mu, meanOffset, corrective, offsets, outs, i, 1);
            double z = canonical(mu, meanOffset, corrective, offsets, outs, i, 2);
            float[] means = g.means();
            means[i * 3] = (float) (m[0] * x + m[1] * y + m[2] * z + t0);
            means[i * 3 + 1] = (float) (m[3] * x + m[4] * y + m[5] * z + t1);
            means[i * 3 + 2] = (float) (m[6] * x + m[7] * y + m[8] * z + t2);
            for (int e = 0; e < 9; e++) {
              blend[i * 9 + e] = (float) m[e];
            }
            polarRotation(m, polar);
            Rotations.matrixToQuaternion(polar, 0, quat, 0);
            for (int e = 0; e < 4; e++) {
              skinRotation[i * 4 + e] = (float) quat[e];
            }
            writeRotation(quat, p.rotation(), i, g.rotations());
            float[] logScales = g.logScales();
            for (int axis = 0; axis < 3; axis++) {
              float s = p.logScale()[i * d + (d == 3 ? axis : 0)];
              if (scaleAt >= 0) {
                s += offsets[i * outs + scaleAt + (d == 3 ? axis : 0)];
              }
              logScales[i * 3 + axis] = s;
            }
            System.arraycopy(p.sh(), i * k * 3, g.sh(), i * k * 3, k * 3);
            if (colorAt >= 0) {
              for (int ch = 0; ch < 3; ch++) {
                g.sh()[i * k * 3 + ch] += offsets[i * outs + colorAt + ch];
              }
            }
            g.opacityLogits()[i] =
                p.opacityLogit() != null
                    ? p.opacityLogit()[i]
                    : AvatarParameters.FIXED_OPACITY_LOGIT;
          }
        });
    return new PosedAvatar(params, g, offsets, sixD, blend, skinRotation, body, corrective);
  }

  /**
   * Back-propagates the rasterizer's gradients of the posed Gaussians to every learned parameter,
   * adding to {@code grads}; see the array form below.
   *
   * @param dPosed from {@link dev.persona.splat.raster.GaussianRasterizer#backward} on {@code
   *     posed.gaussians()}
   */
  public void backward(
      PosedAvatar posed, AvatarParameters p, GaussianGradients dPosed, AvatarParameters grads) {
    backward(
        posed,
        p,
        dPosed.means(),
        dPosed.logScales(),
        dPosed.rotations(),
        dPosed.opacityLogits(),
        dPosed.sh(),
        grads);
  }

  /**
   * As {@link #backward(PosedAvatar, AvatarParameters, GaussianGradients, AvatarParameters)}, plus
   * a loss term on the pose-driven offsets themselves (a regulariser on {@link
   * PosedAvatar#offsets()}).
   *
   * @param dOffsets {@code [N*O]} dL/d({@code posed.offsets()}) in its layout (mean part per
   *     metre), or null for none; ignored without pose-driven offsets
   */
  public void backward(
      PosedAvatar posed,
      AvatarParameters p,
      GaussianGradients dPosed,
      float[] dOffsets,
      AvatarParameters grads) {
    backward(
        posed,
        p,
        dPosed.means(),
        dPosed.logScales(),
        dPosed.rotations(),
        dPosed.opacityLogits(),
        dPosed.sh(),
        dOffsets,
        grads);
  }

  /**
   * Back-propagates the posed Gaussians' gradients, adding to {@code grads}; see the form with
   * {@code dOffsets}, here null.
   */
  public void backward(
      PosedAvatar posed,
      AvatarParameters p,
      float[] dMeans,
      float[] dLogScales,
      float[] dRotations,
      float[] dOpacityLogits,
      float[] dSh,
      AvatarParameters grads) {
    backward(posed, p, dMeans, dLogScales, dRotations, dOpacityLogits, dSh, null, grads);
  }

  /**
   * Back-propagates the posed Gaussians' gradients, adding to {@code grads}. The gradient arrays
   * have the layouts of {@link Gaussians}; {@code dOpacityLogits} is ignored when opacity is fixed,
   * {@code dRotations} when the avatar is isotropic.
   *
   * @param posed from {@link #pose} with these parameters
   * @param p the parameters posed
   * @param dMeans {@code [N*3]} dL/d(posed means)
   * @param dLogScales {@code [N*3]} dL/d(posed log-scales)
   * @param dRotations {@code [N*4]} dL/d(posed quaternions), unnormalised (w, x, y, z)
   * @param dOpacityLogits {@code [N]} dL/d(opacity logits)
   * @param dSh {@code [N*K*3]} dL/d(SH coefficients)
   * @param extraOffsets {@code [N*O]} dL/d(pose-driven offsets) from loss terms on the offsets
   *     themselves ({@link PosedAvatar#offsets()}'s layout), or null; ignored without pose-driven
   *     offsets
   * @param grads added to, shapes as {@code p}
   */
  public void backward(
      PosedAvatar posed,
      AvatarParameters p,
      float[] dMeans,
      float[] dLogScales,
      float[] dRotations,
      float[] dOpacityLogits,
      float[] dSh,
      float[] extraOffsets,
      AvatarParameters grads) {
    checkParameters(p);
    checkParameters(grads);
    int n = avatar.count();
    int k = p.shCoefficients();
    requireLength(dMeans, n * 3, "dMeans");
    requireLength(dLogScales, n * 3, "dLogScales");
    requireLength(dRotations, n * 4, "dRotations");
    requireLength(dOpacityLogits, n, "dOpacityLogits");
    requireLength(dSh, n * k * 3, "dSh");
    int outs = field.outputs();
    if (extraOffsets != null) {
      requireLength(extraOffsets, n * outs, "extraOffsets");
    }
    float[] dOffsets = new float[n * outs];
    float[] blend = posed.blend();
    float[] skin = posed.skinRotation();
    int d = p.scaleDimensions();
    int scaleAt = field.scaleColumn();
    int colorAt = field.colorColumn();
    Chunks.forEach(
        n,
        CHUNK,
        c -> {
          int end = Math.min(n, (c + 1) * CHUNK);
          for (int i = c * CHUNK; i < end; i++) {
            // mean = M x + t: dL/dx = M^T dL/dmean; x is linear in the static and pose offsets.
            double gx = dMeans[i * 3];
            double gy = dMeans[i * 3 + 1];
            double gz = dMeans[i * 3 + 2];
            int b = i * 9;
            for (int col = 0; col < 3; col++) {
              float dx =
                  (float) (blend[b + col] * gx + blend[b + 3 + col] * gy + blend[b + 6 + col] * gz);
              grads.meanOffset()[i * 3 + col] += dx;
              dOffsets[i * outs + col] = dx;
            }
            for (int axis = 0; axis < d; axis++) {
              float s =
                  d == 3
                      ? dLogScales[i * 3 + axis]
                      : dLogScales[i * 3] + dLogScales[i * 3 + 1] + dLogScales[i * 3 + 2];
              grads.logScale()[i * d + axis] += s;
              if (scaleAt >= 0) {
                dOffsets[i * outs + scaleAt + axis] = s;
              }
            }
            if (grads.rotation() != null) {
              rotationBackward(skin, dRotations, i, grads.rotation());
            }
            if (grads.opacityLogit() != null) {
              grads.opacityLogit()[i] += dOpacityLogits[i];
            }
            for (int e = i * k * 3; e < (i + 1) * k * 3; e++) {
              grads.sh()[e] += dSh[e];
            }
            if (colorAt >= 0) {
              for (int ch = 0; ch < 3; ch++) {
                dOffsets[i * outs + colorAt + ch] = dSh[i * k * 3 + ch];
              }
            }
          }
        });
    if (!poseDrivenOffsets) {
      return;
    }
    if (extraOffsets != null) {
      for (int e = 0; e < dOffsets.length; e++) {
        dOffsets[e] += extraOffsets[e];
      }
    }
    field.backward(p.triplane(), p.mlp(), posed.sixD(), dOffsets, grads.triplane(), grads.mlp());
  }

  /**
   * The gradient of a loss with respect to the SMPL-X parameters the avatar was posed at, the
   * avatar's own parameters held fixed: what test-frame pose refinement optimises. Through the
   * means only, {@code mean_i = (sum_j w_ij Q_j) x_i + sum_j w_ij a_j}, so {@code dL/dQ_j = sum_i
   * w_ij g_i x_i^T} and {@code dL/da_j = sum_i w_ij g_i} ({@code g_i = dL/dmean_i}), then {@link
   * BodyDerivatives#backwardFromSkinning} down the kinematic chain to the axis-angle pose and
   * {@code transl}. Held fixed within the call (re-evaluated at the next pose): the canonical point
   * {@code x_i}'s own dependence on the pose through the pose-driven offsets and the pose
   * correctives, and the Gaussians' rotation (the polar factor; PERSONA's Gaussians are isotropic,
   * where it does not matter). Sums run in Gaussian order on one thread, so the result is the same
   * for any thread count.
   *
   * @param posed from {@link #pose} with {@code p}
   * @param dMeans {@code [N*3]} dL/d(posed means), world frame
   * @return the gradient; {@code pose} in {@link SmplxParams#fullPose()} order, {@code transl};
   *     betas and expression are the body's (the avatar's identity is fixed, they are not used)
   */
  public BodyGradient poseGradient(PosedAvatar posed, AvatarParameters p, float[] dMeans) {
    checkParameters(p);
    int n = avatar.count();
    requireLength(dMeans, n * 3, "dMeans");
    BodyRig rig = avatar.rig();
    int nj = rig.model().jointCount();
    double[] gQ = new double[nj * 9];
    double[] gA = new double[nj * 3];
    int[] start = avatar.weightStart();
    int[] joint = avatar.weightJoints();
    float[] weight = avatar.weightValues();
    float[] mu = avatar.canonicalMeans();
    float[] meanOffset = p.meanOffset();
    float[] corrective = posed.corrective();
    float[] offsets = posed.offsets();
    int outs = field.outputs();
    for (int i = 0; i < n; i++) {
      double gx = dMeans[i * 3];
      double gy = dMeans[i * 3 + 1];
      double gz = dMeans[i * 3 + 2];
      if (gx == 0.0 && gy == 0.0 && gz == 0.0) {
        continue;
      }
      double x = canonical(mu, meanOffset, corrective, offsets, outs, i, 0);
      double y = canonical(mu, meanOffset, corrective, offsets, outs, i, 1);
      double z = canonical(mu, meanOffset, corrective, offsets, outs, i, 2);
      for (int w = start[i]; w < start[i + 1]; w++) {
        int j = joint[w];
        double wj = weight[w];
        double wx = wj * gx;
        double wy = wj * gy;
        double wz = wj * gz;
        int o = j * 9;
        gQ[o] += wx * x;
        gQ[o + 1] += wx * y;
        gQ[o + 2] += wx * z;
        gQ[o + 3] += wy * x;
        gQ[o + 4] += wy * y;
        gQ[o + 5] += wy * z;
        gQ[o + 6] += wz * x;
        gQ[o + 7] += wz * y;
        gQ[o + 8] += wz * z;
        gA[j * 3] += wx;
        gA[j * 3 + 1] += wy;
        gA[j * 3 + 2] += wz;
      }
    }
    return new BodyDerivatives(rig).backwardFromSkinning(posed.body(), gQ, gA);
  }

  /** The body shaped with the avatar's betas and the pose's expression. */
  private ShapedBody shapedFor(SmplxParams params) {
    for (double e : params.expression()) {
      if (e != 0.0) {
        return avatar.rig().shape(avatar.shaped().betas(), params.expression());
      }
    }
    return avatar.shaped();
  }

  /**
   * The coarse body's pose-corrective and expression offsets carried to the Gaussians, {@code
   * [N*3]} metres, or null when they are all zero.
   */
  private float[] correctives(PosedBody body) {
    double[] posedRest = body.posedRestVertices();
    double[] rest = avatar.shaped().restVertices();
    float[] delta = new float[rest.length];
    boolean any = false;
    for (int v = 0; v < rest.length; v++) {
      delta[v] = (float) (posedRest[v] - rest[v]);
      any |= delta[v] != 0f;
    }
    return any ? avatar.subdivide(delta, 3) : null;
  }

  private static double canonical(
      float[] mu,
      float[] meanOffset,
      float[] corrective,
      float[] offsets,
      int outs,
      int i,
      int axis) {
    double v = (double) mu[i * 3 + axis] + meanOffset[i * 3 + axis] + offsets[i * outs + axis];
    return corrective == null ? v : v + corrective[i * 3 + axis];
  }

  /** q_posed = p (x) r (Hamilton), or p itself when there is no canonical rotation. */
  private static void writeRotation(double[] pq, float[] canonical, int i, float[] dest) {
    int o = i * 4;
    if (canonical == null) {
      for (int e = 0; e < 4; e++) {
        dest[o + e] = (float) pq[e];
      }
      return;
    }
    double pw = pq[0];
    double px = pq[1];
    double py = pq[2];
    double pz = pq[3];
    double rw = canonical[o];
    double rx = canonical[o + 1];
    double ry = canonical[o + 2];
    double rz = canonical[o + 3];
    dest[o] = (float) (pw * rw - px * rx - py * ry - pz * rz);
    dest[o + 1] = (float) (pw * rx + px * rw + py * rz - pz * ry);
    dest[o + 2] = (float) (pw * ry - px * rz + py * rw + pz * rx);
    dest[o + 3] = (float) (pw * rz + px * ry - py * rx + pz * rw);
  }

  /** q = L(p) r is linear in r, so dL/dr = L(p)^T dL/dq; adds into {@code dCanonical}. */
  private static void rotationBackward(float[] skin, float[] dq, int i, float[] dCanonical) {
    int o = i * 4;
    double pw = skin[o];
    double px = skin[o + 1];
    double py = skin[o + 2];
    double pz = skin[o + 3];
    double dw = dq[o];
    double dx = dq[o + 1];
    double dy = dq[o + 2];
    double dz = dq[o + 3];
    dCanonical[o] += (float) (pw * dw + px * dx + py * dy + pz * dz);
    dCanonical[o + 1] += (float) (-px * dw + pw * dx + pz * dy - py * dz);
    dCanonical[o + 2] += (float) (-py * dw - pz * dx + pw * dy + px * dz);
    dCanonical[o + 3] += (float) (-pz * dw + py * dx - px * dy + pw * dz);
  }

  /**
   * The polar factor of {@code m} (3x3 row-major) into {@code dest}, by Newton's iteration {@code X
   * <- (X + X^-T) / 2}, which converges quadratically from any non-singular start; a singular
   * {@code m} is copied as it is.
   */
  static void polarRotation(double[] m, double[] dest) {
    System.arraycopy(m, 0, dest, 0, 9);
    for (int it = 0; it < POLAR_MAX_ITERATIONS; it++) {
      double a = dest[0];
      double b = dest[1];
      double c = dest[2];
      double d = dest[3];
      double e = dest[4];
      double f = dest[5];
      double g = dest[6];
      double h = dest[7];
      double k = dest[8];
      // Cofactor matrix: X^-T = cof(X) / det(X).
      double c00 = e * k - f * h;
      double c01 = f * g - d * k;
      double c02 = d * h - e * g;
      double c10 = c * h - b * k;
      double c11 = a * k - c * g;
      double c12 = b * g - a * h;
      double c20 = b * f - c * e;
      double c21 = c * d - a * f;
      double c22 = a * e - b * d;
      double det = a * c00 + b * c01 + c * c02;
      if (!(Math.abs(det) > 1e-300)) {
        return;
      }
      double s = 0.5 / det;
      double change = 0;
      change = Math.max(change, step(dest, 0, 0.5 * a + s * c00));
      change = Math.max(change, step(dest, 1, 0.5 * b + s * c01));
      change = Math.max(change, step(dest, 2, 0.5 * c + s * c02));
      change = Math.max(change, step(dest, 3, 0.5 * d + s * c10));
      change = Math.max(change, step(dest, 4, 0.5 * e + s * c11));
      change = Math.max(change, step(dest, 5, 0.5 * f + s * c12));
      change = Math.max(change, step(dest, 6, 0.5 * g + s * c20));
      change = Math.max(change, step(dest, 7, 0.5 * h + s * c21));
      change = Math.max(change, step(dest, 8, 0.5 * k + s * c22));
      if (change < POLAR_TOLERANCE) {
        return;
      }
    }
  }

  /** Writes {@code value} at {@code dest[i]} and returns how far it moved. */
  private static double step(double[] dest, int i, double value) {
    double moved = Math.abs(value - dest[i]);
    dest[i] = value;
    return moved;
  }

  private void checkParameters(AvatarParameters p) {
    AvatarOptions o = avatar.options();
    if (p.count() != avatar.count()
        || p.scaleDimensions() != o.scaleDimensions()
        || (p.rotation() != null) != o.anisotropicScale()
        || (p.opacityLogit() != null) != o.learnOpacity()
        || p.shCoefficients() != (o.shDegree() + 1) * (o.shDegree() + 1)
        || p.triplane().length != field.triplane().parameterCount()
        || p.mlp().length != field.mlp().parameterCount()) {
      throw new IllegalArgumentException("parameters do not fit this avatar");
    }
  }

  private static void requireLength(float[] a, int n, String what) {
    if (a.length != n) {
      throw new IllegalArgumentException(what + " must have " + n + " values, has " + a.length);
    }
  }
}
