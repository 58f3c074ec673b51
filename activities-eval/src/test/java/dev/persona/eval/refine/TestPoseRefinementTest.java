package dev.persona.eval.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.loss.Losses;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.raster.Rendering;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Refinement undoes a perturbation of a test frame's pose: the ground truth is the avatar itself
 * rendered at the true pose (so an exact pose exists and reproduces it), the start is that pose
 * with the left shoulder and elbow turned by 12 degrees and the body moved by 2 cm.
 */
class TestPoseRefinementTest {
  private static final int SIZE = 48;
  private static final int SHOULDER = 16;
  private static final int ELBOW = 18;
  private static final int WRIST = 20;

  @Test
  void refinementRaisesPsnrAndBringsThePoseBackTowardTheTruth() {
    TinyAvatar tiny = new TinyAvatar(5);
    PinholeCamera camera = TinyAvatar.front(SIZE);
    RenderSettings settings = RenderSettings.defaults().withBackground(1f, 1f, 1f).withThreads(2);
    double[] truePose = new double[SmplxJoints.COUNT * 3];
    truePose[SHOULDER * 3 + 2] = -0.9; // left arm lowered
    truePose[ELBOW * 3 + 1] = -0.7; // and bent
    truePose[17 * 3 + 2] = 0.9;
    SmplxParams truth =
        SmplxParams.zero().withFullPose(truePose).withTransl(new double[] {0.0, 0.05, 0.0});
    Image image;
    Image mask;
    try (CpuGaussianRasterizer rasterizer = new CpuGaussianRasterizer()) {
      Rendering r =
          rasterizer.render(
              new AvatarPoser(tiny.avatar).pose(tiny.parameters, truth).gaussians(),
              camera,
              settings);
      image = r.colorImage();
    }
    // The frame's background is white like the render's, so a mask of ones makes the target the
    // render at the true pose exactly.
    mask = new Image(SIZE, SIZE, 1);
    Arrays.fill(mask.data(), 1f);
    double twelve = Math.toRadians(12);
    double[] pose = truePose.clone();
    pose[SHOULDER * 3 + 2] += twelve;
    pose[ELBOW * 3 + 1] -= twelve;
    SmplxParams start = truth.withFullPose(pose).withTransl(new double[] {0.02, 0.05, 0.0});

    RefinedPose refined;
    try (TestPoseRefinement refinement =
        new TestPoseRefinement(
            tiny.avatar, tiny.parameters, settings, PoseRefinementOptions.defaults())) {
      refined = refinement.refine(start, camera, image, mask);
    }
    double before = psnr(tiny, start, camera, settings, image);
    double after = psnr(tiny, refined.params(), camera, settings, image);
    // The pose error as the image can see it: where the elbow and wrist project, and the
    // forearm's direction. Joint angles themselves are not all observable (a twist about the arm's
    // own axis,
    // or a collar turn traded for a shoulder turn, barely changes the image), so they need not
    // come back one by one.
    double elbowBefore = jointError(tiny, camera, start, truth, ELBOW);
    double elbowAfter = jointError(tiny, camera, refined.params(), truth, ELBOW);
    double wristBefore = jointError(tiny, camera, start, truth, WRIST);
    double wristAfter = jointError(tiny, camera, refined.params(), truth, WRIST);
    double forearmBefore = boneAngle(tiny, start, truth, ELBOW, WRIST);
    double forearmAfter = boneAngle(tiny, refined.params(), truth, ELBOW, WRIST);
    double translBefore = 0.02;
    double translAfter = Math.abs(refined.params().transl()[0] - truth.transl()[0]);
    System.out.printf(
        "PSNR %.2f -> %.2f dB; elbow %.2f -> %.2f px, wrist %.2f -> %.2f px, forearm %.1f -> %.1f"
            + " deg, x %.1f -> %.1f mm%n",
        before,
        after,
        elbowBefore,
        elbowAfter,
        wristBefore,
        wristAfter,
        forearmBefore,
        forearmAfter,
        translBefore * 1000,
        translAfter * 1000);
    // 3 dB: half the squared error gone (measured: 22.1 -> 44.6 dB, elbow 1.43 -> 0.07 px).
    assertTrue(after > before + 3, "PSNR " + before + " -> " + after);
    assertTrue(refined.finalLoss() < refined.initialLoss());
    assertTrue(elbowAfter < 0.5 * elbowBefore, "elbow " + elbowBefore + " -> " + elbowAfter);
    assertTrue(wristAfter < 0.5 * wristBefore, "wrist " + wristBefore + " -> " + wristAfter);
    assertTrue(
        forearmAfter < 0.5 * forearmBefore, "forearm " + forearmBefore + " -> " + forearmAfter);
    assertTrue(translAfter < 0.5 * translBefore, "transl x error " + translAfter);
    assertTrue(refined.rotationChangeDegrees() > 5, "reported change " + refined);
  }

