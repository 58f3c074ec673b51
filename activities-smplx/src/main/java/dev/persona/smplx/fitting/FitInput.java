package dev.persona.smplx.fitting;

import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.smplx.perception.PersonMask;
import dev.persona.smplx.perception.PoseLandmarks;
import dev.persona.smplx.perception.PosePerceptionResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What one fit starts from.
 *
 * @param camera the photo's camera ({@link PhotoCamera}): its size is the photo's
 * @param landmarks the 33 landmarks, photo pixels (and world landmarks when known)
 * @param mask the person's mask at the photo's size, or {@code null} (no silhouette term)
 * @param given SMPL-X parameters to keep, or {@code null} to fit everything: when given, their body
 *     pose, hands, face and betas are kept and only the global orientation and translation are
 *     fitted (the camera stage), so the body lands on the photo
 * @param warnings notes from earlier steps to carry into the result (e.g. more than one person)
 */
public record FitInput(
    PinholeCamera camera,
    PoseLandmarks landmarks,
    PersonMask mask,
    SmplxParams given,
    List<String> warnings) {
  /**
   * The input for a photo perceived by BlazePose: its landmarks and mask; a warning when more than
   * one person was detected (BlazePose keeps the largest, which is the one fitted).
   */
  public static FitInput fromPerception(PinholeCamera camera, PosePerceptionResult perception) {
    List<String> warnings = new ArrayList<>();
    if (perception.multiplePeople()) {
      warnings.add(
          perception.personCount() + " people detected on the photo; the largest was fitted");
    }
    return new FitInput(camera, perception.landmarks(), perception.mask(), null, warnings);
  }

  public FitInput {
    warnings = List.copyOf(warnings);
    if (mask != null && (mask.width() != camera.width() || mask.height() != camera.height())) {
      throw new IllegalArgumentException(
          "the mask is "
              + mask.width()
              + "x"
              + mask.height()
              + " but the photo "
              + camera.width()
              + "x"
              + camera.height());
    }
  }
}
