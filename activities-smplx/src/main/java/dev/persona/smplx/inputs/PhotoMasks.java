package dev.persona.smplx.inputs;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.smplx.perception.PersonMask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Person masks a user already has: the alpha channel of a cut-out photo, or a separate mask image.
 */
public final class PhotoMasks {
  /** Alpha at or above this counts as opaque when deciding whether a photo is cut out. */
  private static final float OPAQUE = 254.5f / 255f;

  private PhotoMasks() {}

  /**
   * The person mask carried by an RGBA photo's alpha channel (straight alpha, as {@code
   * ImageIo.read} gives it).
   *
   * @return empty when the photo has no alpha channel or is opaque everywhere (not a cut-out)
   * @throws InvalidInputException NO_PERSON when the photo is transparent everywhere
   */
  public static Optional<PersonMask> fromAlpha(Image photo) {
    if (photo.channels() != 4) {
      return Optional.empty();
    }
    int n = photo.width() * photo.height();
    float[] src = photo.data();
    float[] alpha = new float[n];
    boolean anyTransparent = false;
    boolean anyVisible = false;
    for (int i = 0; i < n; i++) {
      float a = src[i * 4 + 3];
      alpha[i] = a;
      anyTransparent |= a < OPAQUE;
      anyVisible |= a > 0;
    }
    if (!anyVisible) {
      throw new InvalidInputException(
          Reason.NO_PERSON, "the photo is fully transparent: its alpha channel shows no person");
    }
    if (!anyTransparent) {
      return Optional.empty();
    }
    return Optional.of(new PersonMask(new Image(photo.width(), photo.height(), 1, alpha)));
  }

  /**
   * Reads a mask image for a {@code width x height} photo: its alpha channel if it has one, else
   * its grey level (see {@code ImageIo.readMask}).
   *
   * @throws InvalidInputException MALFORMED when its size differs from the photo's, NO_PERSON when
   *     it is empty, and ImageIo's reasons for unreadable files
   */
  public static PersonMask read(Path file, int width, int height) throws IOException {
    Image mask = ImageIo.readMask(file);
    if (mask.width() != width || mask.height() != height) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "mask "
              + file
              + " is "
              + mask.width()
              + "x"
              + mask.height()
              + ", the photo "
              + width
              + "x"
              + height);
    }
    boolean any = false;
    for (float v : mask.data()) {
      if (v > 0.5f) {
        any = true;
        break;
      }
    }
    if (!any) {
      throw new InvalidInputException(Reason.NO_PERSON, "mask " + file + " marks no person");
    }
    return new PersonMask(mask);
  }
}
