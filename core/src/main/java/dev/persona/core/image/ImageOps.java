package dev.persona.core.image;

/**
 * Small whole-image operations on linear images: cropping, compositing one image over another or
 * over a flat colour, widening grey or RGB to RGB, and filled discs for the overlays people look
 * at. Alpha, where present, is the fourth channel and straight (see {@link Image}); compositing is
 * Porter-Duff "over" in linear light.
 */
public final class ImageOps {
  private ImageOps() {}

  /**
   * The {@code width} x {@code height} region whose top-left pixel is {@code (x, y)} of {@code
   * image}. The region may extend past the image's edges (a person's box with a margin, say);
   * pixels outside are zero in every channel (black, and transparent when there is alpha).
   */
  public static Image crop(Image image, int x, int y, int width, int height) {
    Image out = new Image(width, height, image.channels());
    int c = image.channels();
    int x0 = Math.max(0, x);
    int x1 = Math.min(image.width(), x + width);
    if (x1 <= x0) {
      return out;
    }
    float[] src = image.data();
    float[] dst = out.data();
    for (int row = Math.max(0, y); row < Math.min(image.height(), y + height); row++) {
      System.arraycopy(
          src,
          (row * image.width() + x0) * c,
          dst,
          ((row - y) * width + (x0 - x)) * c,
          (x1 - x0) * c);
    }
    return out;
  }

  /**
   * Composites {@code src} over {@code dst} in place, {@code src}'s top-left pixel at {@code (x,
   * y)} of {@code dst}; parts outside {@code dst} are clipped. Both must have the same colour
   * channels (1 grey, or 3 RGB), each with or without alpha: a {@code src} without alpha replaces
   * what it covers; with alpha it is blended over, and a {@code dst} with alpha gets the combined
   * coverage {@code a_s + a_d (1 - a_s)}.
   */
  public static void paste(Image dst, Image src, int x, int y) {
    int sc = src.channels();
    int dc = dst.channels();
    boolean srcAlpha = sc == 4;
    boolean dstAlpha = dc == 4;
    int colour = srcAlpha ? 3 : sc;
    if (colour != (dstAlpha ? 3 : dc) || colour == 2) {
      throw new IllegalArgumentException(
          "cannot paste a " + sc + "-channel image onto a " + dc + "-channel one");
    }
    float[] s = src.data();
    float[] d = dst.data();
    for (int row = Math.max(0, y); row < Math.min(dst.height(), y + src.height()); row++) {
      for (int col = Math.max(0, x); col < Math.min(dst.width(), x + src.width()); col++) {
        int si = ((row - y) * src.width() + (col - x)) * sc;
        int di = (row * dst.width() + col) * dc;
        float as = srcAlpha ? s[si + 3] : 1f;
        float ad = dstAlpha ? d[di + 3] : 1f;
        float ao = as + ad * (1 - as);
        for (int ch = 0; ch < colour; ch++) {
          float premultiplied = s[si + ch] * as + d[di + ch] * ad * (1 - as);
          d[di + ch] = ao > 0 ? premultiplied / ao : 0;
        }
        if (dstAlpha) {
          d[di + 3] = ao;
        }
      }
    }
  }

  /**
   * An RGB image: {@code image} composited over the flat linear colour {@code (r, g, b)} when it
   * has alpha, grey widened to RGB, RGB copied.
   */
  public static Image flattenOver(Image image, float r, float g, float b) {
    int c = image.channels();
    if (c == 2) {
      throw new IllegalArgumentException("two-channel images have no colour meaning here");
    }
    int n = image.width() * image.height();
    float[] src = image.data();
    float[] out = new float[n * 3];
    for (int i = 0; i < n; i++) {
      if (c == 1) {
        out[i * 3] = src[i];
        out[i * 3 + 1] = src[i];
        out[i * 3 + 2] = src[i];
      } else if (c == 3) {
        System.arraycopy(src, i * 3, out, i * 3, 3);
      } else {
        float a = src[i * 4 + 3];
        out[i * 3] = src[i * 4] * a + r * (1 - a);
        out[i * 3 + 1] = src[i * 4 + 1] * a + g * (1 - a);
        out[i * 3 + 2] = src[i * 4 + 2] * a + b * (1 - a);
      }
    }
    return new Image(image.width(), image.height(), 3, out);
  }

  /**
   * Paints a filled disc: every pixel whose centre lies within {@code r} of {@code (cx, cy)} (pixel
   * coordinates, centres at +0.5) gets {@code color} in its first three channels. Parts outside the
   * image are clipped.
   *
   * @param color {@code [3]} linear RGB
   */
  public static void fillDisc(Image image, double cx, double cy, double r, float[] color) {
    int x0 = (int) Math.floor(cx - r);
    int x1 = (int) Math.ceil(cx + r);
    int y0 = (int) Math.floor(cy - r);
    int y1 = (int) Math.ceil(cy + r);
    for (int y = Math.max(0, y0); y <= Math.min(image.height() - 1, y1); y++) {
      for (int x = Math.max(0, x0); x <= Math.min(image.width() - 1, x1); x++) {
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;
        if (dx * dx + dy * dy <= r * r) {
          for (int c = 0; c < 3; c++) {
            image.set(x, y, c, color[c]);
          }
        }
      }
    }
  }
}
