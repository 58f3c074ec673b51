package dev.persona.splat.loss;

/**
 * The colour loss of 3DGS and PERSONA, L = (1 - lambda) L1 + lambda (1 - SSIM) with lambda = 0.2,
 * generalised to a per-pixel weight map (PERSONA's seam boundaries weigh 0.1 on the input photo) as
 * the weighted mean of the per-pixel loss:
 *
 * <pre>
 *   L = 1/(3HW) sum_{p,c} w_p [0.8 |r - t| + 0.2 (1 - S_{p,c})]
 *     = 0.8 L1_w + 0.2 (mean(w) - SSIM_w)
 * </pre>
 *
 * which is exactly 3DGS's loss when w = 1. One instance owns SSIM scratch for one image size.
 */
public final class PhotometricLoss {
  /** Weight of the D-SSIM term (3DGS's {@code lambda_dssim}). */
  public static final double LAMBDA_DSSIM = 0.2;

  private final Ssim ssim;

  /**
   * The loss and its parts.
   *
   * @param loss the combined loss L
   * @param l1 the weighted L1 term
   * @param ssim the weighted mean SSIM
   */
  public record Value(double loss, double l1, double ssim) {}

  public PhotometricLoss(int width, int height) {
    ssim = new Ssim(width, height);
  }

  /**
   * Evaluates L and optionally adds its gradient.
   *
   * @param rendered {@code [H*W*3]} linear RGB
   * @param target {@code [H*W*3]} linear RGB
   * @param weights {@code [H*W]} per-pixel weights, or null for 1
   * @param gradient {@code [H*W*3]}: {@code scale * dL/d(rendered)} is added; null to skip
   */
  public Value evaluate(
      float[] rendered, float[] target, float[] weights, float[] gradient, double scale) {
    double l1 = Losses.l1(rendered, target, weights, gradient, scale * (1 - LAMBDA_DSSIM));
    double s = ssim.evaluate(rendered, target, weights, gradient, -scale * LAMBDA_DSSIM);
    double meanWeight = 1.0;
    if (weights != null) {
      int n = ssim.width() * ssim.height();
      double sum = 0;
      for (int p = 0; p < n; p++) {
        sum += weights[p];
      }
      meanWeight = sum / n;
    }
    return new Value((1 - LAMBDA_DSSIM) * l1 + LAMBDA_DSSIM * (meanWeight - s), l1, s);
  }
}
