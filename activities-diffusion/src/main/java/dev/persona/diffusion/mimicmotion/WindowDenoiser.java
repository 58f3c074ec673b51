package dev.persona.diffusion.mimicmotion;

/**
 * The network's denoiser on one window of frames (MimicMotion's UNet sees {@code tileSize} frames
 * at a time): {@code D(x; sigma)} for the window's latents, with the reference image and the
 * frames' pose guidance as conditions ({@code conditional}) or with them dropped (the unconditional
 * branch of classifier-free guidance).
 */
@FunctionalInterface
public interface WindowDenoiser {
  /**
   * @param latents {@code [window.length * frameSize]} the window's noisy latents, in window order
   * @param window the window's frame indices into the whole video
   * @param sigma the noise level
   * @param conditional true for the conditioned branch
   * @param dest {@code [window.length * frameSize]} the denoised estimate
   */
  void denoise(float[] latents, int[] window, double sigma, boolean conditional, float[] dest);
}
