package dev.persona.core.body;

/**
 * Hand poses from SMPL-X's hand PCA ({@code hands_components*}, {@code hands_mean*} of the npz), as
 * {@code smplx} computes them with {@code use_pca=True, flat_hand_mean=False}: {@code pose = mean +
 * coefficients . components} (MANO, Romero et al. 2017).
 *
 * <p>{@link SmplxParams} always holds full axis-angle hand poses, absolute (the {@code
 * flat_hand_mean=True} convention: zero is a flat hand). A caller who fits or animates with PCA
 * coefficients converts them here, and chains gradients back with {@link #coefficientGradient}.
 * Parameters saved by {@code smplx} with {@code use_pca=False, flat_hand_mean=False} are relative
 * to the mean: add {@link BodyModel#handMeanLeft()} / right to them before use.
 */
public final class HandPca {
  private HandPca() {}

  /** Which hand. */
  public enum Side {
    LEFT,
    RIGHT
  }

  private static final int POSE = SmplxJoints.HAND_JOINTS * 3;

  /** Number of PCA components the model provides for a hand (0 without hand PCA). */
  public static int componentCount(BodyModel model, Side side) {
    float[] components = components(model, side);
    return components == null ? 0 : components.length / POSE;
  }

  /**
   * The axis-angle hand pose of PCA coefficients.
   *
   * @param coefficients {@code [K']}, {@code K' <=} {@link #componentCount}; the first components
   * @param dest {@code [45]} axis-angle radians, 15 joints in SMPL-X order
   */
  public static void toAxisAngle(BodyModel model, Side side, double[] coefficients, double[] dest) {
    float[] components = checked(model, side, coefficients.length);
    float[] mean = side == Side.LEFT ? model.handMeanLeft() : model.handMeanRight();
    for (int i = 0; i < POSE; i++) {
      dest[i] = mean[i];
    }
    for (int k = 0; k < coefficients.length; k++) {
      for (int i = 0; i < POSE; i++) {
        dest[i] += coefficients[k] * components[k * POSE + i];
      }
    }
  }

  /**
   * Chains a gradient with respect to the axis-angle hand pose to the coefficients: {@code dest[k]
   * = sum_i components[k, i] grad[i]}.
   *
   * @param gradHandPose {@code [45]}
   * @param dest {@code [K']}, as many coefficients as were used
   */
  public static void coefficientGradient(
      BodyModel model, Side side, double[] gradHandPose, double[] dest) {
    float[] components = checked(model, side, dest.length);
    for (int k = 0; k < dest.length; k++) {
      double g = 0;
      for (int i = 0; i < POSE; i++) {
        g += components[k * POSE + i] * gradHandPose[i];
      }
      dest[k] = g;
    }
  }

  private static float[] components(BodyModel model, Side side) {
    return side == Side.LEFT ? model.handComponentsLeft() : model.handComponentsRight();
  }

  private static float[] checked(BodyModel model, Side side, int count) {
    float[] components = components(model, side);
    float[] mean = side == Side.LEFT ? model.handMeanLeft() : model.handMeanRight();
    if (components == null || mean == null) {
      throw new IllegalArgumentException("model " + model.name() + " has no hand PCA");
    }
    if (count > components.length / POSE) {
      throw new IllegalArgumentException(
          "model " + model.name() + " has " + components.length / POSE + " hand components");
    }
    return components;
  }
}
