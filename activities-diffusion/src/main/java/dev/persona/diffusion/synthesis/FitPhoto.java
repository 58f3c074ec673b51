package dev.persona.diffusion.synthesis;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.image.Image;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The stage's input: the photo frame of a fit folder (what {@code ./persona fit} writes, and the
 * photo frame of a synthetic subject): the photo, the person's mask, the camera and the fitted
 * SMPL-X parameters.
 *
 * @param id the photo's frame id in the fit folder
 * @param image linear RGB (or RGBA), the camera's size
 * @param mask one channel, coverage in [0, 1], the camera's size
 */
public record FitPhoto(
    String id, Image image, Image mask, PinholeCamera camera, SmplxParams params) {
  public FitPhoto {
    if (image.width() != camera.width()
        || image.height() != camera.height()
        || mask.width() != camera.width()
        || mask.height() != camera.height()) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "the photo ("
              + image.width()
              + "x"
              + image.height()
              + "), its mask ("
              + mask.width()
              + "x"
              + mask.height()
              + ") and its camera ("
              + camera.width()
              + "x"
              + camera.height()
              + ") must have one size");
    }
    if (mask.channels() != 1) {
      throw new InvalidInputException(Reason.MALFORMED, "the photo's mask must have one channel");
    }
  }

  /**
   * Reads the photo frame of a dataset folder.
   *
   * @throws InvalidInputException as {@link Dataset#open} (NOT_FOUND, MALFORMED) for a folder that
   *     is not a complete dataset
   */
  public static FitPhoto read(Path folder) throws IOException {
    Dataset dataset = Dataset.open(folder);
    String id = dataset.photoId();
    return new FitPhoto(
        id, dataset.image(id), dataset.mask(id), dataset.camera(id), dataset.params(id));
  }
}
