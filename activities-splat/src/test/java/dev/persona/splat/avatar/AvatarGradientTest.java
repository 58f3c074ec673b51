package dev.persona.splat.avatar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.splat.Tolerances;
import dev.persona.splat.gaussian.Gaussians;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every parameter group's gradient through offset field -> posing -> a random linear functional of
 * the posed Gaussians, against central finite differences.
 */
class AvatarGradientTest {
  /**
   * Step of the central difference. Everything runs in float: the loss, a sum of about 400 terms of
   * size 1 each rounded to about 6e-8, carries about 1e-6 of noise, which 1e-3 turns into about
   * 5e-4 of error in the difference quotient; the truncation error (second derivatives of size 1 at
   * most) is below 1e-6.
   */
  private static final float STEP = 1e-3f;

  /** Absolute tolerance: a few times the rounding error of the quotient above. */
  private static final double ABSOLUTE = 3e-3;

  /** Relative tolerance: for float rounding in the analytic chain (sums of ~100 float terms). */
  private static final double RELATIVE = 1e-2;

  /** Entries checked per group (all of them for small groups). */
  private static final int SAMPLES = 24;

  private static AvatarOptions tinyOptions() {
    return AvatarOptions.paper()
        .withSubdivisionLevels(1)
        .withNetwork(2, 4, 8, 2, 2)
        .withMlpBatchRows(5);
  }

  @Test
  void isotropicPaperModelMatchesFiniteDifferences() {
    check(tinyOptions(), 11);
  }

  @Test
  void anisotropicWithLearnedOpacityShAndExtraOffsetsMatchesFiniteDifferences() {
    check(tinyOptions().withGaussians(1, true, true).withExtraOffsets(true, true), 12);
  }

  @Test
  void isotropicWithScaleOffsetsMatchesFiniteDifferences() {
    check(tinyOptions().withExtraOffsets(true, false), 13);
  }

  private static void check(AvatarOptions options, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    CanonicalAvatar avatar =
        CanonicalAvatar.create(TinyBody.create(seed), new double[] {0.5, -0.3}, options);
    assertEquals(18, avatar.count(), "octahedron: 6 vertices + 12 edge midpoints");
    AvatarPoser poser = new AvatarPoser(avatar);
    AvatarParameters p = poser.initialParameters(seed);
    randomise(p, random);
    SmplxParams params = randomPose(random);

    PosedAvatar posed = poser.pose(p, params);
    Gaussians g = posed.gaussians();
    float[][] weights = {
      randomArray(g.means().length, random),
      randomArray(g.logScales().length, random),
      randomArray(g.rotations().length, random),
      randomArray(g.opacityLogits().length, random),
      randomArray(g.sh().length, random)
    };
    AvatarParameters grads = p.zerosLike();
    poser.backward(posed, p, weights[0], weights[1], weights[2], weights[3], weights[4], grads);

    boolean anyNonZeroMlp = false;
    for (AvatarParameters.Group group : p.groups()) {
      float[] values = group.values();
      float[] analytic = findGroup(grads, group.name());
      int samples = Math.min(SAMPLES, values.length);
      for (int s = 0; s < samples; s++) {
        int idx = values.length <= SAMPLES ? s : random.nextInt(values.length);
        float saved = values[idx];
        values[idx] = saved + STEP;
        double plus = loss(poser, p, params, weights);
        values[idx] = saved - STEP;
        double minus = loss(poser, p, params, weights);
        values[idx] = saved;
        double numeric = (plus - minus) / (2.0 * STEP);
        Tolerances.assertGradient(
            analytic[idx], numeric, ABSOLUTE, RELATIVE, group.name() + "[" + idx + "]");
        if (group.name().equals(AvatarParameters.MLP) && analytic[idx] != 0f) {
          anyNonZeroMlp = true;
        }
      }
    }
    assertTrue(anyNonZeroMlp, "the check must exercise non-zero MLP gradients");
  }

  private static double loss(
      AvatarPoser poser, AvatarParameters p, SmplxParams params, float[][] weights) {
    Gaussians g = poser.pose(p, params).gaussians();
    float[][] values = {g.means(), g.logScales(), g.rotations(), g.opacityLogits(), g.sh()};
    double sum = 0;
    for (int a = 0; a < values.length; a++) {
      for (int i = 0; i < values[a].length; i++) {
        sum += (double) weights[a][i] * values[a][i];
      }
    }
    return sum;
  }

  private static float[] findGroup(AvatarParameters p, String name) {
    for (AvatarParameters.Group g : p.groups()) {
      if (g.name().equals(name)) {
        return g.values();
      }
    }
    throw new AssertionError("no group " + name);
  }

  /**
   * Random values everywhere, so that no gradient is zero by construction (MLP output included).
   */
  static void randomise(AvatarParameters p, SplittableRandom random) {
    for (AvatarParameters.Group g : p.groups()) {
      float[] v = g.values();
      for (int i = 0; i < v.length; i++) {
        v[i] =
            switch (g.name()) {
              case AvatarParameters.MEAN_OFFSET -> (float) random.nextDouble(-0.02, 0.02);
              case AvatarParameters.LOG_SCALE -> (float) random.nextDouble(-4, -2);
              default -> (float) random.nextDouble(-0.5, 0.5);
            };
      }
    }
  }

  static SmplxParams randomPose(SplittableRandom random) {
    double[] pose = new double[SmplxJoints.COUNT * 3];
    for (int i = 0; i < pose.length; i++) {
      pose[i] = random.nextDouble(-0.5, 0.5);
    }
    return SmplxParams.zero().withFullPose(pose).withTransl(new double[] {0.1, -0.2, 2.0});
  }

  private static float[] randomArray(int n, SplittableRandom random) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextDouble(-1, 1);
    }
    return a;
  }
}
