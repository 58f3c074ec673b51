package dev.persona.eval.testframes;

/**
 * The metrics of one test frame, on the protocol's person crop.
 *
 * @param id the dataset frame id
 * @param psnr dB
 * @param ssim mean SSIM
 */
public record FrameScore(String id, double psnr, double ssim) {}
