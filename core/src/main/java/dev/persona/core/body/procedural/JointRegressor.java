package dev.persona.core.body.procedural;

import java.util.Arrays;

/**
 * A joint regressor {@code [J*V]} that reproduces given joint positions from the rest vertices: for
 * each joint, non-negative weights summing to 1 on nearby vertices whose weighted centroid is the
 * joint. Because the joint is then a convex combination of surrounding surface points, it moves
 * with them when shape directions inflate, lengthen or widen the body, which is what SMPL-X's
 * learned regressor does.
 *
 * <p>For each joint the {@code K} nearest vertices are taken, and the weights closest (least
 * squares) to a Gaussian falloff with distance are found under the four equality constraints {@code
 * sum w_i v_i = joint, sum w_i = 1} (closed form through the 4x4 normal equations of the
 * Lagrangian). Vertices that come out negative are dropped and the solve repeated on the rest. If
 * that fails (the joint lies outside the hull of the chosen vertices), {@code K} doubles.
 */
final class JointRegressor {
  private JointRegressor() {}

  private static final int FIRST_K = 24;
  private static final int MAX_K = 1536;

  /**
   * @param positions rest vertices {@code [V*3]} metres
   * @param joints joint positions {@code [J*3]} metres
   * @return {@code [J*V]} row-major, each row non-negative and summing to 1
   */
  static float[] fit(double[] positions, double[] joints) {
    int vertexCount = positions.length / 3;
    int jointCount = joints.length / 3;
    float[] out = new float[jointCount * vertexCount];
    double[] dist = new double[vertexCount];
    long[] keys = new long[vertexCount];
    int[] order = new int[vertexCount];
    for (int j = 0; j < jointCount; j++) {
      for (int v = 0; v < vertexCount; v++) {
        double dx = positions[v * 3] - joints[j * 3];
        double dy = positions[v * 3 + 1] - joints[j * 3 + 1];
        double dz = positions[v * 3 + 2] - joints[j * 3 + 2];
        dist[v] = Math.sqrt(dx * dx + dy * dy + dz * dz);
        // Non-negative floats order like their bit patterns: sort (distance, index) as one long.
        keys[v] = ((long) Float.floatToIntBits((float) dist[v]) << 32) | v;
      }
      Arrays.sort(keys);
      for (int v = 0; v < vertexCount; v++) {
        order[v] = (int) keys[v];
      }
      double[] w = null;
      for (int k = FIRST_K; w == null && k <= Math.min(MAX_K, vertexCount); k *= 2) {
        w = solve(positions, joints, j, order, dist, k);
      }
      if (w == null) {
        throw new IllegalStateException("joint " + j + " lies outside the body's surface hull");
      }
      for (int i = 0; i < w.length; i++) {
        out[j * vertexCount + order[i]] = (float) w[i];
      }
    }
    return out;
  }

  /** Weights for the {@code k} nearest vertices, or {@code null} when no valid set is found. */
  private static double[] solve(
      double[] positions, double[] joints, int j, int[] order, double[] dist, int k) {
    double scale = dist[order[k - 1]];
    double[] prior = new double[k];
    double priorSum = 0;
    for (int i = 0; i < k; i++) {
      double r = dist[order[i]] / scale;
      prior[i] = Math.exp(-2 * r * r);
      priorSum += prior[i];
    }
    for (int i = 0; i < k; i++) {
      prior[i] /= priorSum;
    }
    boolean[] active = new boolean[k];
    Arrays.fill(active, true);
    double[] target = {joints[j * 3], joints[j * 3 + 1], joints[j * 3 + 2], 1};
    double[] w = new double[k];
    for (int round = 0; round < k; round++) {
      // Minimise |w - prior|^2 subject to A w = target, A = rows (x, y, z, 1) of the active
      // vertices: w = prior + A^T (A A^T)^-1 (target - A prior).
      double[] m = new double[16];
      double[] residual = target.clone();
      double[] row = new double[4];
      for (int i = 0; i < k; i++) {
        if (!active[i]) {
          continue;
        }
        rowOf(positions, order[i], row);
        for (int a = 0; a < 4; a++) {
          residual[a] -= row[a] * prior[i];
          for (int b = 0; b < 4; b++) {
            m[a * 4 + b] += row[a] * row[b];
          }
        }
      }
      double[] lambda = solve4(m, residual);
      if (lambda == null) {
        return null;
      }
      int worst = -1;
      double worstValue = 0;
      for (int i = 0; i < k; i++) {
        if (!active[i]) {
          w[i] = 0;
          continue;
        }
        rowOf(positions, order[i], row);
        w[i] = prior[i] + row[0] * lambda[0] + row[1] * lambda[1] + row[2] * lambda[2] + lambda[3];
        if (w[i] < worstValue) {
          worstValue = w[i];
          worst = i;
        }
      }
      if (worst < 0) {
        return w;
      }
      active[worst] = false;
    }
    return null;
  }

  private static void rowOf(double[] positions, int v, double[] row) {
    row[0] = positions[v * 3];
    row[1] = positions[v * 3 + 1];
    row[2] = positions[v * 3 + 2];
    row[3] = 1;
  }

  /** Solves the symmetric 4x4 system {@code m x = b} by Gaussian elimination with pivoting. */
  private static double[] solve4(double[] m, double[] b) {
    double[] a = m.clone();
    double[] x = b.clone();
    for (int col = 0; col < 4; col++) {
      int pivot = col;
      for (int r = col + 1; r < 4; r++) {
        if (Math.abs(a[r * 4 + col]) > Math.abs(a[pivot * 4 + col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot * 4 + col]) < 1e-14) {
        return null;
      }
      for (int c = 0; c < 4; c++) {
        double t = a[col * 4 + c];
        a[col * 4 + c] = a[pivot * 4 + c];
        a[pivot * 4 + c] = t;
      }
      double t = x[col];
      x[col] = x[pivot];
      x[pivot] = t;
      for (int r = col + 1; r < 4; r++) {
        double f = a[r * 4 + col] / a[col * 4 + col];
        for (int c = col; c < 4; c++) {
          a[r * 4 + c] -= f * a[col * 4 + c];
        }
        x[r] -= f * x[col];
      }
    }
    for (int r = 3; r >= 0; r--) {
      double s = x[r];
      for (int c = r + 1; c < 4; c++) {
        s -= a[r * 4 + c] * x[c];
      }
      x[r] = s / a[r * 4 + r];
    }
    return x;
  }
}
