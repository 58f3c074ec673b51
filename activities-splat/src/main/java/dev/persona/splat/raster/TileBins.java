package dev.persona.splat.raster;

import dev.persona.core.InvalidInputException;

/**
 * Which Gaussians touch which 16x16 screen tile, each tile's list sorted front to back: the flat
 * work lists of the tiled rasterizer (3DGS's duplicate-with-keys and radix sort, gsplat's {@code
 * isect_tiles}).
 *
 * <p>A Gaussian touches every tile that its screen bounding box (mean +- radius) overlaps. There
 * are two orders of the same (tile, Gaussian) pairs:
 *
 * <ul>
 *   <li>tile-major, the work lists: tile t's Gaussians are {@code tileGaussians[tileStart[t] ..
 *       tileStart[t+1])}, ascending by camera depth, ties by Gaussian index;
 *   <li>Gaussian-major, the gradient slots: Gaussian g's pairs are slots {@code
 *       gaussianPairStart[g] .. gaussianPairStart[g+1]}, its tiles in row-major order; {@code
 *       pairSlot[j]} maps tile-major position j to its slot. The backward pass writes each pair's
 *       gradient to its slot and reduces each Gaussian's contiguous slots in order, which is what
 *       makes gradients independent of the thread count.
 * </ul>
 *
 * <p>Order: the visible Gaussians are sorted by depth with a stable least-significant-digit radix
 * sort on the float bits (positive floats order as their bit patterns), then scattered to tiles in
 * that order with a counting sort keyed by tile: both stable, so the result is deterministic.
 */
final class TileBins {
  final int tilesX;
  final int tilesY;
  final int[] tileStart;
  final int[] tileGaussians;
  final int[] pairSlot;
  final int[] gaussianPairStart;
  final int longestTile;

  private TileBins(
      int tilesX,
      int tilesY,
      int[] tileStart,
      int[] tileGaussians,
      int[] pairSlot,
      int[] gaussianPairStart,
      int longestTile) {
    this.tilesX = tilesX;
    this.tilesY = tilesY;
    this.tileStart = tileStart;
    this.tileGaussians = tileGaussians;
    this.pairSlot = pairSlot;
    this.gaussianPairStart = gaussianPairStart;
    this.longestTile = longestTile;
  }

  int tileCount() {
    return tilesX * tilesY;
  }

  int pairCount() {
    return tileStart[tileCount()];
  }

  /**
   * Bins the visible Gaussians of {@code p} for an image of {@code width x height} pixels.
   *
   * @throws InvalidInputException (TOO_LARGE) when the pairs would not fit one array
   */
  static TileBins build(ProjectedGaussians p, int width, int height) {
    int tile = RenderSettings.TILE_SIZE;
    int tilesX = (width + tile - 1) / tile;
    int tilesY = (height + tile - 1) / tile;
    int n = p.count;
    int[] rect = new int[n * 4];
    int[] gaussianPairStart = new int[n + 1];
    int[] tileStart = new int[tilesX * tilesY + 1];
    long pairs = 0;
    int visible = 0;
    for (int i = 0; i < n; i++) {
      gaussianPairStart[i] = (int) pairs;
      if (!p.visible(i)) {
        continue;
      }
      int x0 = clamp((int) Math.floor((p.meanX[i] - p.radiusX[i]) / tile), tilesX);
      int x1 = clamp((int) Math.ceil((p.meanX[i] + p.radiusX[i]) / tile), tilesX);
      int y0 = clamp((int) Math.floor((p.meanY[i] - p.radiusY[i]) / tile), tilesY);
      int y1 = clamp((int) Math.ceil((p.meanY[i] + p.radiusY[i]) / tile), tilesY);
      rect[i * 4] = x0;
      rect[i * 4 + 1] = x1;
      rect[i * 4 + 2] = y0;
      rect[i * 4 + 3] = y1;
      pairs += (long) (x1 - x0) * (y1 - y0);
      if (pairs > Integer.MAX_VALUE - 8) {
        throw new InvalidInputException(
            InvalidInputException.Reason.TOO_LARGE,
            "more than 2^31 Gaussian-tile overlaps: too many or too large Gaussians to render");
      }
      for (int ty = y0; ty < y1; ty++) {
        for (int tx = x0; tx < x1; tx++) {
          tileStart[ty * tilesX + tx + 1]++;
        }
      }
      visible++;
    }
    gaussianPairStart[n] = (int) pairs;
    int longest = 0;
    for (int t = 0; t < tilesX * tilesY; t++) {
      longest = Math.max(longest, tileStart[t + 1]);
      tileStart[t + 1] += tileStart[t];
    }

    int[] order = depthOrder(p, visible);
    int[] cursor = new int[tilesX * tilesY];
    System.arraycopy(tileStart, 0, cursor, 0, cursor.length);
    int[] tileGaussians = new int[(int) pairs];
    int[] pairSlot = new int[(int) pairs];
    for (int o = 0; o < visible; o++) {
      int i = order[o];
      int slot = gaussianPairStart[i];
      for (int ty = rect[i * 4 + 2]; ty < rect[i * 4 + 3]; ty++) {
        for (int tx = rect[i * 4]; tx < rect[i * 4 + 1]; tx++) {
          int pos = cursor[ty * tilesX + tx]++;
          tileGaussians[pos] = i;
          pairSlot[pos] = slot++;
        }
      }
    }
    return new TileBins(
        tilesX, tilesY, tileStart, tileGaussians, pairSlot, gaussianPairStart, longest);
  }

  /**
   * The visible Gaussians' indices sorted by camera depth (ascending), ties by index: a two-pass
   * stable radix sort on the 32-bit pattern of the positive float depth.
   */
  private static int[] depthOrder(ProjectedGaussians p, int visible) {
    int[] keys = new int[visible];
    int[] values = new int[visible];
    int v = 0;
    for (int i = 0; i < p.count; i++) {
      if (p.visible(i)) {
        keys[v] = Float.floatToRawIntBits(p.depth[i]);
        values[v] = i;
        v++;
      }
    }
    int[] keys2 = new int[visible];
    int[] values2 = new int[visible];
    int[] counts = new int[1 << 16];
    radixPass(keys, values, keys2, values2, counts, 0);
    radixPass(keys2, values2, keys, values, counts, 16);
    return values;
  }

  private static void radixPass(
      int[] keys, int[] values, int[] keysOut, int[] valuesOut, int[] counts, int shift) {
    java.util.Arrays.fill(counts, 0);
    for (int key : keys) {
      counts[(key >>> shift) & 0xFFFF]++;
    }
    int sum = 0;
    for (int b = 0; b < counts.length; b++) {
      int c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (int j = 0; j < keys.length; j++) {
      int pos = counts[(keys[j] >>> shift) & 0xFFFF]++;
      keysOut[pos] = keys[j];
      valuesOut[pos] = values[j];
    }
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
