package dev.persona.diffusion.mimicmotion;

import dev.persona.core.progress.ProgressListener;

/**
 * SVD's sampler ({@code EulerEDMSampler} with {@code s_churn = 0}, the deterministic
 * probability-flow ODE of Karras et al. 2022, Algorithm 1 without the Heun correction): starting
 * from {@code x = sqrt(1 + sigma_0^2) eps} (generative-models' scaling of the initial noise), each
 * step moves {@code x += (sigma_{i+1} - sigma_i) (x - D(x; sigma_i)) / sigma_i}. The last step, to
 * sigma 0, lands on {@code D(x; sigma_{N-1})}.
 */
public final class EulerEdmSampler {
  private EulerEdmSampler() {}

  /**
   * @param schedule noise levels
   * @param denoiser {@code D(x; sigma)}
   * @param noise {@code [n]} standard normal noise; overwritten with the sample
   * @param progress told {@code (step, steps)}
   * @return {@code noise}, now the sample
   */
  public static float[] sample(
      EdmSchedule schedule, VideoDenoiser denoiser, float[] noise, ProgressListener progress) {
    double[] sigmas = schedule.sigmas();
    float[] x = noise;
    float scale = (float) Math.sqrt(1 + sigmas[0] * sigmas[0]);
    for (int i = 0; i < x.length; i++) {
      x[i] *= scale;
    }
    float[] denoised = new float[x.length];
    for (int step = 0; step < schedule.steps(); step++) {
      double sigma = sigmas[step];
      denoiser.denoise(x, sigma, denoised);
      double ratio = (sigmas[step + 1] - sigma) / sigma;
      for (int i = 0; i < x.length; i++) {
        x[i] += (float) (ratio * (x[i] - denoised[i]));
      }
      progress.progress(step + 1, schedule.steps(), "denoising step " + (step + 1));
    }
    return x;
  }
}
