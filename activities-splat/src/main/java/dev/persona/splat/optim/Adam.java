package dev.persona.splat.optim;

import java.util.Arrays;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1) over flat float parameter groups, written as PyTorch's
 * {@code torch.optim.Adam} computes it, so a run can be compared with the reference code. For step
 * t = 1, 2, ... and every element:
 *
 * <pre>
 *   m = beta1 m + (1 - beta1) g
 *   v = beta2 v + (1 - beta2) g^2
 *   p = p - lr_t / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * with {@code lr_t} the group's rate times the schedule's factor for step index t - 1. Moments are
 * stored as float, like the parameters; each element's update is evaluated in double from the
 * stored values and rounded once, so a run restored from {@link #stepCount()} and the moment arrays
 * continues bit-identically. Elements are independent, so the result does not depend on how a
 * caller splits the work.
 */
public final class Adam {
  /**
   * Exponential decay rates and epsilon.
   *
   * @param beta1 first-moment decay in [0, 1)
   * @param beta2 second-moment decay in [0, 1)
   * @param epsilon added to the bias-corrected root second moment, &gt; 0
   */
  public record Settings(double beta1, double beta2, double epsilon) {
    /**
     * PyTorch's betas (0.9, 0.999) with eps 1e-15, the value 3DGS (Kerbl et al. 2023) and PERSONA's
     * trainer ({@code torch.optim.Adam(..., eps=1e-15)}) use: with per-Gaussian gradients often
     * near 1e-8, the usual 1e-8 would damp exactly the small updates they need.
     */
    public static final Settings PAPER = new Settings(0.9, 0.999, 1e-15);

    public Settings {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
        throw new IllegalArgumentException(
            "bad Adam settings: beta1 " + beta1 + ", beta2 " + beta2 + ", eps " + epsilon);
      }
    }
  }

  private final List<ParameterGroup> groups;
  private final Settings settings;
  private final LearningRateSchedule schedule;
  private final float[][] firstMoments;
  private final float[][] secondMoments;
  private long stepCount;

  /**
   * @param groups the blocks to optimise, with distinct names
   */
  public Adam(List<ParameterGroup> groups, Settings settings, LearningRateSchedule schedule) {
    this.groups = List.copyOf(groups);
    this.settings = settings;
    this.schedule = schedule;
    firstMoments = new float[this.groups.size()][];
    secondMoments = new float[this.groups.size()][];
    for (int g = 0; g < this.groups.size(); g++) {
      ParameterGroup group = this.groups.get(g);
      for (int h = 0; h < g; h++) {
        if (this.groups.get(h).name().equals(group.name())) {
          throw new IllegalArgumentException("two parameter groups named " + group.name());
        }
      }
      firstMoments[g] = new float[group.values().length];
      secondMoments[g] = new float[group.values().length];
    }
  }

  public List<ParameterGroup> groups() {
    return groups;
  }

  public Settings settings() {
    return settings;
  }

  /** Steps taken so far; the next step has this index. */
  public long stepCount() {
    return stepCount;
  }

  /** Sets the step counter, when restoring a checkpoint together with the moments. */
  public void setStepCount(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("negative step count " + steps);
    }
    stepCount = steps;
  }

  /**
   * Group g's first moment m, {@code [n]} (the live array: a checkpoint reads it and a restore
   * writes into it).
   */
  public float[] firstMoment(int g) {
    return firstMoments[g];
  }

  /** Group g's second moment v, {@code [n]} (the live array). */
  public float[] secondMoment(int g) {
    return secondMoments[g];
  }

  /** Group g's learning rate for the next step: its base rate times the schedule's factor. */
  public double learningRate(int g) {
    return groups.get(g).learningRate() * schedule.factor(stepCount);
  }

  /** Zeroes every group's gradient array, ready for the next accumulation. */
  public void zeroGradients() {
    for (ParameterGroup group : groups) {
      Arrays.fill(group.gradients(), 0f);
    }
  }

  /** One Adam step on every group from its current gradients; gradients are left as they are. */
  public void step() {
    long t = stepCount + 1;
    double beta1 = settings.beta1();
    double beta2 = settings.beta2();
    double eps = settings.epsilon();
    double correction1 = 1 - Math.pow(beta1, (double) t);
    double rootCorrection2 = Math.sqrt(1 - Math.pow(beta2, (double) t));
    for (int g = 0; g < groups.size(); g++) {
      ParameterGroup group = groups.get(g);
      double stepSize = learningRate(g) / correction1;
      float[] p = group.values();
      float[] grad = group.gradients();
      float[] m = firstMoments[g];
      float[] v = secondMoments[g];
      for (int i = 0; i < p.length; i++) {
        double gi = grad[i];
        float mi = (float) (beta1 * m[i] + (1 - beta1) * gi);
        float vi = (float) (beta2 * v[i] + (1 - beta2) * gi * gi);
        m[i] = mi;
        v[i] = vi;
        p[i] = (float) (p[i] - stepSize * mi / (Math.sqrt(vi) / rootCorrection2 + eps));
      }
    }
    stepCount = t;
  }
}
