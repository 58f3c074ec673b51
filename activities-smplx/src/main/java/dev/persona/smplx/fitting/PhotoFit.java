package dev.persona.smplx.fitting;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.SmplxParamsJson;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.progress.ProgressListener;
import dev.persona.smplx.inputs.OpenPoseKeypoints;
import dev.persona.smplx.inputs.PhotoMasks;
import dev.persona.smplx.models.MediaPipePoseModels;
import dev.persona.smplx.perception.BlazePose;
import dev.persona.smplx.perception.BlazePoseOptions;
import dev.persona.smplx.perception.PersonMask;
import dev.persona.smplx.perception.PoseLandmarks;
import dev.persona.smplx.perception.PosePerceptionResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage 0 of the pipeline end to end for one photo: read it (ImageIo's typed errors: not found,
 * wrong format, corrupt or truncated, over the pixel limit), refuse one too small to fit, perceive
 * the person (BlazePose) or take given OpenPose keypoints, fit ({@link SmplxFitter}) and write the
 * fit dataset ({@link FitOutput}).
 *
 * <p>Landmarks and mask: BlazePose's, unless {@code keypoints} is given; then the landmarks are the
 * OpenPose ones (no world landmarks, so no depth cue) and the mask is the photo's alpha channel
 * when it is a cut-out, else BlazePose's mask. With {@code params}, the body pose and shape are
 * taken from the file and only the orientation and translation are fitted.
 */
public final class PhotoFit {
  /** Photos with a shorter side than this are refused: a body in them is a few dozen pixels. */
  public static final int MIN_SIDE = 128;

  /**
   * Perceives the person on a photo, typically {@link BlazePose#perceive}; called only when needed
   * (not with keypoints and a cut-out photo), so a caller may open the models lazily.
   */
  @FunctionalInterface
  public interface Perception {
    PosePerceptionResult perceive(Image photo) throws IOException;

    /**
     * BlazePose with its default options, its models from the default model cache (fetched on first
     * use, docs/models.md), opened for one photo and closed again.
     */
    static Perception blazePose() {
      return image -> {
        try (BlazePose pose =
            BlazePose.open(MediaPipePoseModels.inDefaultCache(), BlazePoseOptions.DEFAULTS)) {
          return pose.perceive(image);
        }
      };
    }
  }

  /**
   * What to fit.
   *
   * @param photo the photo file
   * @param out the output folder (must not exist or be empty)
   * @param keypoints an OpenPose JSON file, or {@code null}
   * @param params SMPL-X parameters JSON to keep, or {@code null}
   */
  public record Request(Path photo, Path out, Path keypoints, Path params) {}

  /**
   * What came of it.
   *
   * @param fit the fit
   * @param times wall-clock seconds: {@code read}, {@code perception} (0 when not run), {@code
   *     fit}, {@code write}
   */
  public record Outcome(FitResult fit, Map<String, Double> times) {
    public Outcome {
      times = Map.copyOf(times);
    }
  }

  private PhotoFit() {}

  /** Runs the request; nothing is left in {@code out} when it fails. */
  public static Outcome run(
      Request request, BodyModel model, Perception perception, ProgressListener progress)
      throws IOException {
    Map<String, Double> times = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    progress.progress(0, 0, "reading " + request.photo().getFileName());
    Image photo = ImageIo.read(request.photo());
    if (Math.min(photo.width(), photo.height()) < MIN_SIDE) {
      throw new InvalidInputException(
          Reason.TOO_SMALL,
          "the photo is "
              + photo.width()
              + "x"
              + photo.height()
              + "; a fit needs at least "
              + MIN_SIDE
              + " pixels on the shorter side");
    }
    PinholeCamera camera =
        PhotoCamera.of(photo.width(), photo.height(), ImageIo.readMetadata(request.photo()));
    SmplxParams given = request.params() == null ? null : SmplxParamsJson.read(request.params());
    long t1 = System.nanoTime();
    times.put("read", (t1 - t0) * 1e-9);

    PoseLandmarks landmarks;
    PersonMask mask;
    List<String> warnings = new ArrayList<>();
    String source;
    if (request.keypoints() != null) {
      OpenPoseKeypoints keypoints = OpenPoseKeypoints.read(request.keypoints());
      landmarks = keypoints.landmarks();
      source = "openpose:" + keypoints.format().name().toLowerCase(java.util.Locale.ROOT);
      if (keypoints.peopleCount() > 1) {
        warnings.add(
            keypoints.peopleCount() + " people in the keypoint file; the largest was fitted");
      }
      Optional<PersonMask> alpha = PhotoMasks.fromAlpha(photo);
      if (alpha.isPresent()) {
        mask = alpha.get();
      } else {
        progress.progress(0, 0, "perceiving the person for its mask");
        mask = perception.perceive(photo).mask();
      }
    } else {
      progress.progress(0, 0, "perceiving the person (BlazePose)");
      PosePerceptionResult seen = perception.perceive(photo);
      FitInput fromPerception = FitInput.fromPerception(camera, seen);
      landmarks = seen.landmarks();
      mask = PhotoMasks.fromAlpha(photo).orElse(seen.mask());
      warnings.addAll(fromPerception.warnings());
      source = "blazepose";
    }
    long t2 = System.nanoTime();
    times.put("perception", (t2 - t1) * 1e-9);

    FitResult fit =
        new SmplxFitter(model, FitOptions.defaults())
            .fit(new FitInput(camera, landmarks, mask, given, warnings), progress);
    long t3 = System.nanoTime();
    times.put("fit", (t3 - t2) * 1e-9);
    FitOutput.write(request.out(), photo, mask, landmarks, source, model, fit, times);
    times.put("write", (System.nanoTime() - t3) * 1e-9);
    return new Outcome(fit, times);
  }
}
