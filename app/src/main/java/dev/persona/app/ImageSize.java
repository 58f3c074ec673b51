package dev.persona.app;

import dev.persona.core.InvalidInputException;

/** Parses the {@code WxH} image sizes of the command line. */
final class ImageSize {
  /** Larger renders than this are a typo, not a request. */
  static final int MAX_SIDE = 8192;

  private ImageSize() {}

  /** Returns {@code {width, height}}. */
  static int[] parse(String text) {
    String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x", -1);
    if (parts.length == 2) {
      try {
        int w = Integer.parseInt(parts[0].strip());
        int h = Integer.parseInt(parts[1].strip());
        if (w > 0 && h > 0 && w <= MAX_SIDE && h <= MAX_SIDE) {
          return new int[] {w, h};
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new InvalidInputException(
        InvalidInputException.Reason.MALFORMED,
        "size must be WIDTHxHEIGHT with sides 1.." + MAX_SIDE + ", got '" + text + "'");
  }
}
