package dev.persona.diffusion.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.motion.BuiltInMotion;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FramePlannerTest {
  /** Double-precision geometry through float-free code: errors are rounding only. */
  private static final double EXACT = 1e-9;

  private static BodyModel body;

  @BeforeAll
  static void body() {
    body = ProceduralBody.create().model();
  }

  /** A fit turned 0.4 rad about x and 0.3 about y, standing 1 m to the side. */
  private static SmplxParams fit() {
    double[] pose = new double[SmplxJoints.COUNT * 3];
    pose[0] = 0.4;
    pose[1] = 0.3;
    pose[3 * 20 + 2] = 0.2;
    return SmplxParams.fromFullPose(
        new double[] {0.5, -0.3}, new double[0], pose, new double[] {1.0, 0.1, -0.2});
  }

  private static PinholeCamera photoCamera() {
    return PinholeCamera.orbit(new double[] {1, 0.2, 0}, 3.0, 10, 5, 320, 480, 45);
  }

  @Test
  void aMotionsRestFrameLeavesTheBodyWhereTheFitPutIt() throws Exception {
    // ARMS at time 0 has zero global orientation and translation: the placed body's pelvis and
    // global orientation must be the fit's.
    SynthesisPlan plan =
        SynthesisPlan.defaults().withMotions(List.of("arms")).withFramesPerMotion(4);
    List<PlannedFrame> frames = FramePlanner.plan(plan, photoCamera(), fit(), body);
    assertEquals(4, frames.size());
    SmplxParams first = frames.get(0).params();
    assertArrayEquals(fit().globalOrient(), first.globalOrient(), EXACT);
    assertArrayEquals(fit().transl(), first.transl(), EXACT);
    assertArrayEquals(fit().betas(), first.betas(), 0);
    // Hands come from the fit, the body pose from the motion.
    assertArrayEquals(fit().leftHandPose(), first.leftHandPose(), 0);
    assertArrayEquals(BuiltInMotion.ARMS.at(0).bodyPose(), first.bodyPose(), 0);
  }

  @Test
  void theSquatsDropIsAlongTheFittedBodysOwnVertical() throws Exception {
    SynthesisPlan plan =
        SynthesisPlan.defaults().withMotions(List.of("squat")).withFramesPerMotion(2);
    List<PlannedFrame> frames = FramePlanner.plan(plan, photoCamera(), fit(), body);
    // Frame 1 is the bottom of the squat (half the loop): the motion's translation (0, -d, 0)
    // rotated by the fit's orientation and added to the fit's translation.
    double drop = BuiltInMotion.SQUAT.at(BuiltInMotion.SQUAT.durationSeconds() / 2).transl()[1];
    double[] r = new double[9];
    dev.persona.core.math.Rotations.axisAngleToMatrix(fit().globalOrient(), 0, r, 0);
    double[] expected = {1.0 + r[1] * drop, 0.1 + r[4] * drop, -0.2 + r[7] * drop};
    assertArrayEquals(expected, frames.get(1).params().transl(), EXACT);
  }

  @Test
  void fixedCamerasAreThePhotoCameraAtThePlanSize() throws Exception {
    SynthesisPlan plan =
        SynthesisPlan.defaults()
            .withMotions(List.of("walk"))
            .withFramesPerMotion(3)
            .withCamera(CameraPath.FIXED, 0)
            .withSize(320, 480);
    for (PlannedFrame frame : FramePlanner.plan(plan, photoCamera(), fit(), body)) {
      assertEquals(photoCamera(), frame.camera());
    }
  }

  @Test
  void resizingKeepsTheVerticalFramingAndCentresTheWidth() {
    PinholeCamera photo = photoCamera();
    PinholeCamera square = FramePlanner.resize(photo, 512, 512);
    // Height 480 -> 512: scale 16/15; the width 320 becomes 341.33 and is padded to 512.
    double s = 512.0 / 480;
    assertEquals(photo.fy() * s, square.fy(), EXACT);
    assertEquals(photo.cy() * s, square.cy(), EXACT);
    assertEquals(photo.cx() * s + 0.5 * (512 - 320 * s), square.cx(), EXACT);
  }

  @Test
  void orbitCamerasCircleTheBodysVerticalAxisAtThePhotoCamerasDistanceAndHeight() throws Exception {
    SynthesisPlan plan =
        SynthesisPlan.defaults()
            .withMotions(List.of("walk"))
            .withFramesPerMotion(4)
            .withCamera(CameraPath.ORBIT, 1)
            .withSize(320, 480);
    List<PlannedFrame> frames = FramePlanner.plan(plan, photoCamera(), fit(), body);
    PosedBody photoBody = new BodyRig(body).forward(fit());
    double[] pelvis = {photoBody.joints()[0], photoBody.joints()[1], photoBody.joints()[2]};
    double[] r = new double[9];
    dev.persona.core.math.Rotations.axisAngleToMatrix(fit().globalOrient(), 0, r, 0);
    double[] up = {r[1], r[4], r[7]};
    double[] photoEye = photoCamera().cameraCenter();
    double[] photoOffset = offsetFromAxis(photoEye, pelvis, up);
    for (int k = 0; k < 4; k++) {
      double[] eye = frames.get(k).camera().cameraCenter();
      double[] offset = offsetFromAxis(eye, pelvis, up);
      // Same height along the axis and same distance from it.
      assertEquals(photoOffset[0], offset[0], 1e-9);
      assertEquals(photoOffset[1], offset[1], 1e-9);
    }
    // A quarter of a turn per frame: frame 1's radial direction is frame 0's turned 90 degrees,
    // so the two are perpendicular; frame 2's is opposite frame 0's.
    double[] d0 = radial(frames.get(0).camera().cameraCenter(), pelvis, up);
    double[] d1 = radial(frames.get(1).camera().cameraCenter(), pelvis, up);
    double[] d2 = radial(frames.get(2).camera().cameraCenter(), pelvis, up);
    assertEquals(0, dot(d0, d1), 1e-9);
    assertEquals(-dot(d0, d0), dot(d0, d2), 1e-9);
    // The orbit keeps looking at the pelvis as the photo camera did: its projection stays put.
    double[] p0 = new double[2];
    double[] p1 = new double[2];
    frames.get(0).camera().project(pelvis, p0);
    frames.get(1).camera().project(pelvis, p1);
    assertArrayEquals(p0, p1, 1e-9);
  }

  /** {height along the axis, distance from it}. */
  private static double[] offsetFromAxis(double[] p, double[] a, double[] up) {
    double[] d = radial(p, a, up);
    double h = (p[0] - a[0]) * up[0] + (p[1] - a[1]) * up[1] + (p[2] - a[2]) * up[2];
    return new double[] {h, Math.sqrt(dot(d, d))};
  }

  private static double[] radial(double[] p, double[] a, double[] up) {
    double h = (p[0] - a[0]) * up[0] + (p[1] - a[1]) * up[1] + (p[2] - a[2]) * up[2];
    return new double[] {p[0] - a[0] - h * up[0], p[1] - a[1] - h * up[1], p[2] - a[2] - h * up[2]};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
