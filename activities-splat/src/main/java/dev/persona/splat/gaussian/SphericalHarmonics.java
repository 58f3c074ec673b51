package dev.persona.splat.gaussian;

import java.util.Arrays;

/**
 * Real spherical harmonics of degree 0..3 as 3DGS and gsplat evaluate them for view-dependent
 * colour: the basis functions are the standard real SH polynomials in the unit view direction (x,
 * y, z), ordered by degree then order m = -l..l, with the constants of Kerbl et al. 2023 ({@code
 * forward.cu computeColorFromSH}) and gsplat ({@code spherical_harmonics}).
 *
 * <p>Colour for channel c: {@code max(0, sum_k Y_k(d) sh[k][c] + 0.5)}, d the unit direction from
 * the camera centre to the Gaussian's mean, in world axes. Stateless; callers pass scratch arrays
 * so that nothing allocates per Gaussian.
 */
public final class SphericalHarmonics {
  /** Y_1 constant, sqrt(3 / (4 pi)). */
  static final double C1 = 0.4886025119029199;

  /** Y_2 constants (m = -2..2). */
  static final double C2_0 = 1.0925484305920792;

  static final double C2_1 = -1.0925484305920792;
  static final double C2_2 = 0.31539156525252005;
  static final double C2_3 = -1.0925484305920792;
  static final double C2_4 = 0.5462742152960396;

  /** Y_3 constants (m = -3..3). */
  static final double C3_0 = -0.5900435899266435;

  static final double C3_1 = 2.890611442640554;
  static final double C3_2 = -0.4570457994644658;
  static final double C3_3 = 0.3731763325901154;
  static final double C3_4 = -0.4570457994644658;
  static final double C3_5 = 1.445305721320277;
  static final double C3_6 = -0.5900435899266435;

  private SphericalHarmonics() {}

  /**
   * The basis values Y_k(d) for k = 0..(degree+1)^2 - 1.
   *
   * @param x unit direction, world axes (x^2 + y^2 + z^2 = 1)
   * @param dest {@code [>= (degree+1)^2]} receives the values
   */
  public static void basis(int degree, double x, double y, double z, double[] dest) {
    dest[0] = Gaussians.SH_C0;
    if (degree < 1) {
      return;
    }
    dest[1] = -C1 * y;
    dest[2] = C1 * z;
    dest[3] = -C1 * x;
    if (degree < 2) {
      return;
    }
    double xx = x * x;
    double yy = y * y;
    double zz = z * z;
    dest[4] = C2_0 * x * y;
    dest[5] = C2_1 * y * z;
    dest[6] = C2_2 * (2 * zz - xx - yy);
    dest[7] = C2_3 * x * z;
    dest[8] = C2_4 * (xx - yy);
    if (degree < 3) {
      return;
    }
    dest[9] = C3_0 * y * (3 * xx - yy);
    dest[10] = C3_1 * x * y * z;
    dest[11] = C3_2 * y * (4 * zz - xx - yy);
    dest[12] = C3_3 * z * (2 * zz - 3 * xx - 3 * yy);
    dest[13] = C3_4 * x * (4 * zz - xx - yy);
    dest[14] = C3_5 * z * (xx - yy);
    dest[15] = C3_6 * x * (xx - 3 * yy);
  }

