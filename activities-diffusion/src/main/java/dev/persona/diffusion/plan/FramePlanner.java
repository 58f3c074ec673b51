package dev.persona.diffusion.plan;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.math.Rotations;
import dev.persona.core.motion.BuiltInMotion;
import dev.persona.core.motion.Motion;
import dev.persona.core.motion.MotionFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link SynthesisPlan} into frames: each motion's poses applied to the fitted person, and
 * a camera per frame.
 *
 * <p>Poses: a motion moves the body in its own frame (standing at the origin, facing +z, y up). The
 * fitted body stands where the photo's fit put it, rotated by its global orientation {@code R_f}
 * and translated by {@code t_f}. Posing a rest vertex {@code v} with the motion gives {@code R_m (v
 * - J_0) + J_0 + t_m}; placing that where the fit stands gives {@code R_f R_m (v - J_0) + J_0 + t_f
 * + R_f t_m} (SMPL-X rotates about the pelvis {@code J_0}). So a frame's global orientation is
 * {@code R_f R_m} and its translation {@code t_f + R_f t_m}; its body pose is the motion's, and its
 * shape, expression, jaw, eyes and hands are the fit's (the motions do not move them).
 *
 * <p>Cameras: {@link CameraPath#FIXED} repeats the photo camera; {@link CameraPath#ORBIT} turns the
 * photo camera about the body's vertical axis, the line through the fitted pelvis along {@code R_f
 * y}: {@code camera_to_world_k = T(a) R(up, theta_k) T(-a) camera_to_world_photo}, {@code theta_k =
 * 2 pi turns k / n} for frame {@code k} of a motion's {@code n}. Distance to the axis, height and
 * framing are the photo camera's. Either way the camera is rescaled to the plan's size keeping the
 * photo's vertical framing (focal lengths scale with the height, the width is cropped or padded
 * about the photo's principal point).
 */
public final class FramePlanner {
  private FramePlanner() {}

  /**
   * @param plan what to make
   * @param photoCamera the photo's camera
   * @param photoParams the fit of the photo
   * @param body the body model the fit belongs to (for the pelvis position)
   * @throws dev.persona.core.InvalidInputException as {@link MotionFiles#resolve} for a motion that
   *     is neither built in nor a readable file
   */
  public static List<PlannedFrame> plan(
      SynthesisPlan plan, PinholeCamera photoCamera, SmplxParams photoParams, BodyModel body)
      throws IOException {
    PinholeCamera base = resize(photoCamera, plan.width(), plan.height());
    double[] fitOrient = new double[9];
    Rotations.axisAngleToMatrix(photoParams.globalOrient(), 0, fitOrient, 0);
    double[] up = new double[3];
    Rotations.transform(fitOrient, 0, new double[] {0, 1, 0}, 0, up, 0);
    PosedBody photoBody = new BodyRig(body).forward(photoParams);
    double[] pelvis = {
      photoBody.joints()[SmplxJoints.PELVIS * 3],
      photoBody.joints()[SmplxJoints.PELVIS * 3 + 1],
      photoBody.joints()[SmplxJoints.PELVIS * 3 + 2]
    };

    List<PlannedFrame> frames = new ArrayList<>(plan.frameCount());
    double[] motionOrient = new double[9];
    double[] orient = new double[9];
    double[] turned = new double[3];
    for (String name : plan.motions()) {
      Motion motion = sample(name, plan.framesPerMotion());
      int n = motion.frameCount();
      for (int k = 0; k < n; k++) {
        SmplxParams m = motion.frame(k);
        double[] pose = photoParams.fullPose();
        double[] motionPose = m.fullPose();
        System.arraycopy(motionPose, 3, pose, 3, SmplxJoints.BODY_JOINTS * 3);
        Rotations.axisAngleToMatrix(motionPose, 0, motionOrient, 0);
        Rotations.multiply(fitOrient, 0, motionOrient, 0, orient, 0);
        Rotations.matrixToAxisAngle(orient, 0, pose, 0);
        Rotations.transform(fitOrient, 0, m.transl(), 0, turned, 0);
        double[] transl = photoParams.transl().clone();
        for (int c = 0; c < 3; c++) {
          transl[c] += turned[c];
        }
        SmplxParams params =
            SmplxParams.fromFullPose(photoParams.betas(), photoParams.expression(), pose, transl);
        PinholeCamera camera =
            plan.cameraPath() == CameraPath.FIXED
                ? base
                : orbit(base, pelvis, up, 2 * Math.PI * plan.orbitTurns() * k / n);
        frames.add(new PlannedFrame(frames.size(), name, k, params, camera));
      }
    }
    return List.copyOf(frames);
  }

