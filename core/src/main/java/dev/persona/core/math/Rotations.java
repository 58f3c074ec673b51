package dev.persona.core.math;

import java.util.Arrays;

/**
 * Rotations in 3D as flat {@code double[]} values, written into a caller's destination so that
 * nothing allocates in a loop (JOML's style). Every method takes an array and an offset for each
 * argument.
 *
 * <p>Conventions, for every method:
 *
 * <ul>
 *   <li>Matrices are 3x3, row-major, 9 values: {@code m[r*3 + c]}. They act on column vectors,
 *       {@code v' = M v}; products compose right to left ({@code A B} applies {@code B} first).
 *   <li>Axis-angle is 3 values {@code w}: the direction is the axis, the length the angle in
 *       radians, counter-clockwise (right-handed) about the axis. SMPL-X's convention.
 *   <li>Quaternions are 4 values {@code (w, x, y, z)}, scalar first, Hamilton product.
 *   <li>The 6D representation (Zhou et al., "On the Continuity of Rotation Representations in
 *       Neural Networks", CVPR 2019) is the first two COLUMNS of the matrix: {@code (R00, R10, R20,
 *       R01, R11, R21)}. Note that PyTorch3D's {@code matrix_to_rotation_6d} takes rows instead.
 * </ul>
 *
 * <p>Destinations may alias inputs: every method reads all its inputs before it writes.
 */
public final class Rotations {
  private Rotations() {}

  /**
   * Below this angle (radians) the Rodrigues coefficients and their derivatives use their Taylor
   * series: the closed forms lose digits to cancellation ({@code (1 - cos t)/t^2} and the
   * derivatives' numerators vanish like {@code t^4}). At 0.05 the series' first omitted terms are
   * below 1e-16 and the closed forms' rounding error is below 1e-13.
   */
  private static final double SMALL_ANGLE = 0.05;

  /** Below this half-angle (radians) between two quaternions slerp becomes a normalised lerp. */
  private static final double SLERP_LINEAR_ANGLE = 1e-6;

  /** Writes the identity into {@code dest[destOffset..+9]}. */
  public static void identity(double[] dest, int destOffset) {
    for (int i = 0; i < 9; i++) {
      dest[destOffset + i] = (i % 4 == 0) ? 1.0 : 0.0;
    }
  }

  /**
   * Rodrigues' formula: {@code R = I + a K + b K^2} with {@code K = [w]x} (the skew matrix of the
   * axis-angle vector), {@code a = sin t / t}, {@code b = (1 - cos t) / t^2}, {@code t = |w|}.
   * Exact identity at {@code w = 0}, smooth through it (Taylor branch below {@link #SMALL_ANGLE}).
   *
   * @param axisAngle {@code [3]} at {@code aaOffset}, radians
   * @param dest row-major 3x3 at {@code destOffset}
   */
  public static void axisAngleToMatrix(
      double[] axisAngle, int aaOffset, double[] dest, int destOffset) {
    double x = axisAngle[aaOffset];
    double y = axisAngle[aaOffset + 1];
    double z = axisAngle[aaOffset + 2];
    double t2 = x * x + y * y + z * z;
    double a;
    double b;
    if (t2 < SMALL_ANGLE * SMALL_ANGLE) {
      a = sinOverT(t2);
      b = oneMinusCosOverT2(t2);
    } else {
      double t = Math.sqrt(t2);
      double half = Math.sin(0.5 * t);
      a = Math.sin(t) / t;
      b = 2.0 * half * half / t2;
    }
    writeRodrigues(x, y, z, a, b, dest, destOffset);
  }

