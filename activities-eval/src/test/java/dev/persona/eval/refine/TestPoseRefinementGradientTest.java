package dev.persona.eval.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.loss.PhotometricLoss;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.RenderSettings;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The refinement objective's analytic gradient (rasterizer backward -> skinning -> kinematic chain
 * -> axis-angle and translation, plus the prior) against central finite differences of the same
 * objective, at a pose away from the prior's centre so the prior's gradient counts too; and the
 * skinning chain alone against finite differences of the posed means.
 */
class TestPoseRefinementGradientTest {
  private static final int SIZE = 24;

  /**
   * Step of the central difference, radians or metres: 1 mm at a metre from the joint, 0.01 pixel
   * here (about 0.1 m per pixel at 24 pixels), small against the Gaussians' 10 cm footprints.
   */
  private static final double STEP = 1e-3;

  /**
   * Per-entry tolerance, as a fraction of the largest quotient. The rendered objective is only
   * piecewise smooth: the rasterizer's cut-offs (3 sigma, alpha 1/255) make jumps, and the finite
   * difference counts those crossed within the step while the analytic gradient, like every 3DGS
   * rasterizer's, does not. Measured here: quotients at the step and at half of it differ by up to
   * 6e-3 where the largest entry is 0.1, and the analytic gradient sits within 8e-3 of them. A sign
   * error, a missing factor or a wrong joint would miss by the entry's own size.
   */
  private static final double ENTRY = 0.1;

  /** The gradient and the quotients, as vectors, point the same way to within about 11 degrees. */
  private static final double COSINE = 0.98;

  /**
   * The chain without the rasterizer is smooth: a 1e-4 step has a truncation error of order step^2
   * times the third derivative (a few per radian cubed here), and the posed means are float (6e-8
   * relative): summed over 5,500 random-signed terms about 5e-6, 2.5e-2 in the quotient at most,
   * against gradients of order 10 to 100. 1e-3 relative to (1 + |numeric|) covers both.
   */
  private static final double CHAIN_STEP = 1e-4;

  private static final double CHAIN_TOLERANCE = 1e-2;

  @Test
  void theObjectivesGradientMatchesFiniteDifferencesInOrientationElbowShoulderAndTranslation() {
    TinyAvatar tiny = new TinyAvatar(3, true);
    // Without pose-driven offsets the objective depends on the pose only through the skinning,
    // exactly what the analytic gradient covers (with them, their pose dependence is held fixed).
    AvatarPoser poser = new AvatarPoser(tiny.avatar, false);
    PinholeCamera camera = TinyAvatar.front(SIZE);
    SplittableRandom random = new SplittableRandom(11);
    double[] pose0 = new double[SmplxJoints.COUNT * 3];
    pose0[16 * 3 + 2] = -1.0; // left shoulder: arm lowered
    pose0[17 * 3 + 2] = 1.0;
    pose0[18 * 3 + 1] = -0.6; // left elbow bent
    SmplxParams start =
        SmplxParams.zero().withFullPose(pose0).withTransl(new double[] {0.01, -0.02, 0.03});
    double[] pose = pose0.clone();
    for (int i = 0; i < TestPoseRefinement.POSE_VALUES; i++) {
      pose[i] += random.nextDouble(-0.1, 0.1);
    }
    SmplxParams at = start.withFullPose(pose).withTransl(new double[] {0.03, -0.01, 0.0});

    // The target: a render at another pose with a noisy texture, so both L1 and SSIM are active.
    Image image = new Image(SIZE, SIZE, 3);
    Image mask = new Image(SIZE, SIZE, 1);
    for (int p = 0; p < SIZE * SIZE; p++) {
      mask.data()[p] = p % SIZE >= 6 && p % SIZE < 18 ? 1f : 0f;
      for (int c = 0; c < 3; c++) {
        image.data()[p * 3 + c] = (float) random.nextDouble(0.1, 0.9);
      }
    }
    RenderSettings settings = RenderSettings.defaults();
    PoseRefinementOptions options = new PoseRefinementOptions(1, 0.01, 0.002, 0.05, 2.0);
    double[] centre = Arrays.copyOf(pose0, TestPoseRefinement.POSE_VALUES);
    double[] translCentre = start.transl();
    float[] target = TestPoseRefinement.pastedOnWhite(image, mask, camera);
    PhotometricLoss photometric = new PhotometricLoss(SIZE, SIZE);

    double[] gPose = new double[TestPoseRefinement.POSE_VALUES];
    double[] gTransl = new double[3];
    try (TestPoseRefinement fast =
        new TestPoseRefinement(
            poser, tiny.parameters, settings, options, new CpuGaussianRasterizer())) {
      fast.objective(at, centre, translCentre, camera, target, photometric, gPose, gTransl);
    }
    TestPoseRefinement reference =
        new TestPoseRefinement(
            poser, tiny.parameters, settings, options, new CpuGaussianRasterizer());
    // global orientation x/y/z, left shoulder z, left elbow y and z, spine y; then translation.
    int[] poseEntries = {0, 1, 2, 16 * 3 + 2, 18 * 3 + 1, 18 * 3 + 2, 3 * 3 + 1};
    int entries = poseEntries.length + 3;
    double[] analytic = new double[entries];
    double[] numeric = new double[entries];
    double largest = 0;
    for (int k = 0; k < entries; k++) {
      boolean isPose = k < poseEntries.length;
      int idx = isPose ? poseEntries[k] : k - poseEntries.length;
      analytic[k] = isPose ? gPose[idx] : gTransl[idx];
      numeric[k] = quotient(reference, at, isPose, idx, STEP, centre, translCentre, camera, target);
      largest = Math.max(largest, Math.abs(numeric[k]));
    }
    reference.close();
    double dot = 0;
    double na = 0;
    double nn = 0;
    for (int k = 0; k < entries; k++) {
      assertEquals(numeric[k], analytic[k], ENTRY * largest, "entry " + k);
      dot += analytic[k] * numeric[k];
      na += analytic[k] * analytic[k];
      nn += numeric[k] * numeric[k];
    }
    assertTrue(dot / Math.sqrt(na * nn) > COSINE, "direction: " + dot / Math.sqrt(na * nn));
    assertTrue(largest > 0.02, "the objective must depend on the pose: " + largest);
  }

