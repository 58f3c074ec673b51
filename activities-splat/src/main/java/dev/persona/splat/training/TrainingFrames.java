package dev.persona.splat.training;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageResize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames a training run reads: the input photo and the synthetic {@code train} frames of a
 * dataset (never its {@code test} frames), at the training resolution, as linear float targets
 * composited over the training background. All frames share one size (the loss keeps SSIM scratch
 * for one size).
 */
public final class TrainingFrames {
  private final TrainingFrame photo;
  private final List<TrainingFrame> synthetic;

  /**
   * @param photo the input photo's frame
   * @param synthetic the synthetic training frames, in id order; at least one
   * @throws InvalidInputException MALFORMED when frames differ in size, TOO_SMALL without synthetic
   *     frames
   */
  public TrainingFrames(TrainingFrame photo, List<TrainingFrame> synthetic) {
    if (synthetic.isEmpty()) {
      throw new InvalidInputException(
          Reason.TOO_SMALL, "no synthetic training frames (split \"train\"): nothing to train on");
    }
    for (TrainingFrame f : synthetic) {
      if (f.width() != photo.width() || f.height() != photo.height()) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            "training frames differ in size: photo "
                + photo.id()
                + " is "
                + photo.width()
                + "x"
                + photo.height()
                + ", frame "
                + f.id()
                + " is "
                + f.width()
                + "x"
                + f.height());
      }
    }
    this.photo = photo;
    this.synthetic = List.copyOf(synthetic);
  }

  /**
   * Loads the photo and train frames of {@code dataset}.
   *
   * @param resolution longest image side after resizing, pixels; 0 (or a size at least the frame's)
   *     keeps the frame's own size
   * @param background linear RGB composited behind each target with its mask
   * @throws InvalidInputException as {@link Dataset#image} and {@link Dataset#mask} throw them, or
   *     TOO_SMALL without train frames, MALFORMED when frames differ in size
   */
  public static TrainingFrames load(
      Dataset dataset, int resolution, TrainingOptions.Background background) throws IOException {
    if (resolution < 0) {
      throw new IllegalArgumentException("resolution must be >= 0, got " + resolution);
    }
    TrainingFrame photo = null;
    List<TrainingFrame> synthetic = new ArrayList<>();
    for (String id : dataset.trainingFrameIds()) {
      boolean isPhoto = dataset.split(id) == FrameSplit.PHOTO;
      TrainingFrame frame =
          frame(
              id,
              isPhoto,
              dataset.camera(id),
              dataset.params(id),
              dataset.image(id),
              dataset.mask(id),
              resolution,
              background);
      if (isPhoto) {
        photo = frame;
      } else {
        synthetic.add(frame);
      }
    }
    if (photo == null) {
      // Dataset.open refuses a description without a photo; this guards a future relaxation.
      throw new InvalidInputException(
          Reason.MALFORMED, dataset.folder() + ": no photo frame to train from");
    }
    if (synthetic.isEmpty()) {
      throw new InvalidInputException(
          Reason.TOO_SMALL,
          dataset.folder() + ": no frame has split \"train\"; training needs synthetic frames");
    }
    return new TrainingFrames(photo, synthetic);
  }

  /**
   * One frame resized and composited.
   *
   * @param image linear RGB, RGBA (straight alpha; the alpha is ignored, the mask decides) or grey
   * @param mask one channel, the image's size
   */
  public static TrainingFrame frame(
      String id,
      boolean isPhoto,
      PinholeCamera camera,
      SmplxParams params,
      Image image,
      Image mask,
      int resolution,
      TrainingOptions.Background background) {
    if (image.width() != mask.width() || image.height() != mask.height()) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "frame "
              + id
              + ": image "
              + image.width()
              + "x"
              + image.height()
              + " and mask "
              + mask.width()
              + "x"
              + mask.height()
              + " differ in size");
    }
    if (mask.channels() != 1) {
      throw new IllegalArgumentException("a mask has one channel, got " + mask.channels());
    }
    int[] size = ImageResize.fitLongestSide(image.width(), image.height(), resolution);
    int width = size[0];
    int height = size[1];
    PinholeCamera cam = camera;
    Image img = image;
    Image msk = mask;
    if (width != image.width() || height != image.height()) {
      img = ImageResize.resize(image, width, height);
      msk = ImageResize.resize(mask, width, height);
      cam = camera.withSize(width, height);
    }
    int n = width * height;
    int c = img.channels();
    float[] src = img.data();
    float[] m = msk.data().clone();
    float[] target = new float[n * 3];
    float[] bg = {background.red(), background.green(), background.blue()};
    for (int p = 0; p < n; p++) {
      float mp = Math.min(1f, Math.max(0f, m[p]));
      m[p] = mp;
      for (int ch = 0; ch < 3; ch++) {
        float v = c < 3 ? src[p * c] : src[p * c + ch];
        target[p * 3 + ch] = mp * v + (1 - mp) * bg[ch];
      }
    }
    return new TrainingFrame(id, isPhoto, cam, params, target, m);
  }

  /** The input photo's frame. */
  public TrainingFrame photo() {
    return photo;
  }

  /** The synthetic frames, in id order. */
  public List<TrainingFrame> synthetic() {
    return synthetic;
  }

  /** Synthetic frames M. */
  public int syntheticCount() {
    return synthetic.size();
  }

  /**
   * Frame {@code index} of {@link FrameSchedule}'s numbering: {@link FrameSchedule#PHOTO} for the
   * photo, else the synthetic frame at that index.
   */
  public TrainingFrame get(int index) {
    return index == FrameSchedule.PHOTO ? photo : synthetic.get(index);
  }

  /** Width of every frame, pixels. */
  public int width() {
    return photo.width();
  }

  /** Height of every frame, pixels. */
  public int height() {
    return photo.height();
  }
}
