package dev.persona.core.image;

/**
 * Limits applied when decoding an image file, checked from the file's header before any pixel is
 * decoded.
 *
 * @param maxPixels the most pixels (width times height) an image may have
 */
public record ImageLimits(long maxPixels) {
  /** 50 megapixels: larger than any phone photo, small enough to decode safely (about 800 MB). */
  public static final ImageLimits DEFAULT = new ImageLimits(50_000_000L);

  public ImageLimits {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
    }
  }
}
