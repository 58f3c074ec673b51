package dev.persona.eval.testframes;

/**
 * The metrics of one test frame, on the protocol's person crop.
 *
 * @param id the dataset frame id
 * @param psnr dB
 * @param ssim mean SSIM
 * @param lpips LPIPS distance, NaN when no LPIPS network is configured
 */
public record FrameScore(String id, double psnr, double ssim, double lpips) {
  /** A score without LPIPS. */
  public FrameScore(String id, double psnr, double ssim) {
    this(id, psnr, ssim, Double.NaN);
  }
}
