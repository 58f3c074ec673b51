package dev.persona.splat.gaussian;

import java.util.Arrays;

/**
 * A set of 3D Gaussians in structure-of-arrays form, stored before activation as 3DGS stores them
 * (Kerbl et al. 2023, Sec. 4; the layout of the standard {@code .ply}), so that an optimiser
 * updates the raw values and the rasterizer activates them:
 *
 * <ul>
 *   <li>{@code means [N*3]}: centres, world metres;
 *   <li>{@code logScales [N*3]}: natural logs of the standard deviations along the Gaussian's own
 *       axes, metres; scale = exp(logScale);
 *   <li>{@code rotations [N*4]}: quaternions (w, x, y, z), not necessarily unit: the rasterizer
 *       normalises them, so the optimiser need not;
 *   <li>{@code opacityLogits [N]}: opacity = sigmoid(logit);
 *   <li>{@code sh [N*K*3]}: real spherical-harmonic colour coefficients of degree {@link
 *       #shDegree()}, K = (degree + 1)^2, coefficient-major within a Gaussian: {@code sh[(i*K +
 *       k)*3 + c]} for Gaussian i, basis function k, channel c (as gsplat's {@code [N, K, 3]});
 *       colour = max(0, sum_k SH_k(view direction) * sh_k + 0.5);
 *   <li>{@code features [N*F]}: any number of extra per-Gaussian channels (depth-independent: part
 *       labels, normals, ...) composited with the same weights as colour.
 * </ul>
 *
 * <p>The arrays are exposed, not copied: training updates them in place and the rasterizer reads
 * them without a copy, and a CUDA backend uploads them as they are. The counts are fixed at
 * construction; densification makes a new instance.
 */
public final class Gaussians {
  /** Highest spherical-harmonic degree supported (as 3DGS and gsplat). */
  public static final int MAX_SH_DEGREE = 3;

  /** The degree-0 SH basis constant, 1 / (2 sqrt(pi)). */
  public static final double SH_C0 = 0.28209479177387814;

  private final int count;
  private final int shDegree;
  private final int featureChannels;
  private final float[] means;
  private final float[] logScales;
  private final float[] rotations;
  private final float[] opacityLogits;
  private final float[] sh;
  private final float[] features;

  /**
   * Zero-filled Gaussians: means at the origin, unit scales, zero quaternions (set them before
   * rendering), opacity 0.5, grey colour.
   *
   * @param count number of Gaussians N, at least 0
   * @param shDegree spherical-harmonic degree 0..3
   * @param featureChannels extra channels F per Gaussian, at least 0
   */
  public Gaussians(int count, int shDegree, int featureChannels) {
    this(
        count,
        shDegree,
        featureChannels,
        new float[checkedCount(count, 3)],
        new float[checkedCount(count, 3)],
        new float[checkedCount(count, 4)],
        new float[count],
        new float[checkedCount(count, shCoefficients(shDegree) * 3)],
        new float[checkedCount(count, Math.max(featureChannels, 0))]);
  }

  /**
   * Wraps existing arrays (not copied).
   *
   * @throws IllegalArgumentException when an array's length does not match the counts
   */
  public Gaussians(
      int count,
      int shDegree,
      int featureChannels,
      float[] means,
      float[] logScales,
      float[] rotations,
      float[] opacityLogits,
      float[] sh,
      float[] features) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (featureChannels < 0) {
      throw new IllegalArgumentException("featureChannels must be >= 0, got " + featureChannels);
    }
    int k = shCoefficients(shDegree);
    checkLength("means", means, count, 3);
    checkLength("logScales", logScales, count, 3);
    checkLength("rotations", rotations, count, 4);
    checkLength("opacityLogits", opacityLogits, count, 1);
    checkLength("sh", sh, count, k * 3);
    checkLength("features", features, count, featureChannels);
    this.count = count;
    this.shDegree = shDegree;
    this.featureChannels = featureChannels;
    this.means = means;
    this.logScales = logScales;
    this.rotations = rotations;
    this.opacityLogits = opacityLogits;
    this.sh = sh;
    this.features = features;
  }

  /** Number of SH coefficients per channel for a degree: (degree + 1)^2. */
  public static int shCoefficients(int degree) {
    if (degree < 0 || degree > MAX_SH_DEGREE) {
      throw new IllegalArgumentException(
          "SH degree must be 0.." + MAX_SH_DEGREE + ", got " + degree);
    }
    return (degree + 1) * (degree + 1);
  }

  public int count() {
    return count;
  }

  public int shDegree() {
    return shDegree;
  }

  /** SH coefficients per channel, K = (degree + 1)^2. */
  public int shCoefficients() {
    return (shDegree + 1) * (shDegree + 1);
  }

  public int featureChannels() {
    return featureChannels;
  }

  /** {@code [N*3]} world metres. */
  public float[] means() {
    return means;
  }

  /** {@code [N*3]} natural-log standard deviations, metres. */
  public float[] logScales() {
    return logScales;
  }

  /** {@code [N*4]} quaternions (w, x, y, z), unnormalised. */
  public float[] rotations() {
    return rotations;
  }

  /** {@code [N]} opacity logits. */
  public float[] opacityLogits() {
    return opacityLogits;
  }

  /** {@code [N*K*3]} SH coefficients, {@code sh[(i*K + k)*3 + c]}. */
  public float[] sh() {
    return sh;
  }

  /** {@code [N*F]} extra feature channels. */
  public float[] features() {
    return features;
  }

  /** A deep copy. */
  public Gaussians copy() {
    return new Gaussians(
        count,
        shDegree,
        featureChannels,
        means.clone(),
        logScales.clone(),
        rotations.clone(),
        opacityLogits.clone(),
        sh.clone(),
        features.clone());
  }

  /**
   * Sets Gaussian {@code i}'s base colour (the degree-0 coefficients) so that it renders as the
   * given linear RGB from every direction: sh_0 = (rgb - 0.5) / C0, C0 = 0.28209479 (the constant
   * SH basis function), the inverse of the colour rule in the class comment.
   */
  public void setBaseColor(int i, float r, float g, float b) {
    int base = i * shCoefficients() * 3;
    sh[base] = (float) ((r - 0.5) / SH_C0);
    sh[base + 1] = (float) ((g - 0.5) / SH_C0);
    sh[base + 2] = (float) ((b - 0.5) / SH_C0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gaussians g
        && count == g.count
        && shDegree == g.shDegree
        && featureChannels == g.featureChannels
        && Arrays.equals(means, g.means)
        && Arrays.equals(logScales, g.logScales)
        && Arrays.equals(rotations, g.rotations)
        && Arrays.equals(opacityLogits, g.opacityLogits)
        && Arrays.equals(sh, g.sh)
        && Arrays.equals(features, g.features);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(means) * 31 + count;
  }

  @Override
  public String toString() {
    return "Gaussians[" + count + ", SH degree " + shDegree + ", " + featureChannels + " features]";
  }

  private static int checkedCount(int count, int stride) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    long n = (long) count * stride;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many Gaussians for one array: " + count);
    }
    return (int) n;
  }

  private static void checkLength(String name, float[] array, int count, int stride) {
    long expected = (long) count * stride;
    if (array.length != expected) {
      throw new IllegalArgumentException(
          name
              + " must have "
              + expected
              + " values ("
              + count
              + " x "
              + stride
              + "), has "
              + array.length);
    }
  }
}
