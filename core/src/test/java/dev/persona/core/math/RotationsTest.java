package dev.persona.core.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RotationsTest {
  /** Closed-form identities in double: a few ulps of values of order 1, with headroom. */
  private static final double EXACT = 1e-12;

  /**
   * Central differences with step 1e-6 in double: truncation error ~h^2 * |R'''| ~ 1e-12, rounding
   * ~eps/h ~ 1e-10; 1e-8 leaves two orders of margin and still fails a wrong term.
   */
  private static final double FD = 1e-8;

  private static final double STEP = 1e-6;

  private final Random random = new Random(42);

  private double[] randomAxisAngle(double maxAngle) {
    double[] axis = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
    double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
    double angle = random.nextDouble() * maxAngle;
    return new double[] {axis[0] / n * angle, axis[1] / n * angle, axis[2] / n * angle};
  }

  private static double[] matrix(double[] aa) {
    double[] m = new double[9];
    Rotations.axisAngleToMatrix(aa, 0, m, 0);
    return m;
  }

  private static void assertRotation(double[] m) {
    double[] mtm = new double[9];
    Rotations.multiplyTransposeLeft(m, 0, m, 0, mtm, 0);
    double[] id = new double[9];
    Rotations.identity(id, 0);
    assertArrayEquals(id, mtm, EXACT, "R^T R = I");
    double det =
        m[0] * (m[4] * m[8] - m[5] * m[7])
            - m[1] * (m[3] * m[8] - m[5] * m[6])
            + m[2] * (m[3] * m[7] - m[4] * m[6]);
    assertEquals(1.0, det, EXACT, "det R = 1");
  }

  @Test
  void quarterTurnAboutZMapsXToY() {
    double[] m = matrix(new double[] {0, 0, Math.PI / 2});
    double[] v = new double[3];
    Rotations.transform(m, 0, new double[] {1, 0, 0}, 0, v, 0);
    assertArrayEquals(new double[] {0, 1, 0}, v, EXACT);
  }

  @Test
  void rodriguesAgreesWithQuaternionPathAndIsOrthonormal() {
    for (int i = 0; i < 200; i++) {
      double[] aa = randomAxisAngle(i % 2 == 0 ? 3.1 : 0.06);
      double[] m = matrix(aa);
      assertRotation(m);
      double[] q = new double[4];
      Rotations.axisAngleToQuaternion(aa, 0, q, 0);
      double[] m2 = new double[9];
      Rotations.quaternionToMatrix(q, 0, m2, 0);
      assertArrayEquals(m, m2, EXACT);
    }
  }

  @Test
  void axisAngleRoundTripsThroughMatrixAtAllAngles() {
    double[] angles = {0.0, 1e-12, 1e-7, 0.049, 0.051, 1.0, 3.0, Math.PI - 1e-6};
    for (double angle : angles) {
      for (int i = 0; i < 20; i++) {
        double[] aa = randomAxisAngle(1.0);
        double n = Math.sqrt(aa[0] * aa[0] + aa[1] * aa[1] + aa[2] * aa[2]);
        for (int c = 0; c < 3; c++) {
          aa[c] = aa[c] / n * angle;
        }
        double[] back = new double[3];
        Rotations.matrixToAxisAngle(matrix(aa), 0, back, 0);
        // Near pi the axis is recovered from the symmetric part with error ~eps/(pi - t) ~ 1e-10.
        assertArrayEquals(aa, back, angle > 3.0 ? 1e-9 : EXACT, "angle " + angle);
      }
    }
  }

  @Test
  void halfTurnRecoversAxisUpToSign() {
    for (int i = 0; i < 20; i++) {
      double[] aa = randomAxisAngle(1.0);
      double n = Math.sqrt(aa[0] * aa[0] + aa[1] * aa[1] + aa[2] * aa[2]);
      for (int c = 0; c < 3; c++) {
        aa[c] = aa[c] / n * Math.PI;
      }
      double[] back = new double[3];
      Rotations.matrixToAxisAngle(matrix(aa), 0, back, 0);
      double sign = Math.signum(aa[0] * back[0] + aa[1] * back[1] + aa[2] * back[2]);
      for (int c = 0; c < 3; c++) {
        assertEquals(aa[c], sign * back[c], 1e-9);
      }
      assertArrayEquals(matrix(aa), matrix(back), EXACT);
    }
  }

  @Test
  void shepperdRoundTripsQuaternions() {
    for (int i = 0; i < 200; i++) {
      double[] q = {
        random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()
      };
      if (i % 4 == 1) {
        q[0] = 1e-3 * q[0]; // near a half turn: exercises the diagonal branches
      }
      Rotations.quaternionNormalize(q, 0);
      if (q[0] < 0) {
        for (int c = 0; c < 4; c++) {
          q[c] = -q[c];
        }
      }
      double[] m = new double[9];
      Rotations.quaternionToMatrix(q, 0, m, 0);
      assertRotation(m);
      double[] back = new double[4];
      Rotations.matrixToQuaternion(m, 0, back, 0);
      assertArrayEquals(q, back, EXACT);
      double[] aa = new double[3];
      Rotations.quaternionToAxisAngle(q, 0, aa, 0);
      assertArrayEquals(m, matrix(aa), EXACT);
    }
  }

  @Test
  void quaternionProductComposesLikeMatrices() {
    for (int i = 0; i < 50; i++) {
      double[] a = randomAxisAngle(3.0);
      double[] b = randomAxisAngle(3.0);
      double[] qa = new double[4];
      double[] qb = new double[4];
      Rotations.axisAngleToQuaternion(a, 0, qa, 0);
      Rotations.axisAngleToQuaternion(b, 0, qb, 0);
      double[] qab = new double[4];
      Rotations.quaternionMultiply(qa, 0, qb, 0, qab, 0);
      double[] fromQ = new double[9];
      Rotations.quaternionToMatrix(qab, 0, fromQ, 0);
      double[] ab = new double[9];
      Rotations.multiply(matrix(a), 0, matrix(b), 0, ab, 0);
      assertArrayEquals(ab, fromQ, EXACT);
    }
  }

  @Test
  void multiplyVariantsAgreeWithExplicitTranspose() {
    double[] a = matrix(randomAxisAngle(2.0));
    a[1] += 0.3; // not a rotation, so transposition errors cannot hide behind orthogonality
    double[] b = matrix(randomAxisAngle(2.0));
    b[5] -= 0.7;
    double[] at = new double[9];
    double[] bt = new double[9];
    Rotations.transpose(a, 0, at, 0);
    Rotations.transpose(b, 0, bt, 0);
    double[] expected = new double[9];
    double[] actual = new double[9];
    Rotations.multiply(at, 0, b, 0, expected, 0);
    Rotations.multiplyTransposeLeft(a, 0, b, 0, actual, 0);
    assertArrayEquals(expected, actual, EXACT);
    Rotations.multiply(a, 0, bt, 0, expected, 0);
    Rotations.multiplyTransposeRight(a, 0, b, 0, actual, 0);
    assertArrayEquals(expected, actual, EXACT);
    // Aliasing: dest == a.
    Rotations.multiply(a, 0, b, 0, expected, 0);
    Rotations.multiply(a, 0, b, 0, a, 0);
    assertArrayEquals(expected, a, EXACT);
  }

  @Test
  void derivativeAtZeroIsSkewOfAxis() {
    double[] d = new double[27];
    Rotations.axisAngleToMatrixDerivatives(new double[3], 0, d, 0);
    double[][] expected = {
      {0, 0, 0, 0, 0, -1, 0, 1, 0}, {0, 0, 1, 0, 0, 0, -1, 0, 0}, {0, -1, 0, 1, 0, 0, 0, 0, 0}
    };
    for (int k = 0; k < 3; k++) {
      double[] dk = new double[9];
      System.arraycopy(d, k * 9, dk, 0, 9);
      assertArrayEquals(expected[k], dk, 0.0);
    }
  }

  @Test
  void derivativeMatchesCentralDifferences() {
    double[] scales = {3.0, 1.0, 0.06, 0.04, 1e-3, 1e-8};
    for (double scale : scales) {
      for (int i = 0; i < 20; i++) {
        double[] aa = randomAxisAngle(scale);
        double[] d = new double[27];
        Rotations.axisAngleToMatrixDerivatives(aa, 0, d, 0);
        for (int k = 0; k < 3; k++) {
          double[] plus = aa.clone();
          double[] minus = aa.clone();
          plus[k] += STEP;
          minus[k] -= STEP;
          double[] mp = matrix(plus);
          double[] mm = matrix(minus);
          for (int e = 0; e < 9; e++) {
            double fd = (mp[e] - mm[e]) / (2 * STEP);
            assertEquals(fd, d[k * 9 + e], FD, "scale " + scale + " k " + k + " e " + e);
          }
        }
      }
    }
  }

  @Test
  void derivativeIsContinuousAcrossTheTaylorThreshold() {
    // Same direction, angles just either side of the branch switch at 0.05.
    double[] below = {0.0, 0.6 * 0.0499999, 0.8 * 0.0499999};
    double[] above = {0.0, 0.6 * 0.0500001, 0.8 * 0.0500001};
    double[] db = new double[27];
    double[] da = new double[27];
    Rotations.axisAngleToMatrixDerivatives(below, 0, db, 0);
    Rotations.axisAngleToMatrixDerivatives(above, 0, da, 0);
    // The true change over 2e-7 rad is ~2e-7; a branch mismatch would show as much more.
    assertArrayEquals(db, da, 1e-6);
  }

  @Test
  void sixDRoundTripsAndOrthonormalises() {
    for (int i = 0; i < 100; i++) {
      double[] m = matrix(randomAxisAngle(3.1));
      double[] six = new double[6];
      Rotations.matrixToSixD(m, 0, six, 0);
      assertArrayEquals(new double[] {m[0], m[3], m[6], m[1], m[4], m[7]}, six, 0.0);
      double[] back = new double[9];
      Rotations.sixDToMatrix(six, 0, back, 0);
      assertArrayEquals(m, back, EXACT);
      // Any non-degenerate 6D input gives a rotation whose first column is along a1.
      double[] raw = new double[6];
      for (int c = 0; c < 6; c++) {
        raw[c] = random.nextGaussian();
      }
      Rotations.sixDToMatrix(raw, 0, back, 0);
      assertRotation(back);
      double n = Math.sqrt(raw[0] * raw[0] + raw[1] * raw[1] + raw[2] * raw[2]);
      assertArrayEquals(
          new double[] {raw[0] / n, raw[1] / n, raw[2] / n},
          new double[] {back[0], back[3], back[6]},
          EXACT);
    }
  }

  @Test
  void sixDJacobianMatchesCentralDifferences() {
    for (int i = 0; i < 50; i++) {
      double[] six = new double[6];
      for (int c = 0; c < 6; c++) {
        six[c] = random.nextGaussian();
      }
      double[] d = new double[54];
      Rotations.sixDToMatrixDerivatives(six, 0, d, 0);
      for (int k = 0; k < 6; k++) {
        double[] plus = six.clone();
        double[] minus = six.clone();
        plus[k] += STEP;
        minus[k] -= STEP;
        double[] mp = new double[9];
        double[] mm = new double[9];
        Rotations.sixDToMatrix(plus, 0, mp, 0);
        Rotations.sixDToMatrix(minus, 0, mm, 0);
        for (int e = 0; e < 9; e++) {
          // Random 6D inputs can be close to degenerate (short or nearly parallel halves), where
          // the derivative is large: compare relative to its size.
          double fd = (mp[e] - mm[e]) / (2 * STEP);
          assertEquals(fd, d[k * 9 + e], FD * Math.max(1.0, Math.abs(fd)) * 10);
        }
      }
    }
  }

  @Test
  void slerpTurnsAtConstantSpeedAlongTheShorterArc() {
    double[] axis = {0.6, 0.0, 0.8};
    double[] a = new double[4];
    double[] b = new double[4];
    double[] q = new double[4];
    double[] aa = new double[3];
    Rotations.axisAngleToQuaternion(new double[] {0.6 * 0.2, 0, 0.8 * 0.2}, 0, a, 0);
    Rotations.axisAngleToQuaternion(new double[] {0.6 * 1.4, 0, 0.8 * 1.4}, 0, b, 0);
    for (double t : new double[] {0, 0.25, 0.5, 0.9, 1}) {
      Rotations.quaternionSlerp(a, 0, b, 0, t, q, 0);
      Rotations.quaternionToAxisAngle(q, 0, aa, 0);
      double angle = 0.2 + t * 1.2;
      assertArrayEquals(new double[] {axis[0] * angle, 0, axis[2] * angle}, aa, 1e-12, "t = " + t);
    }
    // -b is the same rotation: the result must not take the long way round.
    double[] negated = {-b[0], -b[1], -b[2], -b[3]};
    Rotations.quaternionSlerp(a, 0, negated, 0, 0.5, q, 0);
    Rotations.quaternionToAxisAngle(q, 0, aa, 0);
    assertArrayEquals(new double[] {0.6 * 0.8, 0, 0.8 * 0.8}, aa, 1e-12);
    // Nearly equal rotations take the linear branch and still land between them.
    Rotations.axisAngleToQuaternion(new double[] {0, 1e-9, 0}, 0, b, 0);
    Rotations.quaternionSlerp(new double[] {1, 0, 0, 0}, 0, b, 0, 0.5, q, 0);
    Rotations.quaternionToAxisAngle(q, 0, aa, 0);
    assertEquals(0.5e-9, aa[1], 1e-18);
  }
}
