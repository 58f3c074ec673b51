package dev.persona.core.dataset.synth;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * What {@link SyntheticSubject} generates, mirroring the command line: {@code --poses N --views N
 * --test-poses N --size WxH --seed S --betas b1,b2,... --pattern NAME --texture FILE}.
 *
 * @param poses training poses; each is rendered from {@code views} cameras around the body
 * @param views training views per pose, spread evenly in azimuth
 * @param testPoses held-out frames, each a novel pose from a novel view
 * @param width image width, pixels
 * @param height image height, pixels
 * @param seed everything random (betas when not given, outfit, poses, views) derives from it
 * @param betas identity shape, or {@code null} to draw it from the seed ({@code N(0, 0.8^2)} for
 *     each of up to 10 shape directions); may be shorter than the body's shape count
 * @param pattern the appearance, when no {@code texture} file is given
 * @param texture an image in the body's UV space to use instead of a pattern, or {@code null}
 * @param textureSize side of the baked pattern texture, texels
 * @param samples supersampling per pixel axis (anti-aliasing; 2 = 4 samples per pixel)
 * @param threads rendering and baking threads; the output does not depend on it
 * @param deformation the outward bulge of a fully bent joint, metres ({@link
 *     PoseDependentDeformation}); 0 for a surface that only follows linear blend skinning
 */
