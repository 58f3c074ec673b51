package dev.persona.splat.avatar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.SmplxParams;
import dev.persona.splat.Tolerances;
import dev.persona.splat.gaussian.Gaussians;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The poser's two training additions: a loss on the pose-driven offsets themselves reaches the
 * triplane and MLP through {@code backward(..., dOffsets, ...)}, and the ablation switch turns the
 * offset field off entirely.
 */
class AvatarPoserOffsetsTest {
  /**
   * As AvatarGradientTest: the offsets are evaluated in float (about 130 terms of size up to 1, so
   * about 1e-6 of noise in the functional, 5e-4 in the quotient at this step).
   */
  private static final float STEP = 1e-3f;

  private static final double ABSOLUTE = 3e-3;
  private static final double RELATIVE = 1e-2;

  private static AvatarOptions tinyOptions() {
    return AvatarOptions.paper()
        .withSubdivisionLevels(1)
        .withNetwork(2, 4, 8, 2, 2)
        .withMlpBatchRows(5)
        .withExtraOffsets(true, true);
  }

  @Test
  void aLossOnTheOffsetsReachesTheNetwork() {
    SplittableRandom random = new SplittableRandom(21);
    CanonicalAvatar avatar =
        CanonicalAvatar.create(TinyBody.create(21), new double[] {0.5, -0.3}, tinyOptions());
    AvatarPoser poser = new AvatarPoser(avatar);
    AvatarParameters p = poser.initialParameters(21);
    AvatarGradientTest.randomise(p, random);
    SmplxParams params = AvatarGradientTest.randomPose(random);
    PosedAvatar posed = poser.pose(p, params);
    float[] weights = new float[posed.offsets().length];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextDouble(-1, 1);
    }
    Gaussians g = posed.gaussians();
    AvatarParameters grads = p.zerosLike();
    poser.backward(
        posed,
        p,
        new float[g.means().length],
        new float[g.logScales().length],
        new float[g.rotations().length],
        new float[g.opacityLogits().length],
        new float[g.sh().length],
        weights,
        grads);
    boolean anyNonZero = false;
    for (float[][] group :
        new float[][][] {{p.mlp(), grads.mlp()}, {p.triplane(), grads.triplane()}}) {
      float[] values = group[0];
      for (int s = 0; s < 20; s++) {
        int idx = random.nextInt(values.length);
        float saved = values[idx];
        values[idx] = saved + STEP;
        double plus = dot(weights, poser.pose(p, params).offsets());
        values[idx] = saved - STEP;
        double minus = dot(weights, poser.pose(p, params).offsets());
        values[idx] = saved;
        double numeric = (plus - minus) / (2.0 * STEP);
        Tolerances.assertGradient(group[1][idx], numeric, ABSOLUTE, RELATIVE, "entry " + idx);
        anyNonZero |= group[1][idx] != 0f;
      }
    }
    assertTrue(anyNonZero, "the check must exercise non-zero gradients");
    for (float v : grads.meanOffset()) {
      assertEquals(0f, v, "a loss on the offsets alone does not touch the static offsets");
    }
  }

  @Test
  void withoutPoseDrivenOffsetsTheFieldIsOffAndGetsNoGradient() {
    SplittableRandom random = new SplittableRandom(22);
    CanonicalAvatar avatar =
        CanonicalAvatar.create(TinyBody.create(22), new double[] {0.5, -0.3}, tinyOptions());
    AvatarPoser on = new AvatarPoser(avatar);
    AvatarPoser off = new AvatarPoser(avatar, false);
    AvatarParameters p = on.initialParameters(22);
    AvatarGradientTest.randomise(p, random);
    SmplxParams params = AvatarGradientTest.randomPose(random);
    PosedAvatar posed = off.pose(p, params);
    for (float v : posed.offsets()) {
      assertEquals(0f, v);
    }
    AvatarParameters zero = p.copy();
    java.util.Arrays.fill(zero.mlp(), 0f);
    // The MLP's output is zero when its weights are: the same Gaussians as the field switched off.
    assertArrayEquals(on.pose(zero, params).gaussians().means(), posed.gaussians().means());
    Gaussians g = posed.gaussians();
    AvatarParameters grads = p.zerosLike();
    float[] ones = new float[g.means().length];
    java.util.Arrays.fill(ones, 1f);
    off.backward(
        posed,
        p,
        ones,
        new float[g.logScales().length],
        new float[g.rotations().length],
        new float[g.opacityLogits().length],
        new float[g.sh().length],
        new float[posed.offsets().length],
        grads);
    for (float v : grads.mlp()) {
      assertEquals(0f, v);
    }
    for (float v : grads.triplane()) {
      assertEquals(0f, v);
    }
    boolean moved = false;
    for (float v : grads.meanOffset()) {
      moved |= v != 0f;
    }
    assertTrue(moved, "the static offsets still learn");
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