  /**
   * The motion with exactly {@code frames} frames: one loop of a built-in, or a file's whole span
   * resampled (slerp) so that its frames are evenly spaced over it.
   */
  static Motion sample(String name, int frames) throws IOException {
    Optional<BuiltInMotion> builtIn = BuiltInMotion.byName(name);
    if (builtIn.isPresent()) {
      return builtIn.get().motion(frames / builtIn.get().durationSeconds());
    }
    Motion motion = MotionFiles.resolve(name, MotionFiles.DEFAULT_FRAME_RATE);
    if (motion.frameCount() < 2 || frames == 1) {
      return new Motion(motion.name(), motion.frameRate(), List.of(motion.frame(0)));
    }
    double span = (motion.frameCount() - 1) / motion.frameRate();
    Motion resampled = motion.resample((frames - 1) / span);
    // Rounding of the span can leave one frame more or fewer than asked: trim or repeat the last.
    List<SmplxParams> out = new ArrayList<>(frames);
    for (int i = 0; i < frames; i++) {
      out.add(resampled.frame(Math.min(i, resampled.frameCount() - 1)));
    }
    return new Motion(resampled.name(), resampled.frameRate(), out);
  }

  /**
   * The camera for an image of another size with the same vertical framing: focal lengths and the
   * principal point scale by {@code height / photoHeight}; the width is cropped or padded equally
   * on both sides.
   */
  public static PinholeCamera resize(PinholeCamera camera, int width, int height) {
    double s = (double) height / camera.height();
    double cx = camera.cx() * s + 0.5 * (width - camera.width() * s);
    return new PinholeCamera(
        width,
        height,
        camera.fx() * s,
        camera.fy() * s,
        cx,
        camera.cy() * s,
        camera.worldToCamera());
  }

  /**
   * The camera turned by {@code angle} radians about the axis through {@code point} along unit
   * {@code axis}: {@code W' = W T(a) R(axis, -angle) T(-a)} for world-to-camera {@code W}.
   */
  static PinholeCamera orbit(PinholeCamera camera, double[] point, double[] axis, double angle) {
    double[] inverse = new double[9];
    Rotations.axisAngleToMatrix(
        new double[] {-angle * axis[0], -angle * axis[1], -angle * axis[2]}, 0, inverse, 0);
    // M = T(a) R^T T(-a): rotation R^T, translation a - R^T a.
    double[] ra = new double[3];
    Rotations.transform(inverse, 0, point, 0, ra, 0);
    double[] w = camera.worldToCamera();
    double[] out = new double[16];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        out[r * 4 + c] =
            w[r * 4] * inverse[c] + w[r * 4 + 1] * inverse[3 + c] + w[r * 4 + 2] * inverse[6 + c];
      }
      out[r * 4 + 3] =
          w[r * 4] * (point[0] - ra[0])
              + w[r * 4 + 1] * (point[1] - ra[1])
              + w[r * 4 + 2] * (point[2] - ra[2])
              + w[r * 4 + 3];
    }
    out[15] = 1;
    return new PinholeCamera(
        camera.width(), camera.height(), camera.fx(), camera.fy(), camera.cx(), camera.cy(), out);
  }
}
