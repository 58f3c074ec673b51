package dev.persona.splat.avatar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.Tolerances;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.GaussianGradients;
import dev.persona.splat.raster.ReferenceGaussianRasterizer;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.raster.Rendering;
import dev.persona.splat.raster.RenderingGradient;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every parameter group's gradient end to end: offset field -> posing -> the CPU rasterizer -> a
 * random linear functional of a 24x24 colour and alpha image, against central finite differences of
 * the same chain rendered by the double-precision reference rasterizer.
 */
class AvatarRenderGradientTest {
  /**
   * Step of the central difference. The rendered function is piecewise smooth: its cut-offs (3
   * sigma, alpha 1/255) make jumps of about 0.01 per pixel, so the step must move footprints far
   * less than a pixel: 1e-4 m is about 0.002 pixels here (at 5e-4 a crossing already shows in this
   * seeded scene). The reference rasterizer composites in double and rounds its 2,300 outputs to
   * float (about 3e-8 each, at most about 3e-6 in the loss), at most about 1.5e-2 in the quotient.
   * An entry whose quotients at the step and at half of it disagree has a jump within the step and
   * is not compared; at least three quarters of the entries must be compared.
   */
  private static final float STEP = 1e-4f;

  /** Absolute tolerance: the quotient's worst-case rounding error above. */
  private static final double ABSOLUTE = 1.5e-2;

  /**
   * Relative tolerance: the fast rasterizer's float gradients agree with the exact ones to about
   * 2e-3 of the largest (its own tests), plus the chain's float sums.
   */
  private static final double RELATIVE = 2e-2;

  private static final int SAMPLES = 10;

  @Test
  void gradientsThroughTheRasterizerMatchFiniteDifferences() {
    long seed = 21;
    SplittableRandom random = new SplittableRandom(seed);
    AvatarOptions options =
        AvatarOptions.paper()
            .withSubdivisionLevels(1)
            .withNetwork(2, 4, 8, 2, 2)
            .withGaussians(1, true, true)
            .withExtraOffsets(true, true);
    CanonicalAvatar avatar =
        CanonicalAvatar.create(TinyBody.create(seed), new double[] {0.5, -0.3}, options);
    AvatarPoser poser = new AvatarPoser(avatar);
    AvatarParameters p = poser.initialParameters(seed);
    AvatarGradientTest.randomise(p, random);
    for (int i = 0; i < p.logScale().length; i++) {
      p.logScale()[i] = (float) Math.log(0.08 + 0.04 * random.nextDouble());
    }
    for (int i = 0; i < p.opacityLogit().length; i++) {
      p.opacityLogit()[i] = (float) random.nextDouble(-1, 1);
    }
    double[] pose = new double[SmplxJoints.COUNT * 3];
    for (int i = 0; i < pose.length; i++) {
      pose[i] = random.nextDouble(-0.3, 0.3);
    }
    SmplxParams params = SmplxParams.zero().withFullPose(pose);
    PinholeCamera camera =
        PinholeCamera.lookAt(
            new double[] {0.3, 0.2, 1.5},
            new double[] {0, 0, 0},
            new double[] {0, 1, 0},
            24,
            24,
            45);
    float[] colorWeights = new float[24 * 24 * 3];
    float[] alphaWeights = new float[24 * 24];
    for (int i = 0; i < colorWeights.length; i++) {
      colorWeights[i] = (float) random.nextDouble(-1, 1);
    }
    for (int i = 0; i < alphaWeights.length; i++) {
      alphaWeights[i] = (float) random.nextDouble(-1, 1);
    }
    RenderingGradient dLoss = new RenderingGradient(colorWeights, alphaWeights, null, null);

    RenderSettings settings = RenderSettings.defaults();
    ReferenceGaussianRasterizer reference = new ReferenceGaussianRasterizer();
    try (CpuGaussianRasterizer rasterizer = new CpuGaussianRasterizer()) {
      PosedAvatar posed = poser.pose(p, params);
      Rendering rendering = rasterizer.render(posed.gaussians(), camera, settings);
      GaussianGradients dPosed = rasterizer.backward(rendering, dLoss);
      AvatarParameters grads = p.zerosLike();
      poser.backward(posed, p, dPosed, grads);

      int nonZero = 0;
      int checked = 0;
      int total = 0;
      for (int g = 0; g < p.groups().size(); g++) {
        AvatarParameters.Group group = p.groups().get(g);
        float[] values = group.values();
        float[] analytic = grads.groups().get(g).values();
        for (int s = 0; s < SAMPLES; s++) {
          int idx = random.nextInt(values.length);
          double numeric =
              quotient(reference, poser, p, params, camera, settings, dLoss, values, idx, STEP);
          double half =
              quotient(reference, poser, p, params, camera, settings, dLoss, values, idx, STEP / 2);
          total++;
          if (Math.abs(numeric - half) > ABSOLUTE + RELATIVE * Math.abs(numeric)) {
            // The two quotients disagree: a cut-off jump lies within the step; no reference here.
            continue;
          }
          checked++;
          Tolerances.assertGradient(
              analytic[idx], numeric, ABSOLUTE, RELATIVE, group.name() + "[" + idx + "]");
          if (Math.abs(analytic[idx]) > 10 * ABSOLUTE) {
            nonZero++;
          }
        }
      }
      assertTrue(checked >= 0.75 * total, "jumps spoiled " + (total - checked) + " of " + total);
      assertTrue(nonZero >= 10, "the image must depend on the checked entries: " + nonZero);
    }
  }

  /** The central difference quotient of the loss in parameter {@code values[idx]}. */
  private static double quotient(
      ReferenceGaussianRasterizer reference,
      AvatarPoser poser,
      AvatarParameters p,
      SmplxParams params,
      PinholeCamera camera,
      RenderSettings settings,
      RenderingGradient dLoss,
      float[] values,
      int idx,
      float step) {
    float saved = values[idx];
    values[idx] = saved + step;
    double plus = loss(reference, poser.pose(p, params), camera, settings, dLoss);
    values[idx] = saved - step;
    double minus = loss(reference, poser.pose(p, params), camera, settings, dLoss);
    values[idx] = saved;
    return (plus - minus) / (2.0 * step);
  }

  /** The weighted sum of the reference rendering's colour and alpha, summed in double. */
  private static double loss(
      ReferenceGaussianRasterizer reference,
      PosedAvatar posed,
      PinholeCamera camera,
      RenderSettings settings,
      RenderingGradient weights) {
    Rendering r = reference.render(posed.gaussians(), camera, settings);
    double sum = 0;
    for (int i = 0; i < r.color().length; i++) {
      sum += (double) weights.color()[i] * r.color()[i];
    }
    for (int i = 0; i < r.alpha().length; i++) {
      sum += (double) weights.alpha()[i] * r.alpha()[i];
    }
    return sum;
  }
}
