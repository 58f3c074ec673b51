package dev.persona.core.image;

/**
 * Turns a stored image upright according to its EXIF orientation tag (EXIF 2.32, tag 0x0112). The
 * tag says where the stored image's first row and column belong when viewed: 1 upright, 2 mirrored
 * left-right, 3 rotated 180 degrees, 4 mirrored top-bottom, 5 transposed (mirrored across the main
 * diagonal), 6 needs a 90 degree clockwise turn, 7 transversed (mirrored across the anti-diagonal),
 * 8 needs a 90 degree counter-clockwise turn. Orientations 5 to 8 swap width and height.
 */
final class ExifOrientation {
  private ExifOrientation() {}

  /**
   * The upright image: {@code stored} itself for orientation 1 (or any value outside 1..8, which
   * EXIF leaves undefined), else a new image.
   */
  static Image apply(Image stored, int orientation) {
    if (orientation < 2 || orientation > 8) {
      return stored;
    }
    int w = stored.width();
    int h = stored.height();
    int c = stored.channels();
    boolean swap = orientation >= 5;
    int outW = swap ? h : w;
    int outH = swap ? w : h;
    // Stored pixel (x, y) lands at output pixel index base + x * stepX + y * stepY.
    int base;
    int stepX;
    int stepY;
    switch (orientation) {
      case 2 -> { // (W-1-x, y)
        base = w - 1;
        stepX = -1;
        stepY = w;
      }
      case 3 -> { // (W-1-x, H-1-y)
        base = (h - 1) * w + w - 1;
        stepX = -1;
        stepY = -w;
      }
      case 4 -> { // (x, H-1-y)
        base = (h - 1) * w;
        stepX = 1;
        stepY = -w;
      }
      case 5 -> { // (y, x)
        base = 0;
        stepX = h;
        stepY = 1;
      }
      case 6 -> { // (H-1-y, x)
        base = h - 1;
        stepX = h;
        stepY = -1;
      }
      case 7 -> { // (H-1-y, W-1-x)
        base = (w - 1) * h + h - 1;
        stepX = -h;
        stepY = -1;
      }
      default -> { // 8: (y, W-1-x)
        base = (w - 1) * h;
        stepX = -h;
        stepY = 1;
      }
    }
    float[] src = stored.data();
    float[] dst = new float[src.length];
    for (int y = 0; y < h; y++) {
      int o = base + y * stepY;
      int s = y * w * c;
      for (int x = 0; x < w; x++, o += stepX, s += c) {
        System.arraycopy(src, s, dst, o * c, c);
      }
    }
    return new Image(outW, outH, c, dst);
  }
}
