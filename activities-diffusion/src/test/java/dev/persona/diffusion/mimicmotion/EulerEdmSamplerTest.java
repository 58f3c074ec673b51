package dev.persona.diffusion.mimicmotion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.core.progress.ProgressListener;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sampler checked without weights: for data x ~ N(mu, diag(s^2)) the ideal denoiser is known in
 * closed form, {@code D(x; sigma) = mu + s^2 / (s^2 + sigma^2) (x - mu)} (the posterior mean of the
 * clean sample), and the probability-flow ODE it drives carries N(0, sigma_max^2) noise to exactly
 * the data distribution.
 */
class EulerEdmSamplerTest {
  private static final double[] MU = {0.0, 1.5, -2.0, 0.3, 4.0, -0.7, 2.2, -3.1};
  private static final double[] S = {1.0, 0.5, 2.0, 0.25, 1.2, 0.8, 3.0, 0.1};

  private static VideoDenoiser gaussian() {
    return (x, sigma, dest) -> {
      for (int i = 0; i < x.length; i++) {
        int d = i % MU.length;
        double s2 = S[d] * S[d];
        dest[i] = (float) (MU[d] + s2 / (s2 + sigma * sigma) * (x[i] - MU[d]));
      }
    };
  }

  private static float[] normal(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i += 2) {
      // Box-Muller: two independent standard normals per pair of uniforms.
      double u = 1 - random.nextDouble();
      double v = random.nextDouble();
      double r = Math.sqrt(-2 * Math.log(u));
      out[i] = (float) (r * Math.cos(2 * Math.PI * v));
      if (i + 1 < n) {
        out[i + 1] = (float) (r * Math.sin(2 * Math.PI * v));
      }
    }
    return out;
  }

  @Test
  void svdsScheduleRunsFromSevenHundredToTwoThousandthsThenZero() {
    double[] sigmas = EdmSchedule.svd().sigmas();
    assertEquals(26, sigmas.length);
    assertEquals(700, sigmas[0], 1e-9);
    assertEquals(0.002, sigmas[24], 1e-12);
    assertEquals(0, sigmas[25]);
    // Karras et al. Eq. 5 at i = 12 of 24: the midpoint of the 1/7th roots, to the 7th power.
    double mid = Math.pow(0.5 * (Math.pow(700, 1 / 7.0) + Math.pow(0.002, 1 / 7.0)), 7);
    assertEquals(mid, sigmas[12], 1e-9 * mid);
  }

  @Test
  void samplesOverManySeedsHaveTheDataMeanAndVariance() {
    // Euler's discretisation error on this ODE shrinks like 1/N: at SVD's 25 steps the spread comes
    // out about 15% narrow (see the next test); at 2000 steps it is within 0.2%, well inside the
    // statistical tolerance below.
    int samples = 4000;
    float[] x = normal(samples * MU.length, 42);
    EulerEdmSampler.sample(EdmSchedule.svd().withSteps(2000), gaussian(), x, ProgressListener.NONE);
    for (int d = 0; d < MU.length; d++) {
      double sum = 0;
      for (int k = 0; k < samples; k++) {
        sum += x[k * MU.length + d];
      }
      double mean = sum / samples;
      double squares = 0;
      for (int k = 0; k < samples; k++) {
        double e = x[k * MU.length + d] - mean;
        squares += e * e;
      }
      double variance = squares / (samples - 1);
      double s2 = S[d] * S[d];
      // Standard errors of n = 4000 Gaussian samples: s / sqrt(n) for the mean, s^2 sqrt(2 / (n -
      // 1)) for the variance (2.2%). Four standard errors: a correct sampler fails with
      // probability about 6e-5 per check.
      assertEquals(MU[d], mean, 4 * S[d] / Math.sqrt(samples), "mean of dimension " + d);
      assertEquals(s2, variance, 4 * s2 * Math.sqrt(2.0 / (samples - 1)), "variance of " + d);
    }
  }

  @Test
  void atSvdsStepCountTheSampleIsEulersClosedFormOfTheOde() {
    // Each Euler step scales x - mu by 1 + (sigma_{i+1} - sigma_i) sigma_i / (s^2 + sigma_i^2), so
    // the sample is mu + A (x_0 - mu) with A the product of those factors and x_0 = sqrt(1 +
    // sigma_0^2) eps.
    EdmSchedule schedule = EdmSchedule.svd();
    double[] sigmas = schedule.sigmas();
    float[] eps = normal(MU.length * 4, 7);
    float[] x = eps.clone();
    EulerEdmSampler.sample(schedule, gaussian(), x, ProgressListener.NONE);
    for (int i = 0; i < x.length; i++) {
      int d = i % MU.length;
      double s2 = S[d] * S[d];
      double a = 1;
      for (int k = 0; k < schedule.steps(); k++) {
        a *= 1 + (sigmas[k + 1] - sigmas[k]) * sigmas[k] / (s2 + sigmas[k] * sigmas[k]);
      }
      double x0 = Math.sqrt(1 + sigmas[0] * sigmas[0]) * eps[i];
      double expected = MU[d] + a * (x0 - MU[d]);
      // Float arithmetic on values up to 700 |eps|: about 1e-4 absolute after the contraction.
      assertEquals(expected, x[i], 2e-3 + 1e-4 * Math.abs(expected), "element " + i);
    }
  }
}
