package dev.persona.smplx.fitting;

import java.util.function.IntConsumer;

/**
 * Levenberg-Marquardt on a subset of the unknowns (Marquardt's scaling: {@code (J^T J + lambda
 * diag(J^T J)) delta = -J^T r}, Nocedal and Wright, Sec. 10.3), accepting a step only when the true
 * objective {@link FitObjective.Evaluation#cost} falls. Dense normal equations solved by Cholesky:
 * there are at most a few dozen unknowns.
 */
final class LevenbergMarquardt {
  private static final double INITIAL_DAMPING = 1e-3;
  private static final double MIN_DAMPING = 1e-9;
  private static final double MAX_DAMPING = 1e9;

  /**
   * Rejected steps tolerated in one iteration before the stage ends: the silhouette's
   * correspondences change between evaluations, so near the optimum a model step can keep failing
   * to lower the renewed objective, and each try costs a rasterization.
   */
  private static final int MAX_REJECTIONS = 6;

  /** Relative cost decrease below which the stage has converged. */
  private static final double TOLERANCE = 1e-7;

  /** Evaluates the objective, with or without its Jacobian. */
  interface Problem {
    FitObjective.Evaluation evaluate(double[] x, boolean withJacobian);
  }

  /** The outcome: the final unknowns and evaluation, and the number of iterations used. */
  record Result(double[] x, FitObjective.Evaluation evaluation, int iterations) {}

  private LevenbergMarquardt() {}

  /**
   * Minimises from {@code x0} (not changed) over the unknowns marked in {@code free}.
   *
   * @param onIteration called with the iteration number after each iteration
   */
  static Result minimize(
      Problem problem, double[] x0, boolean[] free, int maxIterations, IntConsumer onIteration) {
    int n = x0.length;
    int[] index = new int[n];
    int m = 0;
    for (int k = 0; k < n; k++) {
      if (free[k]) {
        index[m++] = k;
      }
    }
    double[] x = x0.clone();
    FitObjective.Evaluation current = problem.evaluate(x, true);
    double damping = INITIAL_DAMPING;
    double[] a = new double[m * m];
    double[] g = new double[m];
    double[] work = new double[m * m];
    double[] step = new double[m];
    int iteration = 0;
    while (iteration < maxIterations) {
      iteration++;
      normalEquations(current, index, m, a, g);
      boolean accepted = false;
      int rejections = 0;
      while (!accepted && damping < MAX_DAMPING && rejections < MAX_REJECTIONS) {
        for (int i = 0; i < m * m; i++) {
          work[i] = a[i];
        }
        for (int i = 0; i < m; i++) {
          work[i * m + i] += damping * (a[i * m + i] + 1e-12);
        }
        for (int i = 0; i < m; i++) {
          step[i] = -g[i];
        }
        if (!choleskySolve(work, step, m)) {
          damping *= 10;
          continue;
        }
        double[] trial = x.clone();
        for (int i = 0; i < m; i++) {
          trial[index[i]] += step[i];
        }
        FitObjective.Evaluation candidate = problem.evaluate(trial, false);
        if (candidate.cost() < current.cost()) {
          double decrease = (current.cost() - candidate.cost()) / Math.max(current.cost(), 1e-30);
          x = trial;
          current = problem.evaluate(x, true);
          damping = Math.max(MIN_DAMPING, damping / 3);
          accepted = true;
          onIteration.accept(iteration);
          if (decrease < TOLERANCE) {
            return new Result(x, current, iteration);
          }
        } else {
          damping *= 8;
          rejections++;
        }
      }
      if (!accepted) {
        break;
      }
    }
    return new Result(x, current, iteration);
  }

  /** {@code a = J_f^T J_f}, {@code g = J_f^T r} over the free columns. */
  private static void normalEquations(
      FitObjective.Evaluation e, int[] index, int m, double[] a, double[] g) {
    int n = e.columns();
    double[] j = e.jacobian();
    double[] r = e.residuals();
    java.util.Arrays.fill(a, 0);
    java.util.Arrays.fill(g, 0);
    double[] row = new double[m];
    for (int i = 0; i < e.rows(); i++) {
      int base = i * n;
      boolean any = false;
      for (int c = 0; c < m; c++) {
        row[c] = j[base + index[c]];
        any |= row[c] != 0;
      }
      if (!any) {
        continue;
      }
      double ri = r[i];
      for (int c = 0; c < m; c++) {
        double v = row[c];
        if (v == 0) {
          continue;
        }
        g[c] += v * ri;
        int ab = c * m;
        for (int d = c; d < m; d++) {
          a[ab + d] += v * row[d];
        }
      }
    }
    for (int c = 0; c < m; c++) {
      for (int d = 0; d < c; d++) {
        a[c * m + d] = a[d * m + c];
      }
    }
  }

  /** Solves {@code a x = b} in place ({@code b} becomes x); false when not positive definite. */
  static boolean choleskySolve(double[] a, double[] b, int m) {
    for (int i = 0; i < m; i++) {
      for (int k = 0; k <= i; k++) {
        double sum = a[i * m + k];
        for (int p = 0; p < k; p++) {
          sum -= a[i * m + p] * a[k * m + p];
        }
        if (i == k) {
          if (!(sum > 0)) {
            return false;
          }
          a[i * m + i] = Math.sqrt(sum);
        } else {
          a[i * m + k] = sum / a[k * m + k];
        }
      }
    }
    for (int i = 0; i < m; i++) {
      double sum = b[i];
      for (int p = 0; p < i; p++) {
        sum -= a[i * m + p] * b[p];
      }
      b[i] = sum / a[i * m + i];
    }
    for (int i = m - 1; i >= 0; i--) {
      double sum = b[i];
      for (int p = i + 1; p < m; p++) {
        sum -= a[p * m + i] * b[p];
      }
      b[i] = sum / a[i * m + i];
    }
    return true;
  }
}
