package dev.persona.core.raster;

import dev.persona.core.image.Image;
import java.util.Arrays;

/**
 * The per-pixel output of a rasterization, {@code W x H} pixels, every buffer row-major with the
 * top row first (pixel {@code (x, y)} at index {@code p = y * W + x}). Empty pixels (no triangle)
 * hold triangle id -1, barycentrics 0, depth {@code +Infinity}, coverage 0, attributes 0, colour 0.
 *
 * <ul>
 *   <li>{@link #triangleIds()} {@code [H*W]}: the visible triangle, an index into the mesh's
 *       triangles.
 *   <li>{@link #barycentrics()} {@code [H*W*3]}: perspective-correct barycentric coordinates of the
 *       visible surface point for the triangle's three vertices in order; they sum to 1.
 *   <li>{@link #depth()} {@code [H*W]}: camera-space z of that point, metres.
 *   <li>{@link #coverage()} {@code [H*W]}: the fraction of the pixel's samples that hit any
 *       triangle (0 or 1 without supersampling).
 *   <li>{@link #attributes()} {@code [H*W*C]}: interpolated vertex attributes, or {@code null}.
 *   <li>{@link #color()} {@code [H*W*T]}: bilinear texture colour, T = texture channels, or {@code
 *       null}.
 * </ul>
 *
 * <p>With supersampling, triangle id, barycentrics and depth come from one representative sample:
 * the covered sample nearest the pixel centre (ties broken in row-major sample order); attributes
 * and colour are averaged over the covered samples (so they are not darkened at silhouettes: pair
 * them with {@link #coverage()} as straight alpha).
 *
 * <p>The arrays are the result's own and are returned without copying; {@link MeshRasterizer}
 * overwrites them when the result is passed back for reuse. The {@code ...Image} methods copy.
 */
public final class RasterResult {
  private final int width;
  private final int height;
  private final int attributeChannels;
  private final int colorChannels;
  private final int[] triangleIds;
  private final float[] barycentrics;
  private final float[] depth;
  private final float[] coverage;
  private final float[] attributes;
  private final float[] color;

  /** An all-empty result; {@code attributeChannels} or {@code colorChannels} 0 means none. */
  RasterResult(int width, int height, int attributeChannels, int colorChannels) {
    this.width = width;
    this.height = height;
    this.attributeChannels = attributeChannels;
    this.colorChannels = colorChannels;
    int pixels = width * height;
    this.triangleIds = new int[pixels];
    this.barycentrics = new float[pixels * 3];
    this.depth = new float[pixels];
    this.coverage = new float[pixels];
    this.attributes = attributeChannels == 0 ? null : new float[pixels * attributeChannels];
    this.color = colorChannels == 0 ? null : new float[pixels * colorChannels];
    Arrays.fill(triangleIds, -1);
    Arrays.fill(depth, Float.POSITIVE_INFINITY);
  }

  boolean hasShape(int width, int height, int attributeChannels, int colorChannels) {
    return this.width == width
        && this.height == height
        && this.attributeChannels == attributeChannels
        && this.colorChannels == colorChannels;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** C, or 0 when no attributes were interpolated. */
  public int attributeChannels() {
    return attributeChannels;
  }

  /** Texture channels, or 0 when no texture was sampled. */
  public int colorChannels() {
    return colorChannels;
  }

  /** {@code [H*W]} triangle index, -1 where empty. */
  public int[] triangleIds() {
    return triangleIds;
  }

  /** {@code [H*W*3]} perspective-correct barycentrics, 0 where empty. */
  public float[] barycentrics() {
    return barycentrics;
  }

  /** {@code [H*W]} camera z in metres, {@code +Infinity} where empty. */
  public float[] depth() {
    return depth;
  }

  /** {@code [H*W]} covered fraction of the pixel's samples in [0, 1]. */
  public float[] coverage() {
    return coverage;
  }

  /** {@code [H*W*C]} interpolated attributes, or {@code null}. */
  public float[] attributes() {
    return attributes;
  }

  /** {@code [H*W*T]} texture colour, or {@code null}. */
  public float[] color() {
    return color;
  }

  /** Number of pixels with any coverage. */
  public int coveredPixels() {
    int count = 0;
    for (int id : triangleIds) {
      if (id >= 0) {
        count++;
      }
    }
    return count;
  }

  /** Coverage as a one-channel mask image. */
  public Image coverageImage() {
    return new Image(width, height, 1, coverage.clone());
  }

  /**
   * Depth as a one-channel image, metres.
   *
   * @param emptyValue written where no triangle was hit (e.g. 0, or {@code Float.NaN})
   */
  public Image depthImage(float emptyValue) {
    float[] out = depth.clone();
    for (int p = 0; p < out.length; p++) {
      if (triangleIds[p] < 0) {
        out[p] = emptyValue;
      }
    }
    return new Image(width, height, 1, out);
  }

  /**
   * Some attribute channels as an image.
   *
   * @param firstChannel the first attribute channel to copy
   * @param channels how many, 1 to 4
   */
  public Image attributeImage(int firstChannel, int channels) {
    if (attributes == null) {
      throw new IllegalStateException("no attributes were rasterized");
    }
    if (channels < 1 || channels > 4 || firstChannel < 0) {
      throw new IllegalArgumentException(
          "bad attribute channel range " + firstChannel + " + " + channels);
    }
    if (firstChannel + channels > attributeChannels) {
      throw new IllegalArgumentException(
          "attribute channels "
              + firstChannel
              + ".."
              + (firstChannel + channels - 1)
              + " out of "
              + attributeChannels);
    }
    float[] out = new float[width * height * channels];
    for (int p = 0, n = width * height; p < n; p++) {
      System.arraycopy(
          attributes, p * attributeChannels + firstChannel, out, p * channels, channels);
    }
    return new Image(width, height, channels, out);
  }

  /** The texture colour as an image with the texture's channels. */
  public Image colorImage() {
    if (color == null) {
      throw new IllegalStateException("no texture was rasterized");
    }
    return new Image(width, height, colorChannels, color.clone());
  }

  /**
   * An RGBA image: the first three channels of {@code rgb} (3 or 4 channels, this result's size)
   * and the coverage as straight alpha, multiplied by {@code rgb}'s own alpha when it has one.
   */
  public Image withCoverage(Image rgb) {
    if (rgb.width() != width || rgb.height() != height || rgb.channels() < 3) {
      throw new IllegalArgumentException(
          "need a "
              + width
              + "x"
              + height
              + " RGB(A) image, got "
              + rgb.width()
              + "x"
              + rgb.height()
              + "x"
              + rgb.channels());
    }
    int channels = rgb.channels();
    float[] in = rgb.data();
    float[] out = new float[width * height * 4];
    for (int p = 0, n = width * height; p < n; p++) {
      out[p * 4] = in[p * channels];
      out[p * 4 + 1] = in[p * channels + 1];
      out[p * 4 + 2] = in[p * channels + 2];
      out[p * 4 + 3] = channels == 4 ? coverage[p] * in[p * 4 + 3] : coverage[p];
    }
    return new Image(width, height, 4, out);
  }
}