  /**
   * The chain alone, without the rasterizer: for {@code L = sum_i c_i . mean_i} with random {@code
   * c}, {@link AvatarPoser#poseGradient} against central differences of the posed means.
   */
  @Test
  void theSkinningChainsPoseGradientMatchesFiniteDifferencesOfTheMeans() {
    TinyAvatar tiny = new TinyAvatar(4);
    AvatarPoser poser = new AvatarPoser(tiny.avatar, false);
    SplittableRandom random = new SplittableRandom(5);
    double[] pose = new double[SmplxJoints.COUNT * 3];
    for (int i = 0; i < TestPoseRefinement.POSE_VALUES; i++) {
      pose[i] = random.nextDouble(-0.4, 0.4);
    }
    SmplxParams at =
        SmplxParams.zero().withFullPose(pose).withTransl(new double[] {0.1, -0.2, 0.3});
    int n = tiny.avatar.count();
    float[] c = new float[n * 3];
    for (int i = 0; i < c.length; i++) {
      c[i] = (float) random.nextDouble(-1, 1);
    }
    var g = poser.poseGradient(poser.pose(tiny.parameters, at), tiny.parameters, c);
    for (int idx : new int[] {0, 1, 2, 3 * 3, 16 * 3 + 2, 18 * 3 + 1, 20 * 3}) {
      double numeric =
          (linear(poser, tiny, shifted(at, true, idx, CHAIN_STEP), c)
                  - linear(poser, tiny, shifted(at, true, idx, -CHAIN_STEP), c))
              / (2 * CHAIN_STEP);
      assertEquals(
          numeric, g.pose()[idx], CHAIN_TOLERANCE * (1 + Math.abs(numeric)), "pose " + idx);
    }
    for (int idx = 0; idx < 3; idx++) {
      double numeric =
          (linear(poser, tiny, shifted(at, false, idx, CHAIN_STEP), c)
                  - linear(poser, tiny, shifted(at, false, idx, -CHAIN_STEP), c))
              / (2 * CHAIN_STEP);
      assertEquals(numeric, g.transl()[idx], CHAIN_TOLERANCE * (1 + Math.abs(numeric)), "t " + idx);
    }
  }

  private static double linear(AvatarPoser poser, TinyAvatar tiny, SmplxParams at, float[] c) {
    float[] means = poser.pose(tiny.parameters, at).gaussians().means();
    double sum = 0;
    for (int i = 0; i < c.length; i++) {
      sum += (double) c[i] * means[i];
    }
    return sum;
  }

  private static double quotient(
      TestPoseRefinement reference,
      SmplxParams at,
      boolean isPose,
      int idx,
      double step,
      double[] centre,
      double[] translCentre,
      PinholeCamera camera,
      float[] target) {
    PhotometricLoss photometric = new PhotometricLoss(SIZE, SIZE);
    double plus =
        reference.objective(
            shifted(at, isPose, idx, step),
            centre,
            translCentre,
            camera,
            target,
            photometric,
            null,
            null);
    double minus =
        reference.objective(
            shifted(at, isPose, idx, -step),
            centre,
            translCentre,
            camera,
            target,
            photometric,
            null,
            null);
    return (plus - minus) / (2 * step);
  }

  private static SmplxParams shifted(SmplxParams at, boolean isPose, int idx, double step) {
    if (isPose) {
      double[] pose = at.fullPose();
      pose[idx] += step;
      return at.withFullPose(pose);
    }
    double[] t = at.transl().clone();
    t[idx] += step;
    return at.withTransl(t);
  }
}
