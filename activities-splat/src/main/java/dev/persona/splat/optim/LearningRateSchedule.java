package dev.persona.splat.optim;

/** A factor on every group's base learning rate as a function of the step index. */
@FunctionalInterface
public interface LearningRateSchedule {
  /** Factor 1 at every step. */
  LearningRateSchedule CONSTANT = step -> 1.0;

  /**
   * The factor for the step with 0-based index {@code step} (the number of steps taken before it).
   */
  double factor(long step);
}
