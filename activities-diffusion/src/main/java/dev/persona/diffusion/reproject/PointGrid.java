package dev.persona.diffusion.reproject;

import java.util.Arrays;

/**
 * Nearest-point queries within a fixed radius over a static 3D point set: points sorted by the key
 * of their cubic cell (side = the radius), a query searching the 27 cells around it. Deterministic:
 * among equally near points the lowest index wins.
 *
 * <p>Each entry is one {@code long}: the cell key (13 bits per axis, cells clamped to {@code
 * +-4095} around the origin, {@code +-41 m} at 1 cm cells: far beyond any body) above a 24-bit
 * point index, so one primitive sort orders by cell, then index.
 */
final class PointGrid {
  /** Most points a grid holds (24-bit indices). */
  static final int MAX_POINTS = 1 << 24;

  private static final int AXIS_BITS = 13;
  private static final long AXIS_OFFSET = 1L << (AXIS_BITS - 1);
  private static final int INDEX_BITS = 24;

  private final double cell;
  private final double[] points;
  private final long[] entries;

  /**
   * @param points {@code [N*3]} positions, metres; kept by reference
   * @param indices which points to include, {@code [count]} of them
   * @param radius the largest query distance, metres
   */
  PointGrid(double[] points, int[] indices, int count, double radius) {
    if (points.length / 3 > MAX_POINTS) {
      throw new IllegalArgumentException("at most " + MAX_POINTS + " points");
    }
    this.cell = radius;
    this.points = points;
    this.entries = new long[count];
    for (int i = 0; i < count; i++) {
      int p = indices[i];
      long key =
          cellKey(cellOf(points[p * 3]), cellOf(points[p * 3 + 1]), cellOf(points[p * 3 + 2]));
      entries[i] = (key << INDEX_BITS) | p;
    }
    Arrays.sort(entries);
  }

  private long cellOf(double coordinate) {
    long c = (long) Math.floor(coordinate / cell);
    return Math.max(-AXIS_OFFSET + 1, Math.min(AXIS_OFFSET - 2, c));
  }

  private static long cellKey(long x, long y, long z) {
    return ((x + AXIS_OFFSET) << (2 * AXIS_BITS))
        | ((y + AXIS_OFFSET) << AXIS_BITS)
        | (z + AXIS_OFFSET);
  }

  /** The index of the nearest included point within the radius of (x, y, z), or -1. */
  int nearest(double x, double y, double z) {
    long cx = cellOf(x);
    long cy = cellOf(y);
    long cz = cellOf(z);
    double best = cell * cell;
    int found = -1;
    long indexMask = (1L << INDEX_BITS) - 1;
    for (long dx = -1; dx <= 1; dx++) {
      for (long dy = -1; dy <= 1; dy++) {
        for (long dz = -1; dz <= 1; dz++) {
          long key = cellKey(cx + dx, cy + dy, cz + dz);
          for (int i = lowerBound(key << INDEX_BITS);
              i < entries.length && (entries[i] >>> INDEX_BITS) == key;
              i++) {
            int p = (int) (entries[i] & indexMask);
            double ex = points[p * 3] - x;
            double ey = points[p * 3 + 1] - y;
            double ez = points[p * 3 + 2] - z;
            double d = ex * ex + ey * ey + ez * ez;
            if (d < best || (d == best && p < found)) {
              best = d;
              found = p;
            }
          }
        }
      }
    }
    return found;
  }

  private int lowerBound(long value) {
    int lo = 0;
    int hi = entries.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (entries[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
