package dev.persona.splat.raster;

/**
 * The gradient of a scalar loss with respect to each output image of a {@link Rendering}, in the
 * same layouts; any of them may be null, meaning zero (the loss does not use that output).
 *
 * <ul>
 *   <li>{@code color [H*W*3]}: dL/d(colour with background);
 *   <li>{@code alpha [H*W]}: dL/d(alpha);
 *   <li>{@code depth [H*W]}: dL/d(expected depth), see {@link Rendering#depth()};
 *   <li>{@code features [H*W*F]}: dL/d(feature channels).
 * </ul>
 *
 * <p>Arrays are held, not copied.
 */
public final class RenderingGradient {
  private final float[] color;
  private final float[] alpha;
  private final float[] depth;
  private final float[] features;

  public RenderingGradient(float[] color, float[] alpha, float[] depth, float[] features) {
    this.color = color;
    this.alpha = alpha;
    this.depth = depth;
    this.features = features;
  }

  /** A gradient on colour only. */
  public static RenderingGradient ofColor(float[] color) {
    return new RenderingGradient(color, null, null, null);
  }

  /** {@code [H*W*3]} or null. */
  public float[] color() {
    return color;
  }

  /** {@code [H*W]} or null. */
  public float[] alpha() {
    return alpha;
  }

  /** {@code [H*W]} or null. */
  public float[] depth() {
    return depth;
  }

  /** {@code [H*W*F]} or null. */
  public float[] features() {
    return features;
  }

  /** Checks every non-null array against the rendering's image size. */
  void checkSizes(int width, int height, int featureChannels) {
    long pixels = (long) width * height;
    check("color", color, pixels * 3);
    check("alpha", alpha, pixels);
    check("depth", depth, pixels);
    check("features", features, pixels * featureChannels);
  }

  private static void check(String name, float[] array, long expected) {
    if (array != null && array.length != expected) {
      throw new IllegalArgumentException(
          "gradient of " + name + " has " + array.length + " values, expected " + expected);
    }
  }
}
