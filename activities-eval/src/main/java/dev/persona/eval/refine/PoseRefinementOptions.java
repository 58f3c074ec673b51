package dev.persona.eval.refine;

/**
 * How {@link TestPoseRefinement} optimises a test frame's pose.
 *
 * @param steps Adam steps per frame, &gt;= 0 (0: the frame is scored at its dataset pose)
 * @param rotationLearningRate Adam's rate for the axis-angle components of the global orientation
 *     and the 21 body joints, radians: Adam moves each component by about this much per step, so 50
 *     steps can undo some 30 degrees
 * @param translationLearningRate Adam's rate for {@code transl}, metres per step
 * @param rotationPrior weight {@code lambda_r} of the prior {@code lambda_r / 2 |theta -
 *     theta_0|^2} (per radian squared) that keeps the pose near the dataset's
 * @param translationPrior weight {@code lambda_t} of {@code lambda_t / 2 |t - t_0|^2} (per metre
 *     squared)
 */
public record PoseRefinementOptions(
    int steps,
    double rotationLearningRate,
    double translationLearningRate,
    double rotationPrior,
    double translationPrior) {

  /** Steps of {@link #defaults()}. */
  public static final int DEFAULT_STEPS = 50;

  public PoseRefinementOptions {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    if (!(rotationLearningRate > 0) || !(translationLearningRate > 0)) {
      throw new IllegalArgumentException("learning rates must be > 0");
    }
    if (!(rotationPrior >= 0) || !(translationPrior >= 0)) {
      throw new IllegalArgumentException("prior weights must be >= 0");
    }
  }

  /**
   * 50 steps at 0.01 rad and 2 mm per step. The priors, 1e-3 per rad^2 and 0.1 per m^2, cost about
   * 2e-5 for a 0.2 rad (11 degree) or 2 cm correction, a tenth of what correcting such an error
   * gains on a typical frame's photometric loss (~1e-3 to 1e-2), yet enough that a joint whose
   * pixels barely change the loss (a hidden wrist) drifts back instead of wandering, and that no
   * pose is bent far to explain a texture the avatar got wrong.
   */
  public static PoseRefinementOptions defaults() {
    return new PoseRefinementOptions(DEFAULT_STEPS, 0.01, 0.002, 1e-3, 0.1);
  }

  /** A copy with another step count. */
  public PoseRefinementOptions withSteps(int count) {
    return new PoseRefinementOptions(
        count, rotationLearningRate, translationLearningRate, rotationPrior, translationPrior);
  }
}
