package dev.persona.diffusion.mimicmotion;

/**
 * The denoiser {@code D(x; sigma)} of EDM (Karras et al. 2022): the estimate of the clean latents
 * given latents with Gaussian noise of standard deviation {@code sigma}. The sampler sees only
 * this.
 */
@FunctionalInterface
public interface VideoDenoiser {
  /**
   * @param latents {@code [frames * frameSize]} noisy latents, frame-major; not modified
   * @param sigma the noise level
   * @param dest {@code [frames * frameSize]} the denoised estimate
   */
  void denoise(float[] latents, double sigma, float[] dest);
}
