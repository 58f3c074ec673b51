package dev.persona.eval.refine;

import dev.persona.core.body.BodyGradient;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.core.math.Rotations;
import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.CanonicalAvatar;
import dev.persona.splat.avatar.PosedAvatar;
import dev.persona.splat.loss.PhotometricLoss;
import dev.persona.splat.optim.Adam;
import dev.persona.splat.optim.LearningRateSchedule;
import dev.persona.splat.optim.ParameterGroup;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.GaussianGradients;
import dev.persona.splat.raster.GaussianRasterizer;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.raster.Rendering;
import dev.persona.splat.raster.RenderingGradient;
import java.util.Arrays;
import java.util.List;

/**
 * Test-frame pose refinement, the evaluation protocol of ExAvatar (Moon et al. 2024) and PERSONA
 * (Sim &amp; Moon 2025) on real captures: the fitted SMPL-X of a test frame is imperfect, and an
 * avatar scored at a wrong pose is penalised for the fit, not for itself. So each test frame's
 * global orientation, 21 body joint rotations and translation are optimised against the frame's
 * image with every avatar parameter frozen, and the frame is scored at the result.
 *
 * <p>The objective, for the avatar rendered over white at pose {@code theta} and translation {@code
 * t}:
 *
 * <pre>
 *   E = 0.8 L1(r, y) + 0.2 (1 - SSIM(r, y))                       (3DGS's loss, PhotometricLoss)
 *       + lambda_r / 2 |theta - theta_0|^2 + lambda_t / 2 |t - t_0|^2
 *   y = m gt + (1 - m) 1                   (the ground truth pasted on white with its mask)
 * </pre>
 *
 * Inside the mask this is the protocol's own comparison (render and ground truth pasted on white);
 * outside it, the target is white, so a limb rendered where the person is not costs too: the
 * silhouette pulls the pose as well as the colours. The prior keeps the pose near the dataset's so
 * the refinement cannot explain the avatar's texture errors by posing (a sleeve's wrong shade
 * "fixed" by turning the arm). Adam (eps 1e-8) minimises E for {@link PoseRefinementOptions#steps}
 * steps; the parameters with the lowest E seen are returned.
 *
 * <p>Gradients are analytic: the rasterizer's backward to the posed means, {@link
 * AvatarPoser#poseGradient} through linear blend skinning to the joint transforms and down the
 * kinematic chain to axis-angle pose and translation. The pose-driven offsets, the pose correctives
 * and the Gaussians' rotations are held fixed within a step and re-evaluated at every step (see
 * {@link AvatarPoser#poseGradient}); jaw, eyes, hands and expression are not refined. Every sum has
 * a fixed order and the rasterizer is bit-identical for any thread count, so the result is too.
 *
 * <p>Not for concurrent use (one rasterizer's buffers); close it to stop the rasterizer's threads.
 */
public final class TestPoseRefinement implements AutoCloseable {
  /** Refined axis-angle values: global orientation (joint 0) and the 21 body joints. */
  static final int POSE_VALUES = (1 + SmplxJoints.BODY_JOINTS) * 3;

  private static final Adam.Settings ADAM = new Adam.Settings(0.9, 0.999, 1e-8);

  private final AvatarPoser poser;
  private final AvatarParameters parameters;
  private final RenderSettings settings;
  private final GaussianRasterizer rasterizer;
  private final PoseRefinementOptions options;

  /**
   * @param parameters the avatar's learned parameters, frozen (read, never changed)
   * @param settings the rasterizer's settings; the background is made white whatever it was
   */
  public TestPoseRefinement(
      CanonicalAvatar avatar,
      AvatarParameters parameters,
      RenderSettings settings,
      PoseRefinementOptions options) {
    this(new AvatarPoser(avatar), parameters, settings, options, new CpuGaussianRasterizer());
  }

  /** With another rasterizer (tests: the double-precision reference). */
  TestPoseRefinement(
      AvatarPoser poser,
      AvatarParameters parameters,
      RenderSettings settings,
      PoseRefinementOptions options,
      GaussianRasterizer rasterizer) {
    this.poser = poser;
    this.parameters = parameters;
    this.settings = settings.withBackground(1f, 1f, 1f);
    this.options = options;
    this.rasterizer = rasterizer;
  }

  public PoseRefinementOptions options() {
    return options;
  }

