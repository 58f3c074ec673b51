package dev.persona.smplx.perception;

import dev.persona.core.image.ColorTransfer;
import dev.persona.core.image.Image;

/**
 * Moves pixels between a photo and a model's square input through a {@link RegionOfInterest}: the
 * affine crop MediaPipe's {@code ImageToTensorCalculator} makes, and the inverse warp its {@code
 * WarpAffineCalculator} applies to the segmentation mask.
 *
 * <p>Sampling is bilinear with pixel centres at integer + 0.5. When the crop shrinks the photo by
 * more than 1.5x, each output pixel averages a k x k grid of bilinear samples (k up to 8) so large
 * photos are not aliased; MediaPipe's own bilinear warp does not do this, which matters little at
 * the photo sizes its models were trained on.
 */
public final class RoiSampler {
  private RoiSampler() {}

  /** What a sample outside the photo reads. */
  public enum Border {
    /** Black (MediaPipe's {@code BORDER_ZERO}, used by the detector's letterbox). */
    ZERO,
    /** The nearest edge pixel (MediaPipe's default, used by the landmark crop). */
    REPLICATE
  }

  /** Linear grey a transparent pixel of an RGBA photo is composited over: sRGB 0.5. */
  static final float BACKGROUND = (float) ColorTransfer.srgbToLinear(0.5);

  /**
   * Crops {@code roi} out of {@code photo} into a {@code size x size} RGB tensor.
   *
   * @param photo linear RGB or RGBA (composited over mid grey)
   * @param min value of sRGB 0 in the output
   * @param max value of sRGB 1 in the output
   * @return {@code [size * size * 3]} row-major HWC, top row first, sRGB-encoded then mapped
   *     linearly onto [min, max] (the model's input range)
   */
  public static float[] crop(
      Image photo, RegionOfInterest roi, int size, Border border, float min, float max) {
    int w = photo.width();
    int h = photo.height();
    int ch = photo.channels();
    float[] src = photo.data();
    double footprint = Math.max(roi.width(), roi.height()) / size;
    int k = footprint > 1.5 ? (int) Math.min(8, Math.ceil(footprint)) : 1;
    float[] out = new float[size * size * 3];
    float[] rgb = new float[3];
    float range = max - min;
    double c = Math.cos(roi.rotation());
    double s = Math.sin(roi.rotation());
    for (int j = 0; j < size; j++) {
      for (int i = 0; i < size; i++) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int sj = 0; sj < k; sj++) {
          for (int si = 0; si < k; si++) {
            double u = (i + (si + 0.5) / k) / size;
            double v = (j + (sj + 0.5) / k) / size;
            double dx = (u - 0.5) * roi.width();
            double dy = (v - 0.5) * roi.height();
            double x = roi.centerX() + c * dx - s * dy;
            double y = roi.centerY() + s * dx + c * dy;
            bilinearRgb(src, w, h, ch, x - 0.5, y - 0.5, border, rgb);
            r += rgb[0];
            g += rgb[1];
            b += rgb[2];
          }
        }
        float inv = 1f / (k * k);
        int o = (j * size + i) * 3;
        out[o] = min + range * (float) ColorTransfer.linearToSrgb(r * inv);
        out[o + 1] = min + range * (float) ColorTransfer.linearToSrgb(g * inv);
        out[o + 2] = min + range * (float) ColorTransfer.linearToSrgb(b * inv);
      }
    }
    return out;
  }

  private static void bilinearRgb(
      float[] src, int w, int h, int ch, double px, double py, Border border, float[] rgb) {
    int x0 = (int) Math.floor(px);
    int y0 = (int) Math.floor(py);
    float fx = (float) (px - x0);
    float fy = (float) (py - y0);
    rgb[0] = 0;
    rgb[1] = 0;
    rgb[2] = 0;
    for (int t = 0; t < 4; t++) {
      int xi = x0 + (t & 1);
      int yi = y0 + (t >> 1);
      float wt = ((t & 1) == 1 ? fx : 1 - fx) * ((t >> 1) == 1 ? fy : 1 - fy);
      if (wt == 0) {
        continue;
      }
      if (xi < 0 || yi < 0 || xi >= w || yi >= h) {
        if (border == Border.ZERO) {
          continue;
        }
        xi = Math.max(0, Math.min(w - 1, xi));
        yi = Math.max(0, Math.min(h - 1, yi));
      }
      int p = (yi * w + xi) * ch;
      float a = ch == 4 ? src[p + 3] : 1f;
      float bg = (1 - a) * BACKGROUND;
      rgb[0] += wt * (src[p] * a + bg);
      rgb[1] += wt * (ch >= 3 ? src[p + 1] * a + bg : src[p] * a + bg);
      rgb[2] += wt * (ch >= 3 ? src[p + 2] * a + bg : src[p] * a + bg);
    }
  }

  /**
   * Warps a {@code size x size} one-channel map from the crop back onto the photo (bilinear, zero
   * outside the ROI).
   *
   * @param crop {@code [size * size]} row-major, top row first
   * @return {@code [width * height]} row-major, top row first
   */
  public static float[] uncrop(
      float[] crop, int size, RegionOfInterest roi, int width, int height) {
    float[] out = new float[width * height];
    double[][] corners = {
      roi.toImage(0, 0), roi.toImage(1, 0), roi.toImage(0, 1), roi.toImage(1, 1)
    };
    double xLo = Double.MAX_VALUE;
    double xHi = -Double.MAX_VALUE;
    double yLo = Double.MAX_VALUE;
    double yHi = -Double.MAX_VALUE;
    for (double[] p : corners) {
      xLo = Math.min(xLo, p[0]);
      xHi = Math.max(xHi, p[0]);
      yLo = Math.min(yLo, p[1]);
      yHi = Math.max(yHi, p[1]);
    }
    int x0 = Math.max(0, (int) Math.floor(xLo));
    int x1 = Math.min(width - 1, (int) Math.ceil(xHi));
    int y0 = Math.max(0, (int) Math.floor(yLo));
    int y1 = Math.min(height - 1, (int) Math.ceil(yHi));
    double c = Math.cos(roi.rotation());
    double s = Math.sin(roi.rotation());
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        double dx = x + 0.5 - roi.centerX();
        double dy = y + 0.5 - roi.centerY();
        double u = (c * dx + s * dy) / roi.width() + 0.5;
        double v = (-s * dx + c * dy) / roi.height() + 0.5;
        if (u < 0 || u > 1 || v < 0 || v > 1) {
          continue;
        }
        out[y * width + x] = bilinear(crop, size, u * size - 0.5, v * size - 0.5);
      }
    }
    return out;
  }

  /** Bilinear read of a square one-channel map, edge-clamped. */
  static float bilinear(float[] map, int size, double px, double py) {
    int x0 = (int) Math.floor(px);
    int y0 = (int) Math.floor(py);
    float fx = (float) (px - x0);
    float fy = (float) (py - y0);
    int xa = Math.max(0, Math.min(size - 1, x0));
    int xb = Math.max(0, Math.min(size - 1, x0 + 1));
    int ya = Math.max(0, Math.min(size - 1, y0));
    int yb = Math.max(0, Math.min(size - 1, y0 + 1));
    float top = map[ya * size + xa] * (1 - fx) + map[ya * size + xb] * fx;
    float bottom = map[yb * size + xa] * (1 - fx) + map[yb * size + xb] * fx;
    return top * (1 - fy) + bottom * fy;
  }
}
