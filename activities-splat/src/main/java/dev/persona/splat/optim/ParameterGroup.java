package dev.persona.splat.optim;

/**
 * One block of parameters the optimiser updates with its own learning rate: a flat array of values
 * and the array its gradient is accumulated into (same length, same layout). Neither is copied: the
 * optimiser updates {@link #values()} in place and the caller fills {@link #gradients()}.
 */
public final class ParameterGroup {
  private final String name;
  private final float[] values;
  private final float[] gradients;
  private final double learningRate;

  /**
   * @param name stable name, used as the key of this group's state in checkpoints
   * @param values {@code [n]} parameters
   * @param gradients {@code [n]} dL/d(values), filled by the caller before each step
   * @param learningRate base learning rate (before the schedule's factor), &gt; 0
   */
  public ParameterGroup(String name, float[] values, float[] gradients, double learningRate) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a parameter group needs a name");
    }
    if (values.length != gradients.length) {
      throw new IllegalArgumentException(
          "group "
              + name
              + ": "
              + values.length
              + " values but "
              + gradients.length
              + " gradients");
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("group " + name + ": bad learning rate " + learningRate);
    }
    this.name = name;
    this.values = values;
    this.gradients = gradients;
    this.learningRate = learningRate;
  }

  public String name() {
    return name;
  }

  /** The parameters {@code [n]} (the live array). */
  public float[] values() {
    return values;
  }

  /** The gradient {@code [n]} (the live array). */
  public float[] gradients() {
    return gradients;
  }

  public double learningRate() {
    return learningRate;
  }

  @Override
  public String toString() {
    return "ParameterGroup[" + name + ", " + values.length + " values, lr " + learningRate + "]";
  }
}
