package dev.persona.splat.raster;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.splat.gaussian.Gaussians;

/**
 * The output of {@link GaussianRasterizer#render} and what its backward pass needs. Images are flat
 * float arrays, row-major, top row first, pixel (x, y) at index {@code y*W + x} (times the channel
 * count):
 *
 * <ul>
 *   <li>{@code color [H*W*3]}: linear RGB with the background composited, {@code sum_i w_i c_i +
 *       T_final * background}, w_i = alpha_i T_i;
 *   <li>{@code alpha [H*W]}: {@code 1 - T_final = sum_i w_i};
 *   <li>{@code depth [H*W]}: expected depth (gsplat's "ED" mode), {@code sum_i w_i z_i / alpha}
 *       with z_i the camera-space depth of Gaussian i's mean in metres, and 0 where alpha is 0;
 *   <li>{@code features [H*W*F]}: {@code sum_i w_i f_i} (composited over zero);
 *   <li>{@code finalTransmittance [H*W]}: T_final;
 *   <li>{@code lastContributor [H*W]}: for the tiled rasterizer, one past the position in the
 *       pixel's tile list of the last Gaussian composited (the backward pass starts there); 0 when
 *       nothing was composited.
 * </ul>
 *
 * <p>The rendering keeps a reference to its Gaussians (not a copy) and the rasterizer's forward
 * state; it is immutable in intent: the arrays are exposed for speed, not for writing.
 */
public final class Rendering {
  private final Gaussians gaussians;
  private final PinholeCamera camera;
  private final RenderSettings settings;
  private final float[] color;
  private final float[] alpha;
  private final float[] depth;
  private final float[] features;
  private final float[] finalTransmittance;
  private final int[] lastContributor;
  private final long evaluations;
  private final Object producer;
  private final Object forwardState;

  Rendering(
      Gaussians gaussians,
      PinholeCamera camera,
      RenderSettings settings,
      float[] color,
      float[] alpha,
      float[] depth,
      float[] features,
      float[] finalTransmittance,
      int[] lastContributor,
      long evaluations,
      Object producer,
      Object forwardState) {
    this.gaussians = gaussians;
    this.camera = camera;
    this.settings = settings;
    this.color = color;
    this.alpha = alpha;
    this.depth = depth;
    this.features = features;
    this.finalTransmittance = finalTransmittance;
    this.lastContributor = lastContributor;
    this.evaluations = evaluations;
    this.producer = producer;
    this.forwardState = forwardState;
  }

  public Gaussians gaussians() {
    return gaussians;
  }

  public PinholeCamera camera() {
    return camera;
  }

  public RenderSettings settings() {
    return settings;
  }

  public int width() {
    return camera.width();
  }

  public int height() {
    return camera.height();
  }

  public int featureChannels() {
    return gaussians.featureChannels();
  }

  /** {@code [H*W*3]} linear RGB, background composited. */
  public float[] color() {
    return color;
  }

  /** {@code [H*W]} accumulated opacity. */
  public float[] alpha() {
    return alpha;
  }

  /** {@code [H*W]} expected camera-space depth, metres; 0 where alpha is 0. */
  public float[] depth() {
    return depth;
  }

  /** {@code [H*W*F]} composited feature channels. */
  public float[] features() {
    return features;
  }

  /** {@code [H*W]} transmittance left after the last Gaussian. */
  public float[] finalTransmittance() {
    return finalTransmittance;
  }

  /** {@code [H*W]} see the class comment. */
  public int[] lastContributor() {
    return lastContributor;
  }

  /**
   * Gaussian-pixel evaluations in the forward pass: the number of (pixel, Gaussian) pairs whose
   * Gaussian power was computed, a measure of the work independent of the machine.
   */
  public long evaluations() {
    return evaluations;
  }

  /** The colour as a 3-channel image (a copy). */
  public Image colorImage() {
    return new Image(width(), height(), 3, color.clone());
  }

  /** Colour and alpha as a 4-channel RGBA image (straight alpha; colour includes background). */
  public Image rgbaImage() {
    int n = width() * height();
    float[] data = new float[n * 4];
    for (int p = 0; p < n; p++) {
      data[p * 4] = color[p * 3];
      data[p * 4 + 1] = color[p * 3 + 1];
      data[p * 4 + 2] = color[p * 3 + 2];
      data[p * 4 + 3] = alpha[p];
    }
    return new Image(width(), height(), 4, data);
  }

  /** The alpha as a 1-channel image (a copy). */
  public Image alphaImage() {
    return new Image(width(), height(), 1, alpha.clone());
  }

  /** The expected depth as a 1-channel image in metres (a copy). */
  public Image depthImage() {
    return new Image(width(), height(), 1, depth.clone());
  }

  /** One feature channel as a 1-channel image (a copy). */
  public Image featureImage(int channel) {
    int f = featureChannels();
    if (channel < 0 || channel >= f) {
      throw new IllegalArgumentException("feature channel " + channel + " not in 0.." + (f - 1));
    }
    int n = width() * height();
    float[] data = new float[n];
    for (int p = 0; p < n; p++) {
      data[p] = features[p * f + channel];
    }
    return new Image(width(), height(), 1, data);
  }

  /** The forward state, checked to come from {@code rasterizer}. */
  <T> T forwardState(Object rasterizer, Class<T> type) {
    if (producer != rasterizer || !type.isInstance(forwardState)) {
      throw new IllegalArgumentException(
          "this rendering was made by another rasterizer instance; run backward on the one that"
              + " rendered it");
    }
    return type.cast(forwardState);
  }
}