  /**
   * Refines one frame's pose.
   *
   * @param start the dataset's SMPL-X parameters for the frame
   * @param camera the frame's camera, of the image's size
   * @param image the frame, linear RGB or RGBA
   * @param mask the frame's person mask, one channel in [0, 1]
   * @throws IllegalArgumentException when the image, mask and camera sizes differ
   */
  public RefinedPose refine(SmplxParams start, PinholeCamera camera, Image image, Image mask) {
    float[] target = pastedOnWhite(image, mask, camera);
    PhotometricLoss photometric = new PhotometricLoss(camera.width(), camera.height());
    double[] pose0 = Arrays.copyOf(start.fullPose(), POSE_VALUES);
    double[] transl0 = start.transl().clone();
    float[] pose = toFloats(pose0);
    float[] transl = toFloats(transl0);
    float[] poseGrad = new float[POSE_VALUES];
    float[] translGrad = new float[3];
    Adam adam =
        new Adam(
            List.of(
                new ParameterGroup("pose", pose, poseGrad, options.rotationLearningRate()),
                new ParameterGroup(
                    "transl", transl, translGrad, options.translationLearningRate())),
            ADAM,
            LearningRateSchedule.CONSTANT);
    double[] gPose = new double[POSE_VALUES];
    double[] gTransl = new double[3];
    SmplxParams best = start;
    double initial = Double.NaN;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int step = 0; step <= options.steps(); step++) {
      SmplxParams current = step == 0 ? start : with(start, pose, transl);
      boolean last = step == options.steps();
      double e =
          objective(
              current, pose0, transl0, camera, target, photometric, last ? null : gPose, gTransl);
      if (step == 0) {
        initial = e;
      }
      if (e < bestLoss) {
        bestLoss = e;
        best = current;
      }
      if (last) {
        break;
      }
      for (int i = 0; i < POSE_VALUES; i++) {
        poseGrad[i] = (float) gPose[i];
      }
      for (int i = 0; i < 3; i++) {
        translGrad[i] = (float) gTransl[i];
      }
      adam.step();
    }
    return new RefinedPose(
        best,
        initial,
        bestLoss,
        options.steps(),
        largestRotationChangeDegrees(pose0, best.fullPose()),
        distance(transl0, best.transl()));
  }

  /**
   * The objective E at {@code params} (see the class comment), and its gradient when {@code gPose}
   * is not null.
   *
   * @param pose0 {@code [66]} the prior's centre (global orientation, body pose)
   * @param transl0 {@code [3]} the prior's centre
   * @param target {@code [H*W*3]} the ground truth pasted on white
   * @param gPose {@code [66]} dE/d(global orientation, body pose), overwritten; null for none
   * @param gTransl {@code [3]} dE/d(transl), overwritten when {@code gPose} is not null
   */
  double objective(
      SmplxParams params,
      double[] pose0,
      double[] transl0,
      PinholeCamera camera,
      float[] target,
      PhotometricLoss photometric,
      double[] gPose,
      double[] gTransl) {
    PosedAvatar posed = poser.pose(parameters, params);
    Rendering rendering = rasterizer.render(posed.gaussians(), camera, settings);
    float[] dColor = gPose == null ? null : new float[target.length];
    double e = photometric.evaluate(rendering.color(), target, null, dColor, 1.0).loss();
    double[] pose = params.fullPose();
    double[] transl = params.transl();
    double lr = options.rotationPrior();
    double lt = options.translationPrior();
    for (int i = 0; i < POSE_VALUES; i++) {
      double d = pose[i] - pose0[i];
      e += 0.5 * lr * d * d;
    }
    for (int i = 0; i < 3; i++) {
      double d = transl[i] - transl0[i];
      e += 0.5 * lt * d * d;
    }
    if (gPose == null) {
      return e;
    }
    GaussianGradients dGaussians =
        rasterizer.backward(rendering, RenderingGradient.ofColor(dColor));
    BodyGradient g = poser.poseGradient(posed, parameters, dGaussians.means());
    for (int i = 0; i < POSE_VALUES; i++) {
      gPose[i] = g.pose()[i] + lr * (pose[i] - pose0[i]);
    }
    for (int i = 0; i < 3; i++) {
      gTransl[i] = g.transl()[i] + lt * (transl[i] - transl0[i]);
    }
    return e;
  }

  /** {@code m gt + (1 - m) 1} per pixel and channel, {@code [H*W*3]}. */
  static float[] pastedOnWhite(Image image, Image mask, PinholeCamera camera) {
    int w = camera.width();
    int h = camera.height();
    if (image.width() != w || image.height() != h || mask.width() != w || mask.height() != h) {
      throw new IllegalArgumentException(
          "image "
              + image.width()
              + "x"
              + image.height()
              + ", mask "
              + mask.width()
              + "x"
              + mask.height()
              + " and camera "
              + w
              + "x"
              + h
              + " differ");
    }
    float[] px = image.data();
    float[] m = mask.data();
    int ic = image.channels();
    int mc = mask.channels();
    float[] out = new float[w * h * 3];
    for (int p = 0; p < w * h; p++) {
      float a = m[p * mc];
      for (int c = 0; c < 3; c++) {
        out[p * 3 + c] = a * px[p * ic + c] + (1 - a);
      }
    }
    return out;
  }

  /** {@code start} with the global orientation, body pose and translation replaced. */
  static SmplxParams with(SmplxParams start, float[] pose, float[] transl) {
    double[] full = start.fullPose();
    for (int i = 0; i < POSE_VALUES; i++) {
      full[i] = pose[i];
    }
    double[] t = new double[3];
    for (int i = 0; i < 3; i++) {
      t[i] = transl[i];
    }
    return SmplxParams.fromFullPose(start.betas(), start.expression(), full, t);
  }

  /** The largest angle of {@code R(a_j)^T R(b_j)} over the refined joints, degrees. */
  static double largestRotationChangeDegrees(double[] a, double[] b) {
    double[] ra = new double[9];
    double[] rb = new double[9];
    double[] rel = new double[9];
    double largest = 0;
    for (int j = 0; j < POSE_VALUES / 3; j++) {
      Rotations.axisAngleToMatrix(a, j * 3, ra, 0);
      Rotations.axisAngleToMatrix(b, j * 3, rb, 0);
      Rotations.multiplyTransposeLeft(ra, 0, rb, 0, rel, 0);
      double cos = Math.max(-1, Math.min(1, (rel[0] + rel[4] + rel[8] - 1) / 2));
      largest = Math.max(largest, Math.toDegrees(Math.acos(cos)));
    }
    return largest;
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < 3; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  private static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  @Override
  public void close() {
    if (rasterizer instanceof CpuGaussianRasterizer cpu) {
      cpu.close();
    }
  }
}
