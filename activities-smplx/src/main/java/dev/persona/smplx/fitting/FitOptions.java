package dev.persona.smplx.fitting;

import java.util.List;

/**
 * How the fit runs: how many betas are unknowns and the stages in order. The first stage fits the
 * global orientation and translation only and is run from several starting orientations ({@link
 * SmplxFitter}).
 *
 * @param betas shape coefficients fitted (at most the model's count; 0 keeps the mean shape)
 * @param stages in order; the first must move neither the body pose nor the betas
 */
public record FitOptions(int betas, List<FitStage> stages) {
  public FitOptions {
    stages = List.copyOf(stages);
    if (betas < 0) {
      throw new IllegalArgumentException("betas must not be negative: " + betas);
    }
    if (stages.isEmpty() || stages.get(0).bodyPose() || stages.get(0).betas()) {
      throw new IllegalArgumentException("the first stage fits the camera only");
    }
  }

  /**
   * The schedule of {@code docs/fitting.md}: camera and orientation from the torso and head; pose
   * from all landmarks under a firm prior; pose with the silhouette under a softer one; then shape
   * and everything together.
   */
  public static FitOptions defaults() {
    double depth = 2e-3;
    return new FitOptions(
        10,
        List.of(
            new FitStage("camera", 30, false, false, new FitTerms(1, true, depth, 0, 0, 0, 0)),
            new FitStage("pose", 40, true, false, new FitTerms(1, false, depth, 0, 1e-3, 1, 0)),
            new FitStage(
                "shape+all", 50, true, true, new FitTerms(0.3, false, depth, 100, 1e-4, 1, 2e-5))));
  }

  /** The camera stage alone (used when SMPL-X parameters are given). */
  public FitOptions cameraOnly() {
    return new FitOptions(betas, List.of(stages.get(0)));
  }
}