  @Test
  void zeroStepsKeepTheDatasetPoseAndTheResultIsTheSameForAnyThreadCount() {
    TinyAvatar tiny = new TinyAvatar(5);
    PinholeCamera camera = TinyAvatar.front(32);
    Image image = new Image(32, 32, 3);
    Image mask = new Image(32, 32, 1);
    for (int p = 0; p < 32 * 32; p++) {
      mask.data()[p] = p % 32 >= 10 && p % 32 < 22 ? 1f : 0f;
      image.data()[p * 3] = 0.3f;
    }
    SmplxParams start = SmplxParams.zero().withTransl(new double[] {0.01, 0, 0});
    RenderSettings settings = RenderSettings.defaults();
    try (TestPoseRefinement none =
        new TestPoseRefinement(
            tiny.avatar,
            tiny.parameters,
            settings,
            PoseRefinementOptions.defaults().withSteps(0))) {
      RefinedPose r = none.refine(start, camera, image, mask);
      assertEquals(start, r.params());
      assertEquals(0.0, r.rotationChangeDegrees());
      assertEquals(r.initialLoss(), r.finalLoss());
    }
    SmplxParams[] results = new SmplxParams[2];
    int[] threads = {1, 3};
    for (int t = 0; t < 2; t++) {
      try (TestPoseRefinement r =
          new TestPoseRefinement(
              tiny.avatar,
              tiny.parameters,
              settings.withThreads(threads[t]),
              PoseRefinementOptions.defaults().withSteps(5))) {
        results[t] = r.refine(start, camera, image, mask).params();
      }
    }
    assertEquals(results[0], results[1], "1 and 3 threads");
  }

  private static double psnr(
      TinyAvatar tiny,
      SmplxParams params,
      PinholeCamera camera,
      RenderSettings settings,
      Image truth) {
    try (CpuGaussianRasterizer rasterizer = new CpuGaussianRasterizer()) {
      Rendering r =
          rasterizer.render(
              new AvatarPoser(tiny.avatar).pose(tiny.parameters, params).gaussians(),
              camera,
              settings);
      return Losses.psnr(r.color(), truth.data(), null);
    }
  }

  /**
   * How far joint {@code j} lies from where it should in the image, pixels: the place along the
   * camera's axis is barely observable in one view (an arm 4 cm nearer the camera looks the same),
   * so the error that refinement can remove is the projected one.
   */
  private static double jointError(
      TinyAvatar tiny, PinholeCamera camera, SmplxParams a, SmplxParams b, int j) {
    double[] ja = tiny.avatar.rig().forward(a).joints();
    double[] jb = tiny.avatar.rig().forward(b).joints();
    double[] pa = new double[2];
    double[] pb = new double[2];
    camera.project(new double[] {ja[j * 3], ja[j * 3 + 1], ja[j * 3 + 2]}, pa);
    camera.project(new double[] {jb[j * 3], jb[j * 3 + 1], jb[j * 3 + 2]}, pb);
    return Math.hypot(pa[0] - pb[0], pa[1] - pb[1]);
  }

  /** The angle between the bone from joint {@code from} to {@code to} at two poses, degrees. */
  private static double boneAngle(TinyAvatar tiny, SmplxParams a, SmplxParams b, int from, int to) {
    double[] ja = tiny.avatar.rig().forward(a).joints();
    double[] jb = tiny.avatar.rig().forward(b).joints();
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int c = 0; c < 3; c++) {
      double da = ja[to * 3 + c] - ja[from * 3 + c];
      double db = jb[to * 3 + c] - jb[from * 3 + c];
      dot += da * db;
      na += da * da;
      nb += db * db;
    }
    return Math.toDegrees(Math.acos(Math.min(1, dot / Math.sqrt(na * nb))));
  }
}