  /** {@code I + a K + b K^2} for {@code K = [(x,y,z)]x}, using {@code K^2 = w w^T - |w|^2 I}. */
  private static void writeRodrigues(
      double x, double y, double z, double a, double b, double[] dest, int o) {
    double xx = x * x;
    double yy = y * y;
    double zz = z * z;
    dest[o] = 1.0 - b * (yy + zz);
    dest[o + 1] = b * x * y - a * z;
    dest[o + 2] = b * x * z + a * y;
    dest[o + 3] = b * x * y + a * z;
    dest[o + 4] = 1.0 - b * (xx + zz);
    dest[o + 5] = b * y * z - a * x;
    dest[o + 6] = b * x * z - a * y;
    dest[o + 7] = b * y * z + a * x;
    dest[o + 8] = 1.0 - b * (xx + yy);
  }

  /**
   * The derivative of {@link #axisAngleToMatrix} with respect to each axis-angle component: {@code
   * dest[destOffset + k*9 + e] = d R[e] / d w_k} for {@code k = 0..2}, 27 values.
   *
   * <p>With {@code R = I + a(s) K + b(s) K^2}, {@code s = |w|^2}, {@code K_k = [e_k]x}: {@code
   * dR/dw_k = a K_k + b (K_k K + K K_k) + 2 w_k (a' K + b' K^2)} where {@code a' = da/ds = (t cos t
   * - sin t) / (2 t^3)} and {@code b' = db/ds = (t sin t - 2(1 - cos t)) / (2 t^4)}. At {@code w =
   * 0} this is {@code K_k}, as it must be.
   *
   * @param axisAngle {@code [3]} at {@code aaOffset}, radians
   * @param dest {@code [3*9]} at {@code destOffset}, row-major matrices per component
   */
  public static void axisAngleToMatrixDerivatives(
      double[] axisAngle, int aaOffset, double[] dest, int destOffset) {
    double x = axisAngle[aaOffset];
    double y = axisAngle[aaOffset + 1];
    double z = axisAngle[aaOffset + 2];
    double s = x * x + y * y + z * z;
    double a;
    double b;
    double da;
    double db;
    if (s < SMALL_ANGLE * SMALL_ANGLE) {
      a = sinOverT(s);
      b = oneMinusCosOverT2(s);
      // Derivatives of the series in sinOverT / oneMinusCosOverT2, term by term.
      da = -1.0 / 6.0 + s * (1.0 / 60.0 + s * (-1.0 / 1680.0 + s * (1.0 / 90720.0)));
      db = -1.0 / 24.0 + s * (1.0 / 360.0 + s * (-1.0 / 13440.0 + s * (1.0 / 907200.0)));
    } else {
      double t = Math.sqrt(s);
      double sin = Math.sin(t);
      double cos = Math.cos(t);
      double half = Math.sin(0.5 * t);
      double oneMinusCos = 2.0 * half * half;
      a = sin / t;
      b = oneMinusCos / s;
      da = (t * cos - sin) / (2.0 * s * t);
      db = (t * sin - 2.0 * oneMinusCos) / (2.0 * s * s);
    }
    double[] w = {x, y, z};
    // K and K^2 of w.
    double k01 = -z;
    double k02 = y;
    double k10 = z;
    double k12 = -x;
    double k20 = -y;
    double k21 = x;
    for (int k = 0; k < 3; k++) {
      int o = destOffset + k * 9;
      // K_k K + K K_k = e_k w^T + w e_k^T - 2 w_k I (from [u]x[v]x = v u^T - (u.v) I).
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) {
          double sym = (r == k ? w[c] : 0.0) + (c == k ? w[r] : 0.0) - (r == c ? 2.0 * w[k] : 0.0);
          double kk = w[r] * w[c] - (r == c ? s : 0.0);
          dest[o + r * 3 + c] = b * sym + 2.0 * w[k] * db * kk;
        }
      }
      // a K_k + 2 w_k a' K: both skew, added to the off-diagonal entries.
      double ex = k == 0 ? 1.0 : 0.0;
      double ey = k == 1 ? 1.0 : 0.0;
      double ez = k == 2 ? 1.0 : 0.0;
      double g = 2.0 * w[k] * da;
      dest[o + 1] += a * -ez + g * k01;
      dest[o + 2] += a * ey + g * k02;
      dest[o + 3] += a * ez + g * k10;
      dest[o + 5] += a * -ex + g * k12;
      dest[o + 6] += a * -ey + g * k20;
      dest[o + 7] += a * ex + g * k21;
    }
  }

  /** {@code sin t / t} as a series in {@code s = t^2}; accurate to 1e-16 for t below 0.05. */
  private static double sinOverT(double s) {
    return 1.0 + s * (-1.0 / 6.0 + s * (1.0 / 120.0 + s * (-1.0 / 5040.0 + s * (1.0 / 362880.0))));
  }

  /** {@code (1 - cos t) / t^2} as a series in {@code s = t^2}. */
  private static double oneMinusCosOverT2(double s) {
    return 0.5 + s * (-1.0 / 24.0 + s * (1.0 / 720.0 + s * (-1.0 / 40320.0 + s / 3628800.0)));
  }

  /**
   * The axis-angle of a rotation matrix, angle in {@code [0, pi]}; accurate near 0 and near pi
   * (through {@link #matrixToQuaternion}, whose branch choice avoids the {@code sin t -> 0}
   * division of the textbook formula). At exactly pi either of the two equivalent axes may come
   * back.
   *
   * @param matrix row-major 3x3 rotation at {@code mOffset}
   * @param dest {@code [3]} at {@code destOffset}, radians
   */
  public static void matrixToAxisAngle(
      double[] matrix, int mOffset, double[] dest, int destOffset) {
    double[] q = new double[4];
    matrixToQuaternion(matrix, mOffset, q, 0);
    quaternionToAxisAngle(q, 0, dest, destOffset);
  }

  /**
   * Shepperd's method (J. Guidance and Control 1(3), 1978): takes the square root of the largest of
   * {@code 1 + trace}, {@code 1 + 2 R00 - trace}, ... so the division is never by a small number.
   * The result is normalised with {@code w >= 0}.
   *
   * @param matrix row-major 3x3 rotation at {@code mOffset}
   * @param dest quaternion {@code (w, x, y, z)} at {@code destOffset}
   */
  public static void matrixToQuaternion(
      double[] matrix, int mOffset, double[] dest, int destOffset) {
    double m00 = matrix[mOffset];
    double m01 = matrix[mOffset + 1];
    double m02 = matrix[mOffset + 2];
    double m10 = matrix[mOffset + 3];
    double m11 = matrix[mOffset + 4];
    double m12 = matrix[mOffset + 5];
    double m20 = matrix[mOffset + 6];
    double m21 = matrix[mOffset + 7];
    double m22 = matrix[mOffset + 8];
    double trace = m00 + m11 + m22;
    double w;
    double x;
    double y;
    double z;
    if (trace >= m00 && trace >= m11 && trace >= m22) {
      double r = Math.sqrt(1.0 + trace);
      double f = 0.5 / r;
      w = 0.5 * r;
      x = (m21 - m12) * f;
      y = (m02 - m20) * f;
      z = (m10 - m01) * f;
    } else if (m00 >= m11 && m00 >= m22) {
      double r = Math.sqrt(1.0 + m00 - m11 - m22);
      double f = 0.5 / r;
      x = 0.5 * r;
      w = (m21 - m12) * f;
      y = (m01 + m10) * f;
      z = (m02 + m20) * f;
    } else if (m11 >= m22) {
      double r = Math.sqrt(1.0 - m00 + m11 - m22);
      double f = 0.5 / r;
      y = 0.5 * r;
      w = (m02 - m20) * f;
      x = (m01 + m10) * f;
      z = (m12 + m21) * f;
    } else {
      double r = Math.sqrt(1.0 - m00 - m11 + m22);
      double f = 0.5 / r;
      z = 0.5 * r;
      w = (m10 - m01) * f;
      x = (m02 + m20) * f;
      y = (m12 + m21) * f;
    }
    double sign = w < 0 ? -1.0 : 1.0;
    double n = sign / Math.sqrt(w * w + x * x + y * y + z * z);
    dest[destOffset] = w * n;
    dest[destOffset + 1] = x * n;
    dest[destOffset + 2] = y * n;
    dest[destOffset + 3] = z * n;
  }

  /**
   * The rotation matrix of a quaternion. The quaternion need not be unit length (it is scaled by
   * {@code 2 / |q|^2}), but must not be zero.
   *
   * @param quaternion {@code (w, x, y, z)} at {@code qOffset}
   * @param dest row-major 3x3 at {@code destOffset}
   */
  public static void quaternionToMatrix(
      double[] quaternion, int qOffset, double[] dest, int destOffset) {
    double w = quaternion[qOffset];
    double x = quaternion[qOffset + 1];
    double y = quaternion[qOffset + 2];
    double z = quaternion[qOffset + 3];
    double s = 2.0 / (w * w + x * x + y * y + z * z);
    double xx = s * x * x;
    double yy = s * y * y;
    double zz = s * z * z;
    double xy = s * x * y;
    double xz = s * x * z;
    double yz = s * y * z;
    double wx = s * w * x;
    double wy = s * w * y;
    double wz = s * w * z;
    dest[destOffset] = 1.0 - yy - zz;
    dest[destOffset + 1] = xy - wz;
    dest[destOffset + 2] = xz + wy;
    dest[destOffset + 3] = xy + wz;
    dest[destOffset + 4] = 1.0 - xx - zz;
    dest[destOffset + 5] = yz - wx;
    dest[destOffset + 6] = xz - wy;
    dest[destOffset + 7] = yz + wx;
    dest[destOffset + 8] = 1.0 - xx - yy;
  }

  /**
   * {@code q = (cos(t/2), sin(t/2) w/t)}, {@code t = |w|}; a series for {@code sin(t/2)/t} near 0.
   *
   * @param axisAngle {@code [3]} at {@code aaOffset}, radians
   * @param dest unit quaternion {@code (w, x, y, z)} at {@code destOffset}
   */
  public static void axisAngleToQuaternion(
      double[] axisAngle, int aaOffset, double[] dest, int destOffset) {
    double x = axisAngle[aaOffset];
    double y = axisAngle[aaOffset + 1];
    double z = axisAngle[aaOffset + 2];
    double s = x * x + y * y + z * z;
    double f;
    double c;
    if (s < SMALL_ANGLE * SMALL_ANGLE) {
      f = 0.5 + s * (-1.0 / 48.0 + s * (1.0 / 3840.0 - s / 645120.0));
      c = 1.0 + s * (-1.0 / 8.0 + s * (1.0 / 384.0 - s / 46080.0));
    } else {
      double t = Math.sqrt(s);
      f = Math.sin(0.5 * t) / t;
      c = Math.cos(0.5 * t);
    }
    dest[destOffset] = c;
    dest[destOffset + 1] = f * x;
    dest[destOffset + 2] = f * y;
    dest[destOffset + 3] = f * z;
  }

  /**
   * The axis-angle of a quaternion (normalised first), angle in {@code [0, pi]}: {@code t = 2
   * atan2(|v|, |w|)}, which stays accurate at both ends where {@code acos} would not.
   *
   * @param quaternion non-zero {@code (w, x, y, z)} at {@code qOffset}
   * @param dest {@code [3]} at {@code destOffset}, radians
   */
  public static void quaternionToAxisAngle(
      double[] quaternion, int qOffset, double[] dest, int destOffset) {
    double w = quaternion[qOffset];
    double x = quaternion[qOffset + 1];
    double y = quaternion[qOffset + 2];
    double z = quaternion[qOffset + 3];
    if (w < 0) {
      w = -w;
      x = -x;
      y = -y;
      z = -z;
    }
    double v = Math.sqrt(x * x + y * y + z * z);
    double n = Math.sqrt(w * w + v * v);
    double factor;
    if (v < 1e-8 * n) {
      // 2 atan(v/w) / v, to first order in (v/w)^2; exact to rounding at this size.
      double r = v / w;
      factor = 2.0 / w * (1.0 - r * r / 3.0);
    } else {
      factor = 2.0 * Math.atan2(v, w) / v;
    }
    dest[destOffset] = x * factor;
    dest[destOffset + 1] = y * factor;
    dest[destOffset + 2] = z * factor;
  }

  /**
   * Hamilton product {@code a b} (applies {@code b} first, then {@code a}, as matrices do).
   *
   * @param a {@code (w, x, y, z)} at {@code aOffset}
   * @param b {@code (w, x, y, z)} at {@code bOffset}
   * @param dest {@code (w, x, y, z)} at {@code destOffset}
   */
  public static void quaternionMultiply(
      double[] a, int aOffset, double[] b, int bOffset, double[] dest, int destOffset) {
    double aw = a[aOffset];
    double ax = a[aOffset + 1];
    double ay = a[aOffset + 2];
    double az = a[aOffset + 3];
    double bw = b[bOffset];
    double bx = b[bOffset + 1];
    double by = b[bOffset + 2];
    double bz = b[bOffset + 3];
    dest[destOffset] = aw * bw - ax * bx - ay * by - az * bz;
    dest[destOffset + 1] = aw * bx + ax * bw + ay * bz - az * by;
    dest[destOffset + 2] = aw * by - ax * bz + ay * bw + az * bx;
    dest[destOffset + 3] = aw * bz + ax * by - ay * bx + az * bw;
  }

  /**
   * Scales a quaternion to unit length in place.
   *
   * @param quaternion non-zero {@code (w, x, y, z)} at {@code qOffset}
   */
  public static void quaternionNormalize(double[] quaternion, int qOffset) {
    double w = quaternion[qOffset];
    double x = quaternion[qOffset + 1];
    double y = quaternion[qOffset + 2];
    double z = quaternion[qOffset + 3];
    double n = 1.0 / Math.sqrt(w * w + x * x + y * y + z * z);
    quaternion[qOffset] = w * n;
    quaternion[qOffset + 1] = x * n;
    quaternion[qOffset + 2] = y * n;
    quaternion[qOffset + 3] = z * n;
  }

  /**
   * Spherical linear interpolation of unit quaternions (Shoemake 1985): {@code q(t) = (sin((1-t) O)
   * a + sin(t O) b) / sin O}, {@code cos O = a . b}, along the shorter arc ({@code b} is negated
   * when {@code a . b < 0}, since q and -q are the same rotation), so the rotation turns at
   * constant angular speed about a fixed axis. Where the two are within {@code 1e-6} rad the
   * formula loses precision and normalised linear interpolation, equal to it to that order, is
   * used. {@code t = 0} gives {@code a} (normalised).
   *
   * @param a unit {@code (w, x, y, z)} at {@code aOffset}
   * @param b unit {@code (w, x, y, z)} at {@code bOffset}
   * @param t fraction of the way from {@code a} to {@code b}, in [0, 1]
   * @param dest {@code (w, x, y, z)} at {@code destOffset} (may alias neither input)
   */
  public static void quaternionSlerp(
      double[] a, int aOffset, double[] b, int bOffset, double t, double[] dest, int destOffset) {
    double dot = 0;
    for (int e = 0; e < 4; e++) {
      dot += a[aOffset + e] * b[bOffset + e];
    }
    double sign = dot < 0 ? -1 : 1;
    dot = Math.min(1.0, Math.abs(dot));
    double wa;
    double wb;
    double omega = Math.acos(dot);
    if (omega < SLERP_LINEAR_ANGLE) {
      wa = 1 - t;
      wb = t;
    } else {
      double s = Math.sin(omega);
      wa = Math.sin((1 - t) * omega) / s;
      wb = Math.sin(t * omega) / s;
    }
    for (int e = 0; e < 4; e++) {
      dest[destOffset + e] = wa * a[aOffset + e] + sign * wb * b[bOffset + e];
    }
    quaternionNormalize(dest, destOffset);
  }

  /**
   * The 6D representation: the first two columns, {@code (R00, R10, R20, R01, R11, R21)}.
   *
   * @param matrix row-major 3x3 at {@code mOffset}
   * @param dest {@code [6]} at {@code destOffset}
   */
  public static void matrixToSixD(double[] matrix, int mOffset, double[] dest, int destOffset) {
    double m00 = matrix[mOffset];
    double m10 = matrix[mOffset + 3];
    double m20 = matrix[mOffset + 6];
    double m01 = matrix[mOffset + 1];
    double m11 = matrix[mOffset + 4];
    double m21 = matrix[mOffset + 7];
    dest[destOffset] = m00;
    dest[destOffset + 1] = m10;
    dest[destOffset + 2] = m20;
    dest[destOffset + 3] = m01;
    dest[destOffset + 4] = m11;
    dest[destOffset + 5] = m21;
  }

  /**
   * Zhou et al.'s Gram-Schmidt map from 6D to a rotation (their Eq. 15-16): {@code b1 = N(a1)},
   * {@code b2 = N(a2 - (b1.a2) b1)}, {@code b3 = b1 x b2}, the columns of {@code R}; {@code a1 =
   * sixD[0..2]}, {@code a2 = sixD[3..5]}. The two halves must be non-zero and not parallel.
   *
   * @param sixD {@code [6]} at {@code sOffset}
   * @param dest row-major 3x3 at {@code destOffset}
   */
  public static void sixDToMatrix(double[] sixD, int sOffset, double[] dest, int destOffset) {
    double a1x = sixD[sOffset];
    double a1y = sixD[sOffset + 1];
    double a1z = sixD[sOffset + 2];
    double a2x = sixD[sOffset + 3];
    double a2y = sixD[sOffset + 4];
    double a2z = sixD[sOffset + 5];
    double n1 = 1.0 / Math.sqrt(a1x * a1x + a1y * a1y + a1z * a1z);
    double b1x = a1x * n1;
    double b1y = a1y * n1;
    double b1z = a1z * n1;
    double d = b1x * a2x + b1y * a2y + b1z * a2z;
    double ux = a2x - d * b1x;
    double uy = a2y - d * b1y;
    double uz = a2z - d * b1z;
    double n2 = 1.0 / Math.sqrt(ux * ux + uy * uy + uz * uz);
    double b2x = ux * n2;
    double b2y = uy * n2;
    double b2z = uz * n2;
    writeColumns(b1x, b1y, b1z, b2x, b2y, b2z, dest, destOffset);
  }

  /** Writes the matrix with columns {@code b1}, {@code b2}, {@code b1 x b2}. */
  private static void writeColumns(
      double b1x,
      double b1y,
      double b1z,
      double b2x,
      double b2y,
      double b2z,
      double[] dest,
      int o) {
    dest[o] = b1x;
    dest[o + 3] = b1y;
    dest[o + 6] = b1z;
    dest[o + 1] = b2x;
    dest[o + 4] = b2y;
    dest[o + 7] = b2z;
    dest[o + 2] = b1y * b2z - b1z * b2y;
    dest[o + 5] = b1z * b2x - b1x * b2z;
    dest[o + 8] = b1x * b2y - b1y * b2x;
  }

  /**
   * The Jacobian of {@link #sixDToMatrix}: {@code dest[destOffset + k*9 + e] = d R[e] / d sixD[k]}
   * for {@code k = 0..5}, 54 values. Forward-mode through Gram-Schmidt, using {@code dN(x) = (I - n
   * n^T) dx / |x|}.
   *
   * @param sixD {@code [6]} at {@code sOffset}
   * @param dest {@code [6*9]} at {@code destOffset}, row-major matrices per component
   */
  public static void sixDToMatrixDerivatives(
      double[] sixD, int sOffset, double[] dest, int destOffset) {
    double[] a1 = {sixD[sOffset], sixD[sOffset + 1], sixD[sOffset + 2]};
    double[] a2 = {sixD[sOffset + 3], sixD[sOffset + 4], sixD[sOffset + 5]};
    double len1 = Math.sqrt(dot(a1, a1));
    double[] b1 = {a1[0] / len1, a1[1] / len1, a1[2] / len1};
    double d = dot(b1, a2);
    double[] u = {a2[0] - d * b1[0], a2[1] - d * b1[1], a2[2] - d * b1[2]};
    double lenU = Math.sqrt(dot(u, u));
    double[] b2 = {u[0] / lenU, u[1] / lenU, u[2] / lenU};
    double[] db1 = new double[3];
    double[] da1 = new double[3];
    double[] da2 = new double[3];
    double[] du = new double[3];
    double[] db2 = new double[3];
    for (int k = 0; k < 6; k++) {
      Arrays.fill(da1, 0.0);
      Arrays.fill(da2, 0.0);
      if (k < 3) {
        da1[k] = 1.0;
      } else {
        da2[k - 3] = 1.0;
      }
      normalizeDerivative(b1, len1, da1, db1);
      // u = a2 - (b1.a2) b1
      double dd = dot(db1, a2) + dot(b1, da2);
      for (int i = 0; i < 3; i++) {
        du[i] = da2[i] - dd * b1[i] - d * db1[i];
      }
      normalizeDerivative(b2, lenU, du, db2);
      int o = destOffset + k * 9;
      // d(b1 x b2) = db1 x b2 + b1 x db2
      double db3x = db1[1] * b2[2] - db1[2] * b2[1] + b1[1] * db2[2] - b1[2] * db2[1];
      double db3y = db1[2] * b2[0] - db1[0] * b2[2] + b1[2] * db2[0] - b1[0] * db2[2];
      double db3z = db1[0] * b2[1] - db1[1] * b2[0] + b1[0] * db2[1] - b1[1] * db2[0];
      dest[o] = db1[0];
      dest[o + 3] = db1[1];
      dest[o + 6] = db1[2];
      dest[o + 1] = db2[0];
      dest[o + 4] = db2[1];
      dest[o + 7] = db2[2];
      dest[o + 2] = db3x;
      dest[o + 5] = db3y;
      dest[o + 8] = db3z;
    }
  }

  /** {@code dn = (dx - n (n.dx)) / len} for {@code n = x / len}. */
  private static void normalizeDerivative(double[] n, double len, double[] dx, double[] dn) {
    double p = dot(n, dx);
    for (int i = 0; i < 3; i++) {
      dn[i] = (dx[i] - n[i] * p) / len;
    }
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  /**
   * {@code dest = a b} (3x3, row-major).
   *
   * @param a row-major 3x3 at {@code aOffset}
   * @param b row-major 3x3 at {@code bOffset}
   * @param dest row-major 3x3 at {@code destOffset}
   */
  public static void multiply(
      double[] a, int aOffset, double[] b, int bOffset, double[] dest, int destOffset) {
    product(a, aOffset, false, b, bOffset, false, dest, destOffset);
  }

  /** {@code dest = a^T b} (3x3, row-major); see {@link #multiply}. */
  public static void multiplyTransposeLeft(
      double[] a, int aOffset, double[] b, int bOffset, double[] dest, int destOffset) {
    product(a, aOffset, true, b, bOffset, false, dest, destOffset);
  }

  /** {@code dest = a b^T} (3x3, row-major); see {@link #multiply}. */
  public static void multiplyTransposeRight(
      double[] a, int aOffset, double[] b, int bOffset, double[] dest, int destOffset) {
    product(a, aOffset, false, b, bOffset, true, dest, destOffset);
  }

  private static void product(
      double[] a,
      int ao,
      boolean transposeA,
      double[] b,
      int bo,
      boolean transposeB,
      double[] dest,
      int o) {
    double r00 = 0;
    double r01 = 0;
    double r02 = 0;
    double r10 = 0;
    double r11 = 0;
    double r12 = 0;
    double r20 = 0;
    double r21 = 0;
    double r22 = 0;
    for (int k = 0; k < 3; k++) {
      double a0 = transposeA ? a[ao + k * 3] : a[ao + k];
      double a1 = transposeA ? a[ao + k * 3 + 1] : a[ao + 3 + k];
      double a2 = transposeA ? a[ao + k * 3 + 2] : a[ao + 6 + k];
      double b0 = transposeB ? b[bo + k] : b[bo + k * 3];
      double b1 = transposeB ? b[bo + 3 + k] : b[bo + k * 3 + 1];
      double b2 = transposeB ? b[bo + 6 + k] : b[bo + k * 3 + 2];
      r00 += a0 * b0;
      r01 += a0 * b1;
      r02 += a0 * b2;
      r10 += a1 * b0;
      r11 += a1 * b1;
      r12 += a1 * b2;
      r20 += a2 * b0;
      r21 += a2 * b1;
      r22 += a2 * b2;
    }
    dest[o] = r00;
    dest[o + 1] = r01;
    dest[o + 2] = r02;
    dest[o + 3] = r10;
    dest[o + 4] = r11;
    dest[o + 5] = r12;
    dest[o + 6] = r20;
    dest[o + 7] = r21;
    dest[o + 8] = r22;
  }

  /**
   * {@code dest = m^T} (3x3, row-major).
   *
   * @param m row-major 3x3 at {@code mOffset}
   * @param dest row-major 3x3 at {@code destOffset}
   */
  public static void transpose(double[] m, int mOffset, double[] dest, int destOffset) {
    double m01 = m[mOffset + 1];
    double m02 = m[mOffset + 2];
    double m12 = m[mOffset + 5];
    dest[destOffset] = m[mOffset];
    dest[destOffset + 4] = m[mOffset + 4];
    dest[destOffset + 8] = m[mOffset + 8];
    dest[destOffset + 1] = m[mOffset + 3];
    dest[destOffset + 2] = m[mOffset + 6];
    dest[destOffset + 5] = m[mOffset + 7];
    dest[destOffset + 3] = m01;
    dest[destOffset + 6] = m02;
    dest[destOffset + 7] = m12;
  }

  /**
   * {@code dest = m v} for a 3-vector.
   *
   * @param m row-major 3x3 at {@code mOffset}
   * @param v {@code [3]} at {@code vOffset}
   * @param dest {@code [3]} at {@code destOffset}
   */
  public static void transform(
      double[] m, int mOffset, double[] v, int vOffset, double[] dest, int destOffset) {
    double x = v[vOffset];
    double y = v[vOffset + 1];
    double z = v[vOffset + 2];
    dest[destOffset] = m[mOffset] * x + m[mOffset + 1] * y + m[mOffset + 2] * z;
    dest[destOffset + 1] = m[mOffset + 3] * x + m[mOffset + 4] * y + m[mOffset + 5] * z;
    dest[destOffset + 2] = m[mOffset + 6] * x + m[mOffset + 7] * y + m[mOffset + 8] * z;
  }

  /**
   * {@code dest = m^T v} for a 3-vector.
   *
   * @param m row-major 3x3 at {@code mOffset}
   * @param v {@code [3]} at {@code vOffset}
   * @param dest {@code [3]} at {@code destOffset}
   */
  public static void transformTransposed(
      double[] m, int mOffset, double[] v, int vOffset, double[] dest, int destOffset) {
    double x = v[vOffset];
    double y = v[vOffset + 1];
    double z = v[vOffset + 2];
    dest[destOffset] = m[mOffset] * x + m[mOffset + 3] * y + m[mOffset + 6] * z;
    dest[destOffset + 1] = m[mOffset + 1] * x + m[mOffset + 4] * y + m[mOffset + 7] * z;
    dest[destOffset + 2] = m[mOffset + 2] * x + m[mOffset + 5] * y + m[mOffset + 8] * z;
  }
}
