package dev.persona.splat.raster;

import dev.persona.splat.gaussian.Gaussians;
import java.util.Arrays;

/**
 * Gradients of a loss with respect to every parameter of a {@link Gaussians}, in exactly its layout
 * (means {@code [N*3]}, logScales {@code [N*3]}, rotations {@code [N*4]} w,x,y,z with respect to
 * the unnormalised quaternion, opacityLogits {@code [N]}, sh {@code [N*K*3]}, features {@code
 * [N*F]}), plus the per-Gaussian screen-space statistics that densification uses (3DGS Sec. 5.2,
 * gsplat's {@code absgrad}):
 *
 * <ul>
 *   <li>{@code meanScreenGradNorm [N]}: ||dL/d(mean2d)||, the norm of the gradient with respect to
 *       the projected mean in pixels, summed over all pixels before the norm;
 *   <li>{@code meanScreenAbsGradNorm [N]}: ||sum_pixels |dL/d(mean2d)|||, the absolute values taken
 *       per pixel and component before summing (so opposite pulls do not cancel).
 * </ul>
 *
 * Culled Gaussians get all-zero gradients.
 */
public final class GaussianGradients {
  private final int count;
  private final int shDegree;
  private final int featureChannels;
  private final float[] means;
  private final float[] logScales;
  private final float[] rotations;
  private final float[] opacityLogits;
  private final float[] sh;
  private final float[] features;
  private final float[] meanScreenGradNorm;
  private final float[] meanScreenAbsGradNorm;

  /** Zero gradients for {@code count} Gaussians of the given SH degree and feature count. */
  public GaussianGradients(int count, int shDegree, int featureChannels) {
    Gaussians shape = new Gaussians(0, shDegree, featureChannels);
    int k = shape.shCoefficients();
    this.count = count;
    this.shDegree = shDegree;
    this.featureChannels = featureChannels;
    this.means = new float[Math.multiplyExact(count, 3)];
    this.logScales = new float[Math.multiplyExact(count, 3)];
    this.rotations = new float[Math.multiplyExact(count, 4)];
    this.opacityLogits = new float[count];
    this.sh = new float[Math.multiplyExact(count, k * 3)];
    this.features = new float[Math.multiplyExact(count, featureChannels)];
    this.meanScreenGradNorm = new float[count];
    this.meanScreenAbsGradNorm = new float[count];
  }

  /** True when these buffers fit {@code g}'s counts. */
  public boolean fits(Gaussians g) {
    return g.count() == count && g.shDegree() == shDegree && g.featureChannels() == featureChannels;
  }

  /** Sets every gradient to zero. */
  public void clear() {
    Arrays.fill(means, 0);
    Arrays.fill(logScales, 0);
    Arrays.fill(rotations, 0);
    Arrays.fill(opacityLogits, 0);
    Arrays.fill(sh, 0);
    Arrays.fill(features, 0);
    Arrays.fill(meanScreenGradNorm, 0);
    Arrays.fill(meanScreenAbsGradNorm, 0);
  }

  public int count() {
    return count;
  }

  public int shDegree() {
    return shDegree;
  }

  public int featureChannels() {
    return featureChannels;
  }

  /** {@code [N*3]} dL/d(mean), per world metre. */
  public float[] means() {
    return means;
  }

  /** {@code [N*3]} dL/d(log scale). */
  public float[] logScales() {
    return logScales;
  }

  /** {@code [N*4]} dL/d(unnormalised quaternion w, x, y, z). */
  public float[] rotations() {
    return rotations;
  }

  /** {@code [N]} dL/d(opacity logit). */
  public float[] opacityLogits() {
    return opacityLogits;
  }

  /** {@code [N*K*3]} dL/d(SH coefficient), {@code [(i*K + k)*3 + c]}. */
  public float[] sh() {
    return sh;
  }

  /** {@code [N*F]} dL/d(feature). */
  public float[] features() {
    return features;
  }

  /** {@code [N]} ||dL/d(mean2d)||, per pixel of screen motion. */
  public float[] meanScreenGradNorm() {
    return meanScreenGradNorm;
  }

  /** {@code [N]} ||sum over pixels of |dL/d(mean2d)| per component||. */
  public float[] meanScreenAbsGradNorm() {
    return meanScreenAbsGradNorm;
  }
}
