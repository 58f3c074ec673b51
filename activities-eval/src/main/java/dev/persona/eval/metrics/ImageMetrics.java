package dev.persona.eval.metrics;

import dev.persona.core.image.Image;
import dev.persona.splat.loss.Ssim;

/**
 * PSNR and SSIM of two RGB images of values in [0, 1] (peak 1), the definitions 3DGS and the avatar
 * papers report: PSNR over every pixel and channel, {@code 10 log10(1 / MSE)}; SSIM with the 11 x
 * 11 Gaussian window of sigma 1.5, C1 = 0.01^2, C2 = 0.03^2, zero padding, mean over pixels and
 * channels ({@link Ssim}, the same code the training loss uses).
 */
public final class ImageMetrics {
  private ImageMetrics() {}

  /** PSNR in dB; infinite when the images are identical. */
  public static double psnr(Image a, Image b) {
    requireRgbPair(a, b);
    float[] x = a.data();
    float[] y = b.data();
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double d = (double) x[i] - y[i];
      sum += d * d;
    }
    return 10 * Math.log10(x.length / sum);
  }

  /** Mean SSIM in [-1, 1]; 1 when the images are identical. */
  public static double ssim(Image a, Image b) {
    requireRgbPair(a, b);
    return new Ssim(a.width(), a.height()).evaluate(a.data(), b.data(), null, null, 0);
  }

  private static void requireRgbPair(Image a, Image b) {
    if (a.channels() != 3 || b.channels() != 3) {
      throw new IllegalArgumentException(
          "metrics compare RGB images, got " + a.channels() + " and " + b.channels() + " channels");
    }
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException(
          "images differ in size: "
              + a.width()
              + "x"
              + a.height()
              + " vs "
              + b.width()
              + "x"
              + b.height());
    }
  }
}
