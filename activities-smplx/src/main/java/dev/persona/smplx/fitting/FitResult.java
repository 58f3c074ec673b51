package dev.persona.smplx.fitting;

import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import java.util.List;

/**
 * A finished fit.
 *
 * @param params the fitted SMPL-X parameters (body pose, betas, global orientation, translation)
 * @param camera the photo's camera they are seen through
 * @param stages one report per stage
 * @param projected {@code [33*2]} each landmark's body point projected onto the photo, pixels
 * @param landmarkErrorPx mean pixel distance between projected body points and the landmarks with
 *     confidence 0.5 or more
 * @param jointErrorPx the same over the 12 limb joints (shoulders to ankles) only
 * @param silhouetteIou intersection over union of the rendered body and the mask (working
 *     resolution), NaN without a mask
 * @param warnings notes for a person to read (more than one person, ...)
 * @param seconds the fit's wall-clock time
 */
@SuppressWarnings("ArrayRecordComponent") // a result, read once
public record FitResult(
    SmplxParams params,
    PinholeCamera camera,
    List<StageReport> stages,
    double[] projected,
    double landmarkErrorPx,
    double jointErrorPx,
    double silhouetteIou,
    List<String> warnings,
    double seconds) {
  public FitResult {
    stages = List.copyOf(stages);
    warnings = List.copyOf(warnings);
  }
}
