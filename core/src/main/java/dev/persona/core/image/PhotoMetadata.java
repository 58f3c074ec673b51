package dev.persona.core.image;

import java.util.Optional;

/**
 * What a photo's EXIF data says about how it was taken, as far as Persona uses it.
 *
 * @param orientation the EXIF orientation tag, 1 to 8 (1, upright, when absent); {@link
 *     ImageIo#read} has already applied it to the pixels
 * @param focalLength35mm the lens focal length in millimetres as if on a 35 mm (36 x 24 mm) film
 *     frame (EXIF {@code FocalLengthIn35mmFilm}); a default camera's field of view follows from it
 */
public record PhotoMetadata(int orientation, Optional<Double> focalLength35mm) {
  /** A photo without usable EXIF data. */
  public static final PhotoMetadata NONE = new PhotoMetadata(1, Optional.empty());

  public PhotoMetadata {
    if (orientation < 1 || orientation > 8) {
      throw new IllegalArgumentException("EXIF orientation must be 1..8: " + orientation);
    }
  }
}
