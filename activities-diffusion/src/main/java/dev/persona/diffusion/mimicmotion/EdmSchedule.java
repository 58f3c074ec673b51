package dev.persona.diffusion.mimicmotion;

/**
 * The noise levels of the EDM sampler (Karras et al. 2022, Eq. 5), as Stable Video Diffusion
 * samples with them ({@code EDMDiscretization} in Stability's generative-models): {@code sigma_i =
 * (sigma_max^(1/rho) + i / (N - 1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho} for {@code i = 0
 * .. N-1}, then {@code sigma_N = 0}.
 *
 * @param sigmaMin smallest noise level before the last step
 * @param sigmaMax largest noise level, where sampling starts
 * @param rho the schedule's curvature: larger spends more steps at low noise
 * @param steps denoiser evaluations (per window and branch)
 */
public record EdmSchedule(double sigmaMin, double sigmaMax, double rho, int steps) {
  public EdmSchedule {
    if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin) || Double.isInfinite(sigmaMax)) {
      throw new IllegalArgumentException(
          "need 0 < sigma_min < sigma_max < infinity: " + sigmaMin + ", " + sigmaMax);
    }
    if (!(rho > 0) || Double.isInfinite(rho)) {
      throw new IllegalArgumentException("rho must be finite and positive: " + rho);
    }
    if (steps < 2) {
      throw new IllegalArgumentException("at least 2 steps: " + steps);
    }
  }

  /** SVD's values (sigma_min 0.002, sigma_max 700, rho 7) with MimicMotion's 25 inference steps. */
  public static EdmSchedule svd() {
    return new EdmSchedule(0.002, 700.0, 7.0, 25);
  }

  public EdmSchedule withSteps(int count) {
    return new EdmSchedule(sigmaMin, sigmaMax, rho, count);
  }

  /** {@code [steps + 1]} noise levels, decreasing, the last one 0. */
  public double[] sigmas() {
    double[] sigmas = new double[steps + 1];
    double maxRoot = Math.pow(sigmaMax, 1 / rho);
    double minRoot = Math.pow(sigmaMin, 1 / rho);
    for (int i = 0; i < steps; i++) {
      sigmas[i] = Math.pow(maxRoot + (double) i / (steps - 1) * (minRoot - maxRoot), rho);
    }
    sigmas[steps] = 0;
    return sigmas;
  }
}
