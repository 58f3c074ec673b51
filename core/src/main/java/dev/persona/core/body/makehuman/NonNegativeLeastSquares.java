package dev.persona.core.body.makehuman;

import java.util.Arrays;

/**
 * Non-negative least squares in normal-equation form: minimise {@code 1/2 x^T Q x - c^T x} subject
 * to {@code x >= 0}, for a symmetric positive definite {@code Q}. Lawson and Hanson's active-set
 * method (Solving Least Squares Problems, 1974, ch. 23, algorithm NNLS), with the passive-set
 * subproblems solved by Cholesky on the corresponding rows and columns of {@code Q}. For {@code ||A
 * x - b||^2 + lambda ||x||^2}, pass {@code Q = A^T A + lambda I} and {@code c = A^T b}.
 * Deterministic: ties go to the lowest index.
 */
final class NonNegativeLeastSquares {
  private NonNegativeLeastSquares() {}

  /**
   * Solves the problem.
   *
   * @param q {@code [n*n]} row-major, symmetric positive definite
   * @param c {@code [n]}
   * @return {@code x [n]}, all entries {@code >= 0}
   */
  static double[] solve(double[] q, double[] c, int n) {
    if (q.length != n * n || c.length != n) {
      throw new IllegalArgumentException("Q must be n*n and c n, n = " + n);
    }
    double scale = 0;
    for (int i = 0; i < n; i++) {
      scale = Math.max(scale, Math.abs(q[i * n + i]));
    }
    // Optimality tolerance on the negative gradient, relative to the problem's size.
    double tolerance = 1e-13 * Math.max(scale, 1e-300) * (1 + maxAbs(c) / Math.max(scale, 1e-300));
    double[] x = new double[n];
    boolean[] passive = new boolean[n];
    double[] gradient = c.clone();
    int[] set = new int[n];
    double[] s = new double[n];
    double[] factor = new double[n * n];
    double[] rhs = new double[n];
    int maxOuter = 3 * n + 10;
    for (int outer = 0; outer < maxOuter; outer++) {
      int best = -1;
      for (int j = 0; j < n; j++) {
        if (!passive[j] && gradient[j] > tolerance && (best < 0 || gradient[j] > gradient[best])) {
          best = j;
        }
      }
      if (best < 0) {
        break;
      }
      passive[best] = true;
      for (int inner = 0; inner <= n; inner++) {
        int m = 0;
        for (int j = 0; j < n; j++) {
          if (passive[j]) {
            set[m++] = j;
          }
        }
        solvePassive(q, c, n, set, m, factor, rhs);
        Arrays.fill(s, 0);
        boolean feasible = true;
        for (int k = 0; k < m; k++) {
          s[set[k]] = rhs[k];
          if (rhs[k] <= 0) {
            feasible = false;
          }
        }
        if (feasible) {
          System.arraycopy(s, 0, x, 0, n);
          break;
        }
        // Step from x towards s until the first passive variable reaches zero, then drop it.
        double alpha = 1;
        for (int k = 0; k < m; k++) {
          int j = set[k];
          if (s[j] <= 0) {
            double denominator = x[j] - s[j];
            alpha = Math.min(alpha, denominator > 0 ? x[j] / denominator : 0);
          }
        }
        for (int k = 0; k < m; k++) {
          int j = set[k];
          x[j] += alpha * (s[j] - x[j]);
          if (x[j] <= 1e-15) {
            x[j] = 0;
            passive[j] = false;
          }
        }
        boolean anyPassive = false;
        for (int j = 0; j < n; j++) {
          anyPassive |= passive[j];
        }
        if (!anyPassive) {
          break;
        }
      }
      for (int i = 0; i < n; i++) {
        double g = c[i];
        for (int j = 0; j < n; j++) {
          g -= q[i * n + j] * x[j];
        }
        gradient[i] = g;
      }
    }
    return x;
  }

  /** Solves {@code Q[set,set] y = c[set]} by Cholesky into {@code rhs [m]}. */
  private static void solvePassive(
      double[] q, double[] c, int n, int[] set, int m, double[] factor, double[] rhs) {
    for (int a = 0; a < m; a++) {
      for (int b = 0; b <= a; b++) {
        double sum = q[set[a] * n + set[b]];
        for (int k = 0; k < b; k++) {
          sum -= factor[a * n + k] * factor[b * n + k];
        }
        if (a == b) {
          if (!(sum > 0)) {
            throw new IllegalArgumentException("Q is not positive definite");
          }
          factor[a * n + a] = Math.sqrt(sum);
        } else {
          factor[a * n + b] = sum / factor[b * n + b];
        }
      }
    }
    for (int a = 0; a < m; a++) {
      double sum = c[set[a]];
      for (int k = 0; k < a; k++) {
        sum -= factor[a * n + k] * rhs[k];
      }
      rhs[a] = sum / factor[a * n + a];
    }
    for (int a = m - 1; a >= 0; a--) {
      double sum = rhs[a];
      for (int k = a + 1; k < m; k++) {
        sum -= factor[k * n + a] * rhs[k];
      }
      rhs[a] = sum / factor[a * n + a];
    }
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
