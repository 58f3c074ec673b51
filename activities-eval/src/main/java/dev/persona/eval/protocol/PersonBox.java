package dev.persona.eval.protocol;

import dev.persona.core.InvalidInputException;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageOps;

/**
 * The person box of the evaluation protocol PERSONA and ExAvatar share (Moon et al.'s {@code
 * process_bbox}): the tight box of the ground-truth mask, widened or heightened about its centre to
 * the aspect ratio {@value #ASPECT} (width / height), then enlarged {@value #ENLARGE} times. The
 * box may reach past the image; {@link #crop} fills what lies outside.
 *
 * @param x left column of the box, pixels (may be negative)
 * @param y top row of the box, pixels (may be negative)
 * @param width box width, pixels
 * @param height box height, pixels
 */
public record PersonBox(int x, int y, int width, int height) {
  /** Width over height of the box (a 192 x 256 crop, as in Moon et al.'s code). */
  public static final double ASPECT = 0.75;

  /** Enlargement of the aspect-corrected box about its centre. */
  public static final double ENLARGE = 1.25;

  /** Mask values at or above this count as the person. */
  public static final float MASK_THRESHOLD = 0.5f;

  public PersonBox {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("empty person box " + width + "x" + height);
    }
  }

  /**
   * The box of the person in {@code mask} (one channel, coverage in [0, 1]).
   *
   * @throws InvalidInputException NO_PERSON when no pixel reaches {@link #MASK_THRESHOLD}
   */
  public static PersonBox ofMask(Image mask) {
    if (mask.channels() != 1) {
      throw new IllegalArgumentException("a mask has one channel, got " + mask.channels());
    }
    int w = mask.width();
    int h = mask.height();
    float[] m = mask.data();
    int minX = w;
    int minY = h;
    int maxX = -1;
    int maxY = -1;
    for (int row = 0; row < h; row++) {
      for (int col = 0; col < w; col++) {
        if (m[row * w + col] >= MASK_THRESHOLD) {
          minX = Math.min(minX, col);
          maxX = Math.max(maxX, col);
          minY = Math.min(minY, row);
          maxY = Math.max(maxY, row);
        }
      }
    }
    if (maxX < 0) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NO_PERSON, "the mask has no person pixels (all below 0.5)");
    }
    // Pixel-edge coordinates: pixel k spans [k, k + 1).
    double boxW = maxX + 1 - minX;
    double boxH = maxY + 1 - minY;
    double centreX = minX + boxW / 2;
    double centreY = minY + boxH / 2;
    if (boxW > ASPECT * boxH) {
      boxH = boxW / ASPECT;
    } else {
      boxW = boxH * ASPECT;
    }
    boxW *= ENLARGE;
    boxH *= ENLARGE;
    int width = (int) Math.round(boxW);
    int height = (int) Math.round(boxH);
    return new PersonBox(
        (int) Math.round(centreX - width / 2.0),
        (int) Math.round(centreY - height / 2.0),
        width,
        height);
  }

  /**
   * The box's pixels of {@code image} (any channel count); pixels outside the image take {@code
   * fill} in every channel.
   */
  public Image crop(Image image, float fill) {
    Image out = ImageOps.crop(image, x, y, width, height);
    if (x >= 0 && y >= 0 && x + width <= image.width() && y + height <= image.height()) {
      return out;
    }
    int c = image.channels();
    float[] d = out.data();
    for (int row = 0; row < height; row++) {
      int srcRow = y + row;
      boolean rowInside = srcRow >= 0 && srcRow < image.height();
      for (int col = 0; col < width; col++) {
        int srcCol = x + col;
        if (!rowInside || srcCol < 0 || srcCol >= image.width()) {
          int base = (row * width + col) * c;
          for (int k = 0; k < c; k++) {
            d[base + k] = fill;
          }
        }
      }
    }
    return out;
  }
}
