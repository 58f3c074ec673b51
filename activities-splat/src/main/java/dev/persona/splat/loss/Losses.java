package dev.persona.splat.loss;

/**
 * The per-pixel image losses of 3DGS and PERSONA, with gradients wrt the rendered image. Images are
 * linear RGB {@code [H*W*3]} interleaved, top row first; alpha and masks are {@code [H*W]}; weights
 * are per pixel {@code [H*W]} (null for 1 everywhere). Every gradient is <em>added</em>, times a
 * caller-given scale, to the caller's array, so terms compose into one dL/d(image).
 */
public final class Losses {
  private Losses() {}

  /**
   * Mean absolute error 1/(3HW) sum_{p,c} w_p |r - t| (3DGS's {@code l1_loss} when w = 1: the mean
   * over all elements, whatever the weights sum to).
   *
   * @param gradient {@code [H*W*3]}: {@code scale * dL1/dr} is added (sign(r - t) w_p / (3HW), 0
   *     where r = t, as PyTorch); null to skip
   */
  public static double l1(
      float[] rendered, float[] target, float[] weights, float[] gradient, double scale) {
    int n = rendered.length;
    requireLength(target, n, "target");
    if (n % 3 != 0) {
      throw new IllegalArgumentException("an RGB image's length is a multiple of 3, got " + n);
    }
    if (weights != null) {
      requireLength(weights, n / 3, "weights");
    }
    if (gradient != null) {
      requireLength(gradient, n, "gradient");
    }
    double norm = n == 0 ? 0 : 1.0 / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double w = weights == null ? 1.0 : weights[i / 3];
      double d = (double) rendered[i] - target[i];
      sum += w * Math.abs(d);
      if (gradient != null && d != 0) {
        gradient[i] += (float) (scale * w * norm * Math.signum(d));
      }
    }
    return sum * norm;
  }

  /**
   * Mask loss: mean absolute difference 1/(HW) sum_p |alpha_p - m_p| between the rendered alpha and
   * the person mask. L1 rather than binary cross-entropy because composited alpha sits at or near 0
   * and 1 over most of the image, where BCE's gradient 1/(alpha(1 - alpha)) blows up and needs
   * clamping; L1 keeps every pixel's pull bounded, as the colour term does.
   *
   * @param alpha {@code [H*W]} rendered opacity in [0, 1]
   * @param mask {@code [H*W]} target mask in [0, 1]
   * @param gradient {@code [H*W]}: {@code scale * dL/d(alpha)} is added; null to skip
   */
  public static double maskL1(float[] alpha, float[] mask, float[] gradient, double scale) {
    int n = alpha.length;
    requireLength(mask, n, "mask");
    if (gradient != null) {
      requireLength(gradient, n, "gradient");
    }
    double norm = n == 0 ? 0 : 1.0 / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = (double) alpha[i] - mask[i];
      sum += Math.abs(d);
      if (gradient != null && d != 0) {
        gradient[i] += (float) (scale * norm * Math.signum(d));
      }
    }
    return sum * norm;
  }

  /**
   * Peak signal-to-noise ratio for a peak of 1: 10 log10(1 / MSE) over all elements, or, with a
   * mask, over the pixels weighted by it: MSE = sum_p m_p sum_c (r - t)^2 / (3 sum_p m_p). Infinite
   * when the images are identical.
   *
   * @param mask {@code [H*W]} pixel weights (e.g. the person mask), or null for all pixels
   * @throws IllegalArgumentException when the mask is all zero
   */
  public static double psnr(float[] rendered, float[] target, float[] mask) {
    int n = rendered.length;
    requireLength(target, n, "target");
    if (mask != null) {
      requireLength(mask, n / 3, "mask");
    }
    double sum = 0;
    double weight = 0;
    for (int i = 0; i < n; i++) {
      double m = mask == null ? 1.0 : mask[i / 3];
      double d = (double) rendered[i] - target[i];
      sum += m * d * d;
      weight += m;
    }
    if (!(weight > 0)) {
      throw new IllegalArgumentException("PSNR over no pixels");
    }
    return 10 * Math.log10(weight / sum);
  }

  static void requireLength(float[] a, int atLeast, String what) {
    if (a.length < atLeast) {
      throw new IllegalArgumentException(what + " has " + a.length + " elements, needs " + atLeast);
    }
  }
}
