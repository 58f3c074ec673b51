package dev.persona.smplx.fitting;

import java.util.Arrays;

/**
 * The exact Euclidean distance transform of a binary image with, for every pixel, the nearest
 * feature (set) pixel: Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled Functions"
 * (Theory of Computing 2012), Sec. 2.1 (the lower envelope of parabolas) applied to columns, then
 * rows, keeping the minimiser so the nearest pixel comes with the distance. Linear time.
 */
public final class DistanceTransform {
  private DistanceTransform() {}

  /**
   * For each pixel of a {@code width x height} grid, the index {@code y * width + x} of the nearest
   * feature pixel ({@code features[i]} true), or -1 when the image has no feature pixel at all.
   * Ties go to the pixel found first (lower row in the column pass, lower column in the row pass),
   * so the result is deterministic.
   */
  public static int[] nearestFeature(boolean[] features, int width, int height) {
    if (features.length != width * height) {
      throw new IllegalArgumentException("need " + width * height + " pixels");
    }
    final double inf = Double.POSITIVE_INFINITY;
    // Column pass: squared distance to, and row of, the nearest feature in the same column.
    double[] columnDist = new double[width * height];
    int[] columnRow = new int[width * height];
    for (int x = 0; x < width; x++) {
      int last = -1;
      for (int y = 0; y < height; y++) {
        if (features[y * width + x]) {
          last = y;
        }
        columnRow[y * width + x] = last;
      }
      int next = -1;
      for (int y = height - 1; y >= 0; y--) {
        int i = y * width + x;
        if (features[i]) {
          next = y;
        }
        int up = columnRow[i];
        int best = up;
        if (next >= 0 && (up < 0 || next - y < y - up)) {
          best = next;
        }
        columnRow[i] = best;
        columnDist[i] = best < 0 ? inf : (double) (best - y) * (best - y);
      }
    }
    // Row pass: lower envelope of the parabolas (x - q)^2 + columnDist(q) over the finite sites.
    int[] nearest = new int[width * height];
    Arrays.fill(nearest, -1);
    int[] site = new int[width];
    double[] boundary = new double[width + 1];
    for (int y = 0; y < height; y++) {
      int row = y * width;
      int k = -1;
      for (int q = 0; q < width; q++) {
        double fq = columnDist[row + q];
        if (fq == inf) {
          continue;
        }
        double s = 0;
        while (k >= 0) {
          int p = site[k];
          double fp = columnDist[row + p];
          s = ((fq + (double) q * q) - (fp + (double) p * p)) / (2.0 * (q - p));
          if (s <= boundary[k]) {
            k--;
          } else {
            break;
          }
        }
        k++;
        site[k] = q;
        boundary[k] = k == 0 ? Double.NEGATIVE_INFINITY : s;
        boundary[k + 1] = inf;
      }
      if (k < 0) {
        continue;
      }
      int j = 0;
      for (int x = 0; x < width; x++) {
        while (boundary[j + 1] < x) {
          j++;
        }
        int q = site[j];
        nearest[row + x] = columnRow[row + q] * width + q;
      }
    }
    return nearest;
  }
}
