package dev.persona.diffusion.mimicmotion;

/**
 * The video denoiser MimicMotion samples with: at every step, each window's estimate (conditional
 * and, for guidance, unconditional) from the {@link WindowDenoiser}, fused per frame as the
 * position-weighted mean over the windows that hold the frame ({@link LatentWindows#weights}), then
 * combined by classifier-free guidance {@code D_u + w_f (D_c - D_u)} with SVD's per-frame scale.
 * Fusion and guidance are both linear, so their order does not matter; MimicMotion fuses first.
 */
public final class ProgressiveLatentFusion implements VideoDenoiser {
  private final WindowDenoiser denoiser;
  private final int frames;
  private final int frameSize;
  private final int[][] windows;
  private final GuidanceScale guidance;

  /**
   * @param denoiser the per-window network
   * @param frames frames in the video
   * @param frameSize latent values per frame ({@code C * h * w})
   * @param windows the tiling
   * @param guidance the classifier-free guidance scale
   */
  public ProgressiveLatentFusion(
      WindowDenoiser denoiser,
      int frames,
      int frameSize,
      LatentWindows windows,
      GuidanceScale guidance) {
    this(denoiser, frames, frameSize, windows.windows(frames), guidance);
  }

  /** As above with explicit windows (each a list of frame indices). */
  public ProgressiveLatentFusion(
      WindowDenoiser denoiser, int frames, int frameSize, int[][] windows, GuidanceScale guidance) {
    this.denoiser = denoiser;
    this.frames = frames;
    this.frameSize = frameSize;
    this.windows = windows.clone();
    this.guidance = guidance;
  }

  @Override
  public void denoise(float[] latents, double sigma, float[] dest) {
    float[] conditional = fused(latents, sigma, true);
    if (guidance.isConditionalOnly()) {
      System.arraycopy(conditional, 0, dest, 0, dest.length);
      return;
    }
    float[] unconditional = fused(latents, sigma, false);
    for (int f = 0; f < frames; f++) {
      float w = (float) guidance.at(f, frames);
      for (int i = f * frameSize; i < (f + 1) * frameSize; i++) {
        dest[i] = unconditional[i] + w * (conditional[i] - unconditional[i]);
      }
    }
  }

  /** One branch: every window denoised, fused by position weight. */
  private float[] fused(float[] latents, double sigma, boolean conditional) {
    double[] sum = new double[frames * frameSize];
    double[] weight = new double[frames];
    for (int[] window : windows) {
      int n = window.length;
      float[] input = new float[n * frameSize];
      for (int j = 0; j < n; j++) {
        System.arraycopy(latents, window[j] * frameSize, input, j * frameSize, frameSize);
      }
      float[] output = new float[n * frameSize];
      denoiser.denoise(input, window, sigma, conditional, output);
      double[] w = LatentWindows.weights(n);
      for (int j = 0; j < n; j++) {
        int f = window[j];
        weight[f] += w[j];
        for (int i = 0; i < frameSize; i++) {
          sum[f * frameSize + i] += w[j] * output[j * frameSize + i];
        }
      }
    }
    float[] out = new float[frames * frameSize];
    for (int f = 0; f < frames; f++) {
      if (weight[f] == 0) {
        throw new IllegalStateException("frame " + f + " is in no window");
      }
      for (int i = 0; i < frameSize; i++) {
        out[f * frameSize + i] = (float) (sum[f * frameSize + i] / weight[f]);
      }
    }
    return out;
  }
}
