package dev.persona.splat.optim;

/**
 * Multiplies the learning rate by {@code factor} from step {@code atStep} on (0-based): PERSONA
 * divides every group's rate by 10 when {@code cur_itr == int(0.75 * tot_itr)}.
 *
 * @param atStep first step index that uses the decayed rate, at least 0
 * @param factor the decay, in (0, 1]
 */
public record StepDecay(long atStep, double factor) implements LearningRateSchedule {
  /** The paper's decay: x0.1 at 75 % of the iterations. */
  public static final double PAPER_FRACTION = 0.75;

  public static final double PAPER_FACTOR = 0.1;

  public StepDecay {
    if (atStep < 0 || !(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("bad step decay: at " + atStep + ", factor " + factor);
    }
  }

  /**
   * Decay at {@code floor(fraction * totalSteps)}, as PERSONA's {@code int(0.75 * tot_itr)}.
   *
   * @param fraction in [0, 1]
   */
  public static StepDecay atFraction(long totalSteps, double fraction, double factor) {
    if (totalSteps < 0 || !(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "bad decay point: fraction " + fraction + " of " + totalSteps + " steps");
    }
    return new StepDecay((long) Math.floor(fraction * totalSteps), factor);
  }

  /** The paper's schedule for a run of {@code totalSteps}. */
  public static StepDecay paper(long totalSteps) {
    return atFraction(totalSteps, PAPER_FRACTION, PAPER_FACTOR);
  }

  @Override
  public double factor(long step) {
    return step >= atStep ? factor : 1.0;
  }
}