  /**
   * The partial derivatives of each basis polynomial with respect to the (unnormalised) direction
   * components, {@code dest[k*3 + j] = dY_k / dd_j}, evaluated at (x, y, z).
   *
   * @param dest {@code [>= 3 (degree+1)^2]}
   */
  public static void basisGradient(int degree, double x, double y, double z, double[] dest) {
    Arrays.fill(dest, 0, 3 * (degree + 1) * (degree + 1), 0.0);
    if (degree < 1) {
      return;
    }
    dest[1 * 3 + 1] = -C1;
    dest[2 * 3 + 2] = C1;
    dest[3 * 3] = -C1;
    if (degree < 2) {
      return;
    }
    double xx = x * x;
    double yy = y * y;
    double zz = z * z;
    set(dest, 4, C2_0 * y, C2_0 * x, 0);
    set(dest, 5, 0, C2_1 * z, C2_1 * y);
    set(dest, 6, -2 * C2_2 * x, -2 * C2_2 * y, 4 * C2_2 * z);
    set(dest, 7, C2_3 * z, 0, C2_3 * x);
    set(dest, 8, 2 * C2_4 * x, -2 * C2_4 * y, 0);
    if (degree < 3) {
      return;
    }
    set(dest, 9, 6 * C3_0 * x * y, C3_0 * (3 * xx - 3 * yy), 0);
    set(dest, 10, C3_1 * y * z, C3_1 * x * z, C3_1 * x * y);
    set(dest, 11, -2 * C3_2 * x * y, C3_2 * (4 * zz - xx - 3 * yy), 8 * C3_2 * y * z);
    set(dest, 12, -6 * C3_3 * x * z, -6 * C3_3 * y * z, C3_3 * (6 * zz - 3 * xx - 3 * yy));
    set(dest, 13, C3_4 * (4 * zz - 3 * xx - yy), -2 * C3_4 * x * y, 8 * C3_4 * x * z);
    set(dest, 14, 2 * C3_5 * x * z, -2 * C3_5 * y * z, C3_5 * (xx - yy));
    set(dest, 15, C3_6 * (3 * xx - 3 * yy), -6 * C3_6 * x * y, 0);
  }

  private static void set(double[] dest, int k, double dx, double dy, double dz) {
    dest[k * 3] = dx;
    dest[k * 3 + 1] = dy;
    dest[k * 3 + 2] = dz;
  }

  /**
   * The colour of one Gaussian seen along a view direction, before the clamp: {@code sum_k Y_k
   * sh[k][c] + 0.5}. The caller clamps at zero (and remembers which channels it clamped, whose
   * gradient is zero).
   *
   * @param sh {@code [N*K*3]} coefficients as in {@link Gaussians#sh()}
   * @param offset index of the Gaussian's first coefficient, {@code i*K*3}
   * @param basis {@code [K]} values from {@link #basis}
   * @param destRgb {@code [3]} receives the unclamped colour
   */
  public static void color(int degree, float[] sh, int offset, double[] basis, double[] destRgb) {
    int k = (degree + 1) * (degree + 1);
    double r = 0.5;
    double g = 0.5;
    double b = 0.5;
    for (int j = 0; j < k; j++) {
      double y = basis[j];
      int o = offset + j * 3;
      r += y * sh[o];
      g += y * sh[o + 1];
      b += y * sh[o + 2];
    }
    destRgb[0] = r;
    destRgb[1] = g;
    destRgb[2] = b;
  }

  /**
   * The vector-Jacobian product of {@link #color} (unclamped): given dL/dcolour, adds dL/dsh to
   * {@code destSh} and returns dL/dd (d the unit direction) in {@code destDir}.
   *
   * @param vRgb {@code [3]} dL/dcolour, already zero for clamped channels
   * @param basis {@code [K]} values from {@link #basis}
   * @param basisGradient {@code [3K]} from {@link #basisGradient}
   * @param destSh {@code [N*K*3]} receives dL/dsh at {@code offset} (added)
   * @param destDir {@code [3]} receives dL/dd (overwritten)
   */
  public static void colorVjp(
      int degree,
      float[] sh,
      int offset,
      double[] basis,
      double[] basisGradient,
      double[] vRgb,
      float[] destSh,
      double[] destDir) {
    int k = (degree + 1) * (degree + 1);
    double vx = 0;
    double vy = 0;
    double vz = 0;
    for (int j = 0; j < k; j++) {
      int o = offset + j * 3;
      destSh[o] += (float) (basis[j] * vRgb[0]);
      destSh[o + 1] += (float) (basis[j] * vRgb[1]);
      destSh[o + 2] += (float) (basis[j] * vRgb[2]);
      double dot = sh[o] * vRgb[0] + sh[o + 1] * vRgb[1] + sh[o + 2] * vRgb[2];
      vx += dot * basisGradient[j * 3];
      vy += dot * basisGradient[j * 3 + 1];
      vz += dot * basisGradient[j * 3 + 2];
    }
    destDir[0] = vx;
    destDir[1] = vy;
    destDir[2] = vz;
  }
}
