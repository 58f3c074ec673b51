package dev.persona.smplx.fitting;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.math.Rotations;
import dev.persona.core.progress.ProgressListener;
import dev.persona.smplx.perception.PoseLandmarks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fits an SMPL-X-layout body to one photo's landmarks and mask, SMPLify-X style (Pavlakos et al.
 * 2019, Sec. 3.3; Bogo et al. 2016 for the staging): the objective of {@link FitObjective},
 * minimised by {@link LevenbergMarquardt} in the stages of {@link FitOptions}.
 *
 * <ol>
 *   <li>Initialisation: the mean pose ({@link FitObjective#MEAN_POSE}), zero betas, and the body's
 *       depth from its torso: {@code d = f L / h}, with {@code L} the rest body's shoulder-to-hip
 *       distance and {@code h} the landmarks' in pixels; the pelvis on the ray through the hips'
 *       midpoint at that depth.
 *   <li>The first stage (orientation and translation from the torso and head landmarks) is run from
 *       {@value #STARTS} orientations turned about the vertical (0, +-45, +-90, 180 degrees; a side
 *       view is otherwise easily fitted facing the wrong way) and the lowest-cost one kept.
 *   <li>The later stages continue from there.
 * </ol>
 *
 * <p>Deterministic: no randomness, one thread of optimisation (the rasterizer's threads do not
 * change its output). Thread-safe: each {@link #fit} builds its own objective.
 */
public final class SmplxFitter {
  static final int STARTS = 6;

  /** Levenberg-Marquardt iterations per silhouette correspondence round. */
  static final int ICP_ITERATIONS = 4;

  private final BodyModel model;
  private final BodyRig rig;
  private final LandmarkMap map;
  private final FitOptions options;

  public SmplxFitter(BodyModel model, FitOptions options) {
    if (options.betas() > model.shapeCount()) {
      throw new IllegalArgumentException(
          model.name() + " has " + model.shapeCount() + " betas; asked for " + options.betas());
    }
    this.model = model;
    this.rig = new BodyRig(model);
    this.map = LandmarkMap.of(model);
    this.options = options;
  }

  public BodyModel model() {
    return model;
  }

  public LandmarkMap landmarkMap() {
    return map;
  }

  /**
   * Fits the body.
   *
   * @throws dev.persona.core.InvalidInputException NO_PERSON or PERSON_CUT_OFF ({@link
   *     PersonCoverage})
   */
  public FitResult fit(FitInput input, ProgressListener progress) {
    long start = System.nanoTime();
    PinholeCamera camera = input.camera();
    PersonCoverage.requireWholePerson(input.landmarks(), camera.width(), camera.height());
    LandmarkTargets targets =
        LandmarkTargets.of(input.landmarks(), camera.width(), camera.height());
    FitOptions schedule = input.given() == null ? options : options.cameraOnly();
    int betaCount = input.given() == null ? options.betas() : 0;
    double[] basePose = input.given() == null ? relaxedHands(model) : input.given().fullPose();
    SilhouetteMatcher silhouette =
        input.mask() == null
            ? null
            : new SilhouetteMatcher(
                SilhouetteTarget.of(input.mask(), camera),
                camera,
                model.faces(),
                model.vertexCount());
    double[] fixedBetas = input.given() == null ? new double[0] : input.given().betas();
    FitObjective objective =
        new FitObjective(rig, map, targets, camera, silhouette, basePose, betaCount, fixedBetas);

    double[] x = initial(objective, input.given());
    int total = 0;
    for (FitStage stage : schedule.stages()) {
      total += stage.iterations() * (stage == schedule.stages().get(0) ? STARTS : 1);
    }
    int[] done = {0};
    List<StageReport> reports = new ArrayList<>();
    boolean first = true;
    for (FitStage stage : schedule.stages()) {
      long stageStart = System.nanoTime();
      boolean[] free = freeUnknowns(objective, stage);
      FitObjective fitted = objective;
      double initialCost = fitted.evaluate(x, stage.terms(), false).cost();
      LevenbergMarquardt.Result best = null;
      int iterations = 0;
      double[][] starts = first ? yawStarts(x) : new double[][] {x};
      boolean silhouetteStage = silhouette != null && stage.terms().silhouette() > 0;
      for (double[] s : starts) {
        LevenbergMarquardt.Result r;
        if (!silhouetteStage) {
          r = minimize(fitted, stage, null, s, free, stage.iterations(), progress, done, total);
        } else {
          // ICP-style rounds: the silhouette correspondences are found for the current body and
          // held while Levenberg-Marquardt minimises the (then smooth) objective, then renewed.
          r = null;
          double[] at = s;
          int used = 0;
          while (used < stage.iterations()) {
            SilhouetteMatch held = silhouette.match(fitted.pose(at).vertices());
            int rounds = Math.min(ICP_ITERATIONS, stage.iterations() - used);
            LevenbergMarquardt.Result round =
                minimize(fitted, stage, held, at, free, rounds, progress, done, total);
            used += rounds;
            boolean moved = !java.util.Arrays.equals(round.x(), at);
            at = round.x();
            r = new LevenbergMarquardt.Result(at, round.evaluation(), used);
            if (!moved) {
              break;
            }
          }
          r =
              new LevenbergMarquardt.Result(
                  r.x(), fitted.evaluate(r.x(), stage.terms(), false), used);
        }
        iterations += r.iterations();
        if (best == null || r.evaluation().cost() < best.evaluation().cost()) {
          best = r;
        }
      }
      x = best.x();
      reports.add(
          new StageReport(
              stage.name(),
              iterations,
              initialCost,
              best.evaluation().cost(),
              best.evaluation().termCosts().clone(),
              (System.nanoTime() - stageStart) * 1e-9));
      first = false;
    }
    progress.progress(total, total, "fitted");
    return result(objective, silhouette, x, input, reports, start);
  }

  private static LevenbergMarquardt.Result minimize(
      FitObjective objective,
      FitStage stage,
      SilhouetteMatch held,
      double[] x,
      boolean[] free,
      int iterations,
      ProgressListener progress,
      int[] done,
      int total) {
    LevenbergMarquardt.Result r =
        LevenbergMarquardt.minimize(
            (v, jac) -> objective.evaluate(v, stage.terms(), held, jac),
            x,
            free,
            iterations,
            i ->
                progress.progress(
                    Math.min(total, done[0] + i),
                    total,
                    stage.name() + ": iteration " + (done[0] + i)));
    done[0] += r.iterations();
    return r;
  }

  /** Finger curl of {@link #relaxedHands} when the model has no hand mean, radians per joint. */
  static final double FINGER_CURL = 0.3;

  /**
   * A full pose {@code [55*3]} at rest except for relaxed hands: the model's hand mean (SMPL-X's
   * {@code hands_mean}, its relaxed hand) when it has a non-zero one, else each finger joint (not
   * the thumbs) curled {@value #FINGER_CURL} rad toward the palm. Hands are not fitted, and a
   * relaxed hand is what photos show far more often than SMPL-X's flat rest hand.
   */
  static double[] relaxedHands(BodyModel model) {
    double[] pose = new double[SmplxJoints.COUNT * 3];
    float[] left = model.handMeanLeft();
    float[] right = model.handMeanRight();
    boolean hasMean = false;
    for (int i = 0; left != null && right != null && i < left.length && i < right.length; i++) {
      hasMean |= left[i] != 0 || right[i] != 0;
    }
    int leftAt = SmplxJoints.LEFT_HAND_FIRST * 3;
    int rightAt = SmplxJoints.RIGHT_HAND_FIRST * 3;
    int n = SmplxJoints.HAND_JOINTS * 3;
    if (hasMean && left.length == n && right.length == n) {
      for (int i = 0; i < n; i++) {
        pose[leftAt + i] = left[i];
        pose[rightAt + i] = right[i];
      }
      return pose;
    }
    // Joints 0..11 of each hand are index, middle, pinky and ring (three each); 12..14 the thumb.
    for (int k = 0; k < 12; k++) {
      pose[leftAt + 3 * k + 2] = -FINGER_CURL;
      pose[rightAt + 3 * k + 2] = FINGER_CURL;
    }
    return pose;
  }

  private boolean[] freeUnknowns(FitObjective objective, FitStage stage) {
    boolean[] free = new boolean[objective.parameterCount()];
    for (int k = 0; k < 3; k++) {
      free[k] = true;
      free[objective.translIndex() + k] = true;
    }
    for (int k = 3; k < FitObjective.BODY_PARAMS; k++) {
      free[k] = stage.bodyPose();
    }
    for (int b = 0; b < objective.betaCount(); b++) {
      free[FitObjective.betaIndex(b)] = stage.betas();
    }
    return free;
  }

  /** The starting unknowns: mean (or given) pose, zero betas, depth from the torso's height. */
  private double[] initial(FitObjective objective, SmplxParams given) {
    double[] x = new double[objective.parameterCount()];
    if (given == null) {
      System.arraycopy(FitObjective.MEAN_POSE, 0, x, 0, FitObjective.BODY_PARAMS);
      Arrays.fill(x, 0, 3, 0);
    } else {
      System.arraycopy(given.bodyPose(), 0, x, 3, SmplxJoints.BODY_JOINTS * 3);
    }
    PosedBody rest = objective.pose(x);
    double[] joints = rest.joints().clone();
    LandmarkTargets t = objective.targets();
    double[] shoulderPx = midpoint(t, PoseLandmarks.LEFT_SHOULDER, PoseLandmarks.RIGHT_SHOULDER);
    double[] hipPx = midpoint(t, PoseLandmarks.LEFT_HIP, PoseLandmarks.RIGHT_HIP);
    double[] shoulder = jointMidpoint(joints, "left_shoulder", "right_shoulder");
    double[] hip = jointMidpoint(joints, "left_hip", "right_hip");
    double torso = Math.sqrt(distance2(shoulder, hip));
    double torsoPx = Math.max(4, Math.hypot(shoulderPx[0] - hipPx[0], shoulderPx[1] - hipPx[1]));
    PinholeCamera camera = objective.camera();
    double depth = camera.fy() * torso / torsoPx;
    double[] pelvis = new double[3];
    camera.unproject(hipPx[0], hipPx[1], depth, pelvis);
    int t0 = objective.translIndex();
    double[] posedPelvis = Arrays.copyOfRange(joints, 0, 3);
    for (int a = 0; a < 3; a++) {
      x[t0 + a] = pelvis[a] - (posedPelvis[a] - x[t0 + a]);
    }
    return x;
  }

  /** Midpoint of two landmarks in pixels, or of whichever one is confident. */
  private static double[] midpoint(LandmarkTargets t, int a, int b) {
    double wa = t.confidence()[a] > 0 ? 1 : 0;
    double wb = t.confidence()[b] > 0 ? 1 : 0;
    if (wa + wb == 0) {
      wa = 1;
      wb = 1;
    }
    return new double[] {
      (wa * t.x()[a] + wb * t.x()[b]) / (wa + wb), (wa * t.y()[a] + wb * t.y()[b]) / (wa + wb)
    };
  }

  private static double[] jointMidpoint(double[] joints, String a, String b) {
    int ia = SmplxJoints.index(a) * 3;
    int ib = SmplxJoints.index(b) * 3;
    return new double[] {
      0.5 * (joints[ia] + joints[ib]),
      0.5 * (joints[ia + 1] + joints[ib + 1]),
      0.5 * (joints[ia + 2] + joints[ib + 2])
    };
  }

  private static double distance2(double[] a, double[] b) {
    double dx = a[0] - b[0];
    double dy = a[1] - b[1];
    double dz = a[2] - b[2];
    return dx * dx + dy * dy + dz * dz;
  }

  /**
   * {@link #STARTS} copies of {@code x} with the global orientation turned about the world's
   * vertical by 0, +-45, +-90 and 180 degrees (composed with the orientation {@code x} has).
   */
  private static double[][] yawStarts(double[] x) {
    double[] yaws = {0, Math.PI / 4, -Math.PI / 4, Math.PI / 2, -Math.PI / 2, Math.PI};
    double[][] out = new double[yaws.length][];
    double[] base = new double[9];
    Rotations.axisAngleToMatrix(x, 0, base, 0);
    for (int i = 0; i < yaws.length; i++) {
      double[] yaw = new double[9];
      Rotations.axisAngleToMatrix(new double[] {0, yaws[i], 0}, 0, yaw, 0);
      double[] r = new double[9];
      Rotations.multiply(yaw, 0, base, 0, r, 0);
      out[i] = x.clone();
      Rotations.matrixToAxisAngle(r, 0, out[i], 0);
    }
    return out;
  }

  private FitResult result(
      FitObjective objective,
      SilhouetteMatcher silhouette,
      double[] x,
      FitInput input,
      List<StageReport> reports,
      long start) {
    PosedBody body = objective.pose(x);
    double[] joints = body.joints();
    double[] vertices = body.vertices();
    LandmarkTargets t = objective.targets();
    PinholeCamera camera = objective.camera();
    double[] projected = new double[PoseLandmarks.COUNT * 2];
    double[] p = new double[3];
    double[] pixel = new double[2];
    double sum = 0;
    int count = 0;
    double jointSum = 0;
    int jointCount = 0;
    for (int l = 0; l < PoseLandmarks.COUNT; l++) {
      map.position(l, joints, vertices, p);
      camera.project(p, pixel);
      projected[2 * l] = pixel[0];
      projected[2 * l + 1] = pixel[1];
      if (t.confidence()[l] >= 0.5) {
        double e = Math.hypot(pixel[0] - t.x()[l], pixel[1] - t.y()[l]);
        sum += e;
        count++;
        if (l >= PoseLandmarks.LEFT_SHOULDER && l <= PoseLandmarks.RIGHT_WRIST
            || l >= PoseLandmarks.LEFT_HIP && l <= PoseLandmarks.RIGHT_ANKLE) {
          jointSum += e;
          jointCount++;
        }
      }
    }
    double iou = silhouette == null ? Double.NaN : silhouette.match(vertices).iou();
    double[] betas = objective.betas(x);
    SmplxParams params =
        SmplxParams.fromFullPose(
            betas,
            input.given() == null ? new double[0] : input.given().expression(),
            objective.fullPose(x),
            objective.transl(x));
    List<String> warnings = new ArrayList<>(input.warnings());
    if (count == 0) {
      warnings.add("no landmark had confidence 0.5 or more; the errors are not measured");
    }
    if (!Double.isNaN(iou) && iou < 0.5) {
      warnings.add(String.format(Locale.ROOT, "the body covers the mask poorly (IoU %.2f)", iou));
    }
    return new FitResult(
        params,
        camera,
        reports,
        projected,
        count == 0 ? Double.NaN : sum / count,
        jointCount == 0 ? Double.NaN : jointSum / jointCount,
        iou,
        warnings,
        (System.nanoTime() - start) * 1e-9);
  }
}