public record SyntheticSubjectOptions(
    int poses,
    int views,
    int testPoses,
    int width,
    int height,
    long seed,
    double[] betas,
    TexturePattern pattern,
    Path texture,
    int textureSize,
    int samples,
    int threads,
    double deformation) {

  /** Larger images than this a side are refused: a synthetic frame need not be bigger. */
  public static final int MAX_SIDE = 4096;

  /** The largest pose-dependent bulge, metres: beyond it limbs would look inflated, not clothed. */
  public static final double MAX_DEFORMATION = 0.1;

  public SyntheticSubjectOptions {
    if (poses < 0 || views < 1 || testPoses < 0) {
      throw new IllegalArgumentException(
          "need poses >= 0, views >= 1, test poses >= 0; got "
              + poses
              + ", "
              + views
              + ", "
              + testPoses);
    }
    if ((long) poses * views + testPoses + 1 > 99_999) {
      throw new IllegalArgumentException("more frames than five-digit ids can number");
    }
    if (width < 16 || height < 16 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "image size must be 16.." + MAX_SIDE + " a side, got " + width + "x" + height);
    }
    if (samples < 1 || samples > 8 || threads < 1) {
      throw new IllegalArgumentException("samples must be 1..8 and threads >= 1");
    }
    if (!(deformation >= 0) || deformation > MAX_DEFORMATION) {
      throw new IllegalArgumentException(
          "deformation must be 0.." + MAX_DEFORMATION + " m, got " + deformation);
    }
    if (pattern == null) {
      throw new IllegalArgumentException("a pattern is needed (it is ignored with a texture file)");
    }
    betas = betas == null ? null : betas.clone();
  }

  /**
   * The defaults: 8 poses x 4 views, 8 test poses, 512x512, seed 1, random betas, the {@code
   * outfit} pattern, a 1024 texture, 2x2 supersampling, all processors, no pose-dependent
   * deformation.
   */
  public static SyntheticSubjectOptions defaults() {
    return new SyntheticSubjectOptions(
        8,
        4,
        8,
        512,
        512,
        1,
        null,
        TexturePattern.OUTFIT,
        null,
        1024,
        2,
        Runtime.getRuntime().availableProcessors(),
        0);
  }

  public SyntheticSubjectOptions withFrames(int newPoses, int newViews, int newTestPoses) {
    return new SyntheticSubjectOptions(
        newPoses,
        newViews,
        newTestPoses,
        width,
        height,
        seed,
        betas,
        pattern,
        texture,
        textureSize,
        samples,
        threads,
        deformation);
  }

  public SyntheticSubjectOptions withSize(int newWidth, int newHeight) {
    return new SyntheticSubjectOptions(
        poses,
        views,
        testPoses,
        newWidth,
        newHeight,
        seed,
        betas,
        pattern,
        texture,
        textureSize,
        samples,
        threads,
        deformation);
  }

  public SyntheticSubjectOptions withSeed(long newSeed) {
    return new SyntheticSubjectOptions(
        poses,
        views,
        testPoses,
        width,
        height,
        newSeed,
        betas,
        pattern,
        texture,
        textureSize,
        samples,
        threads,
        deformation);
  }

  public SyntheticSubjectOptions withBetas(double[] newBetas) {
    return new SyntheticSubjectOptions(
        poses,
        views,
        testPoses,
        width,
        height,
        seed,
        newBetas,
        pattern,
        texture,
        textureSize,
        samples,
        threads,
        deformation);
  }

  public SyntheticSubjectOptions withPattern(TexturePattern newPattern) {
    return new SyntheticSubjectOptions(
        poses,
        views,
        testPoses,
        width,
        height,
        seed,
        betas,
        newPattern,
        texture,
        textureSize,
        samples,
        threads,
        deformation);
  }

  public SyntheticSubjectOptions withTexture(Path newTexture) {
    return new SyntheticSubjectOptions(
        poses,
        views,
        testPoses,
        width,
        height,
        seed,
        betas,
        pattern,
        newTexture,
        textureSize,
        samples,
        threads,
        deformation);
  }

  public SyntheticSubjectOptions withTextureSize(int newTextureSize) {
    return new SyntheticSubjectOptions(
        poses,
        views,
        testPoses,
        width,
        height,
        seed,
        betas,
        pattern,
        texture,
        newTextureSize,
        samples,
        threads,
        deformation);
  }

  public SyntheticSubjectOptions withSamples(int newSamples) {
    return new SyntheticSubjectOptions(
        poses,
        views,
        testPoses,
        width,
        height,
        seed,
        betas,
        pattern,
        texture,
        textureSize,
        newSamples,
        threads,
        deformation);
  }

  public SyntheticSubjectOptions withThreads(int newThreads) {
    return new SyntheticSubjectOptions(
        poses,
        views,
        testPoses,
        width,
        height,
        seed,
        betas,
        pattern,
        texture,
        textureSize,
        samples,
        newThreads,
        deformation);
  }

  public SyntheticSubjectOptions withDeformation(double newDeformation) {
    return new SyntheticSubjectOptions(
        poses,
        views,
        testPoses,
        width,
        height,
        seed,
        betas,
        pattern,
        texture,
        textureSize,
        samples,
        threads,
        newDeformation);
  }

  /** A copy of the betas, or {@code null} when they come from the seed. */
  @Override
  public double[] betas() {
    return betas == null ? null : betas.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyntheticSubjectOptions other
        && poses == other.poses
        && views == other.views
        && testPoses == other.testPoses
        && width == other.width
        && height == other.height
        && seed == other.seed
        && Arrays.equals(betas, other.betas)
        && pattern == other.pattern
        && java.util.Objects.equals(texture, other.texture)
        && textureSize == other.textureSize
        && samples == other.samples
        && threads == other.threads
        && Double.compare(deformation, other.deformation) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
                poses, views, testPoses, width, height, seed, pattern, texture, deformation)
            * 31
        + Arrays.hashCode(betas);
  }

  @Override
  public String toString() {
    return "SyntheticSubjectOptions[poses="
        + poses
        + ", views="
        + views
        + ", testPoses="
        + testPoses
        + ", size="
        + width
        + "x"
        + height
        + ", seed="
        + seed
        + ", betas="
        + Arrays.toString(betas)
        + ", pattern="
        + pattern.cliName()
        + ", texture="
        + texture
        + ", deformation="
        + deformation
        + "]";
  }
}
