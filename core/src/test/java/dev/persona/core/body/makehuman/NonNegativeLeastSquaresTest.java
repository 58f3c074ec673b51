package dev.persona.core.body.makehuman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NonNegativeLeastSquaresTest {
  /** Double-precision solves of well-conditioned problems of size <= 12: far below 1e-9. */
  private static final double EXACT = 1e-9;

  @Test
  void interiorOptimumIsTheUnconstrainedSolution() {
    // Q = [[2, 1], [1, 3]], c = [3, 4]: Q^-1 c = [1, 1] by hand (2+1 = 3, 1+3 = 4).
    double[] x = NonNegativeLeastSquares.solve(new double[] {2, 1, 1, 3}, new double[] {3, 4}, 2);
    assertArrayEquals(new double[] {1, 1}, x, EXACT);
  }

  @Test
  void negativeUnconstrainedComponentIsClampedToZero() {
    // Q = I, c = [1, -2]: the unconstrained optimum [1, -2] clamps to [1, 0].
    double[] x = NonNegativeLeastSquares.solve(new double[] {1, 0, 0, 1}, new double[] {1, -2}, 2);
    assertArrayEquals(new double[] {1, 0}, x, EXACT);
    // Coupled: Q = [[2, 1], [1, 2]], c = [2, -1]; with x2 = 0 the optimum is x1 = c1 / 2 = 1, and
    // the gradient there, c2 - Q21 x1 = -2, is negative, so x2 = 0 is optimal.
    x = NonNegativeLeastSquares.solve(new double[] {2, 1, 1, 2}, new double[] {2, -1}, 2);
    assertArrayEquals(new double[] {1, 0}, x, EXACT);
  }

  @Test
  void randomProblemsMeetTheKktConditions() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + random.nextInt(11);
      int m = n + 3;
      double[] a = new double[m * n];
      for (int i = 0; i < a.length; i++) {
        a[i] = random.nextGaussian();
      }
      double[] b = new double[m];
      for (int i = 0; i < m; i++) {
        b[i] = random.nextGaussian();
      }
      double[] q = new double[n * n];
      double[] c = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          for (int r = 0; r < m; r++) {
            q[i * n + j] += a[r * n + i] * a[r * n + j];
          }
        }
        for (int r = 0; r < m; r++) {
          c[i] += a[r * n + i] * b[r];
        }
      }
      double[] x = NonNegativeLeastSquares.solve(q, c, n);
      // KKT: x >= 0; the negative gradient c - Qx is <= 0 where x = 0 and 0 where x > 0.
      for (int i = 0; i < n; i++) {
        double g = c[i];
        for (int j = 0; j < n; j++) {
          g -= q[i * n + j] * x[j];
        }
        assertTrue(x[i] >= 0, "x >= 0");
        if (x[i] > 0) {
          assertEquals(0, g, 1e-8, "stationary in the free variables");
        } else {
          assertTrue(g <= 1e-8, "no descent into the bound variables: " + g);
        }
      }
    }
  }
}
