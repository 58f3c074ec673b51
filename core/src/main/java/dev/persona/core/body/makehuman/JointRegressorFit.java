package dev.persona.core.body.makehuman;

import java.util.Arrays;

/**
 * Fits a joint regressor over surface vertices only, so that {@code J = R v} reproduces joints that
 * MakeHuman places inside the body (joint-cube centroids), for the template and along every shape
 * direction.
 *
 * <p>Per joint {@code p}: candidates are the nearest surface vertices around it in each of 26
 * directions (the 3x3x3 grid's neighbours of the centre), so the joint lies inside their convex
 * hull. Non-negative weights {@code w} over the candidates then minimise
 *
 * <pre>
 *   |sum_i w_i (v_i - p)|^2 + sum_k |sum_i w_i (d_ki - e_k)|^2 + (sum_i w_i - 1)^2 + lambda |w|^2
 * </pre>
 *
 * where {@code d_ki} is direction {@code k}'s displacement of vertex {@code i} and {@code e_k} its
 * displacement of the joint: for weights summing to 1 this is the error of the regressed joint for
 * the template plus its error per unit of each shape coefficient, so the regressor follows shape.
 * The small ridge {@code lambda} spreads weight over equally good vertices. Weights are
 * renormalised to sum exactly 1 (so regressed joints translate with the mesh).
 */
final class JointRegressorFit {
  /** Vertices kept per direction bin. */
  static final int PER_BIN = 4;

  /**
   * Weight of the template's joint error against the error per unit of a shape direction: the
   * template must be exact; MakeHuman's own cubes do not always follow the skin along a target.
   */
  static final double TEMPLATE_WEIGHT = 30;

  /** Ridge weight, m^2: spreading weight is worth about 0.1 mm of joint error. */
  static final double RIDGE = 1e-8;

  private static final double[][] BINS = bins();

  private JointRegressorFit() {}

  /**
   * Fits the regressor.
   *
   * @param vertices {@code [V*3]} template surface vertices, metres
   * @param directions {@code [S][V*3]} shape directions over the same vertices, metres per unit
   * @param joints {@code [J*3]} joints of the template, metres
   * @param jointDirections {@code [S][J*3]} joint displacement per unit of each direction
   * @return {@code [J*V]} row-major regressor, rows non-negative and summing to 1
   */
  static float[] fit(
      double[] vertices, double[][] directions, double[] joints, double[][] jointDirections) {
    int v = vertices.length / 3;
    int j = joints.length / 3;
    float[] regressor = new float[j * v];
    for (int joint = 0; joint < j; joint++) {
      int[] candidates = candidates(vertices, joints, joint);
      double[] w = solve(vertices, directions, joints, jointDirections, joint, candidates);
      for (int k = 0; k < candidates.length; k++) {
        regressor[joint * v + candidates[k]] = (float) w[k];
      }
    }
    return regressor;
  }

  /** The {@link #PER_BIN} nearest vertices in each of the 26 direction bins around the joint. */
  static int[] candidates(double[] vertices, double[] joints, int joint) {
    int bins = BINS.length;
    int[] best = new int[bins * PER_BIN];
    double[] bestDistance = new double[bins * PER_BIN];
    Arrays.fill(best, -1);
    Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
    double px = joints[joint * 3];
    double py = joints[joint * 3 + 1];
    double pz = joints[joint * 3 + 2];
    int v = vertices.length / 3;
    for (int i = 0; i < v; i++) {
      double dx = vertices[i * 3] - px;
      double dy = vertices[i * 3 + 1] - py;
      double dz = vertices[i * 3 + 2] - pz;
      double d2 = dx * dx + dy * dy + dz * dz;
      int bin = 0;
      double bestDot = Double.NEGATIVE_INFINITY;
      for (int b = 0; b < bins; b++) {
        double dot = dx * BINS[b][0] + dy * BINS[b][1] + dz * BINS[b][2];
        if (dot > bestDot) {
          bestDot = dot;
          bin = b;
        }
      }
      // Insertion into the bin's sorted short list.
      int base = bin * PER_BIN;
      if (d2 >= bestDistance[base + PER_BIN - 1]) {
        continue;
      }
      int k = PER_BIN - 1;
      while (k > 0 && bestDistance[base + k - 1] > d2) {
        bestDistance[base + k] = bestDistance[base + k - 1];
        best[base + k] = best[base + k - 1];
        k--;
      }
      bestDistance[base + k] = d2;
      best[base + k] = i;
    }
    int count = 0;
    for (int index : best) {
      if (index >= 0) {
        count++;
      }
    }
    int[] out = new int[count];
    int k = 0;
    for (int index : best) {
      if (index >= 0) {
        out[k++] = index;
      }
    }
    Arrays.sort(out);
    return out;
  }

  private static double[] solve(
      double[] vertices,
      double[][] directions,
      double[] joints,
      double[][] jointDirections,
      int joint,
      int[] candidates) {
    int n = candidates.length;
    int rows = 3 + 3 * directions.length;
    // Design matrix, one column per candidate: (v_i - p) then (d_ki - e_k) per direction.
    double[] a = new double[rows * n];
    for (int k = 0; k < n; k++) {
      int i = candidates[k];
      for (int c = 0; c < 3; c++) {
        a[c * n + k] = TEMPLATE_WEIGHT * (vertices[i * 3 + c] - joints[joint * 3 + c]);
        for (int s = 0; s < directions.length; s++) {
          a[(3 + 3 * s + c) * n + k] = directions[s][i * 3 + c] - jointDirections[s][joint * 3 + c];
        }
      }
    }
    // Normal equations, plus the sum row (all ones, target 1) and the ridge.
    double[] q = new double[n * n];
    double[] rhs = new double[n];
    for (int r = 0; r < n; r++) {
      for (int col = r; col < n; col++) {
        double sum = 1;
        for (int row = 0; row < rows; row++) {
          sum += a[row * n + r] * a[row * n + col];
        }
        q[r * n + col] = sum;
        q[col * n + r] = sum;
      }
      q[r * n + r] += RIDGE;
      rhs[r] = 1;
    }
    double[] w = NonNegativeLeastSquares.solve(q, rhs, n);
    double total = 0;
    for (double x : w) {
      total += x;
    }
    if (!(total > 0)) {
      throw new IllegalStateException("joint regressor fit found no weights for joint " + joint);
    }
    for (int k = 0; k < n; k++) {
      w[k] /= total;
    }
    return w;
  }

  private static double[][] bins() {
    double[][] out = new double[26][];
    int k = 0;
    for (int x = -1; x <= 1; x++) {
      for (int y = -1; y <= 1; y++) {
        for (int z = -1; z <= 1; z++) {
          if (x == 0 && y == 0 && z == 0) {
            continue;
          }
          double length = Math.sqrt(x * x + y * y + z * z);
          out[k++] = new double[] {x / length, y / length, z / length};
        }
      }
    }
    return out;
  }
}
