package dev.persona.core.image;

/**
 * Resizes images, one axis at a time: an axis that shrinks is area-averaged (each output pixel is
 * the mean of the source over its exact footprint, partial pixels weighted by the overlap, a box
 * filter that does not alias), an axis that grows is interpolated bilinearly between pixel centres
 * (edges clamped). The channel count is kept. With four channels the fourth is alpha and the colour
 * is filtered premultiplied, so transparent pixels' colour does not bleed into the result.
 *
 * <p>Works on linear images, which is where averaging light is correct.
 */
public final class ImageResize {
  private ImageResize() {}

  /**
   * The size of a {@code width} x {@code height} image scaled so its longest side is {@code
   * longestSide} pixels (each side rounded, at least 1), or the size itself when {@code
   * longestSide} is 0 or not smaller than the longest side: the one rule by which training and
   * evaluation bring frames to a working resolution, so that both see the same pixels.
   *
   * @return {width, height}
   */
  public static int[] fitLongestSide(int width, int height, int longestSide) {
    int longest = Math.max(width, height);
    if (longestSide <= 0 || longestSide >= longest) {
      return new int[] {width, height};
    }
    double s = (double) longestSide / longest;
    return new int[] {
      Math.max(1, (int) Math.round(width * s)), Math.max(1, (int) Math.round(height * s))
    };
  }

  /**
   * {@code image} resized to {@code width} x {@code height} (a copy even when the size is kept).
   */
  public static Image resize(Image image, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
    }
    int c = image.channels();
    boolean alpha = c == 4;
    float[] src = image.data();
    if (alpha) {
      src = premultiplied(src);
    }
    Weights wx = Weights.of(image.width(), width);
    Weights wy = Weights.of(image.height(), height);
    // Horizontal pass: (srcW x srcH) -> (width x srcH); vertical pass: -> (width x height).
    float[] mid = new float[width * image.height() * c];
    for (int y = 0; y < image.height(); y++) {
      int srcRow = y * image.width() * c;
      int midRow = y * width * c;
      for (int x = 0; x < width; x++) {
        int o = midRow + x * c;
        int s0 = srcRow + wx.start[x] * c;
        for (int k = wx.offset[x]; k < wx.offset[x + 1]; k++) {
          float wk = wx.weight[k];
          int s = s0 + (k - wx.offset[x]) * c;
          for (int ch = 0; ch < c; ch++) {
            mid[o + ch] += wk * src[s + ch];
          }
        }
      }
    }
    float[] out = new float[width * height * c];
    int rowLen = width * c;
    for (int y = 0; y < height; y++) {
      int start = wy.start[y];
      int dstRow = y * rowLen;
      for (int k = wy.offset[y]; k < wy.offset[y + 1]; k++) {
        float wk = wy.weight[k];
        int midRow = (start + k - wy.offset[y]) * rowLen;
        for (int i = 0; i < rowLen; i++) {
          out[dstRow + i] += wk * mid[midRow + i];
        }
      }
    }
    if (alpha) {
      unpremultiply(out);
    }
    return new Image(width, height, c, out);
  }

  private static float[] premultiplied(float[] rgba) {
    float[] p = new float[rgba.length];
    for (int i = 0; i < rgba.length; i += 4) {
      float a = rgba[i + 3];
      p[i] = rgba[i] * a;
      p[i + 1] = rgba[i + 1] * a;
      p[i + 2] = rgba[i + 2] * a;
      p[i + 3] = a;
    }
    return p;
  }

  private static void unpremultiply(float[] rgba) {
    for (int i = 0; i < rgba.length; i += 4) {
      float a = rgba[i + 3];
      if (a > 0) {
        float inv = 1 / a;
        rgba[i] *= inv;
        rgba[i + 1] *= inv;
        rgba[i + 2] *= inv;
      } else {
        rgba[i] = 0;
        rgba[i + 1] = 0;
        rgba[i + 2] = 0;
      }
    }
  }

  /**
   * Resampling weights along one axis, in compressed rows: output pixel {@code i} is {@code sum_k
   * weight[k] * source[start[i] + k - offset[i]]} for {@code k} in {@code [offset[i],
   * offset[i+1])}. Weights of each output pixel sum to 1.
   */
  static final class Weights {
    final int[] start;
    final int[] offset;
    final float[] weight;

    private Weights(int[] start, int[] offset, float[] weight) {
      this.start = start;
      this.offset = offset;
      this.weight = weight;
    }

    static Weights of(int srcLen, int dstLen) {
      return dstLen < srcLen ? area(srcLen, dstLen) : bilinear(srcLen, dstLen);
    }

    /**
     * Box filter over exact footprints: output pixel {@code i} covers source interval {@code [i s,
     * (i+1) s)} with {@code s = srcLen / dstLen}; each source pixel {@code j} weighs its overlap
     * {@code |[j, j+1) ∩ [i s, (i+1) s)| / s}. Computed in double from integer ratios so the
     * footprints tile the source exactly.
     */
    private static Weights area(int srcLen, int dstLen) {
      int[] start = new int[dstLen + 1];
      int[] offset = new int[dstLen + 1];
      // Each footprint spans at most ceil(s) + 1 source pixels.
      float[] weight = new float[dstLen * (srcLen / dstLen + 2)];
      double scale = (double) srcLen / dstLen;
      int k = 0;
      for (int i = 0; i < dstLen; i++) {
        double lo = (double) i * srcLen / dstLen;
        double hi = (double) (i + 1) * srcLen / dstLen;
        int first = (int) Math.floor(lo);
        int last = Math.min(srcLen - 1, (int) Math.ceil(hi) - 1);
        start[i] = first;
        offset[i] = k;
        for (int j = first; j <= last; j++) {
          double overlap = Math.min(hi, j + 1) - Math.max(lo, j);
          weight[k++] = (float) (overlap / scale);
        }
      }
      start[dstLen] = srcLen;
      offset[dstLen] = k;
      return new Weights(start, offset, weight);
    }

    /**
     * Bilinear between pixel centres: output centre {@code i + 0.5} maps to source coordinate
     * {@code (i + 0.5) srcLen / dstLen - 0.5}, clamped to the first and last centre.
     */
    private static Weights bilinear(int srcLen, int dstLen) {
      int[] start = new int[dstLen + 1];
      int[] offset = new int[dstLen + 1];
      float[] weight = new float[dstLen * 2];
      int k = 0;
      for (int i = 0; i < dstLen; i++) {
        double s = (i + 0.5) * srcLen / dstLen - 0.5;
        s = Math.max(0, Math.min(srcLen - 1, s));
        int j0 = (int) Math.floor(s);
        double t = s - j0;
        start[i] = j0;
        offset[i] = k;
        weight[k++] = (float) (1 - t);
        if (j0 + 1 < srcLen) {
          weight[k++] = (float) t;
        }
      }
      start[dstLen] = srcLen;
      offset[dstLen] = k;
      return new Weights(start, offset, weight);
    }
  }
}
