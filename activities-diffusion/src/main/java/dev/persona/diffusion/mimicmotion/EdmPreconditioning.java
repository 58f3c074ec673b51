package dev.persona.diffusion.mimicmotion;

/**
 * How SVD's UNet becomes the EDM denoiser (Karras et al. 2022, Sec. 5; generative-models' {@code
 * VScalingWithEDMcNoise}): the network predicts v, and {@code D(x; sigma) = c_skip x + c_out F(c_in
 * x; c_noise)} with {@code c_skip = 1 / (sigma^2 + 1)}, {@code c_out = -sigma / sqrt(sigma^2 + 1)},
 * {@code c_in = 1 / sqrt(sigma^2 + 1)} and {@code c_noise = 0.25 ln sigma} (the UNet's timestep
 * input).
 */
public final class EdmPreconditioning {
  private EdmPreconditioning() {}

  public static double cSkip(double sigma) {
    return 1 / (sigma * sigma + 1);
  }

  public static double cOut(double sigma) {
    return -sigma / Math.sqrt(sigma * sigma + 1);
  }

  public static double cIn(double sigma) {
    return 1 / Math.sqrt(sigma * sigma + 1);
  }

  public static double cNoise(double sigma) {
    return 0.25 * Math.log(sigma);
  }

  /**
   * {@code dest = c_skip x + c_out v}, the denoised estimate from the network's v-prediction.
   *
   * @param x {@code [n]} the noisy latents the network saw (before {@code c_in})
   * @param v {@code [n]} the network's output
   * @param dest {@code [n]}
   */
  public static void denoised(float[] x, float[] v, double sigma, float[] dest) {
    float skip = (float) cSkip(sigma);
    float out = (float) cOut(sigma);
    for (int i = 0; i < dest.length; i++) {
      dest[i] = skip * x[i] + out * v[i];
    }
  }
}
