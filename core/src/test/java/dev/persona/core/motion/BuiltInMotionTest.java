package dev.persona.core.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.math.Rotations;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltInMotionTest {
  /**
   * Fastest joint turn allowed between two frames at 30 fps, radians: 0.25 rad in 1/30 s is 7.5
   * rad/s, brisk for a human limb; a jump in the pose (a seam that does not close) exceeds it.
   */
  private static final double MAX_STEP_30FPS = 0.25;

  /** Rotation matrices built from the same rotation agree to rounding. */
  private static final double SAME_ROTATION = 1e-9;

  @Test
  void everyMotionIsNamedAndFound() {
    assertEquals(List.of("turn", "walk", "arms", "squat", "reach"), BuiltInMotion.names());
    for (BuiltInMotion m : BuiltInMotion.values()) {
      assertEquals(m, BuiltInMotion.byName(m.id().toUpperCase(java.util.Locale.ROOT)).get());
    }
    assertTrue(BuiltInMotion.byName("moonwalk").isEmpty());
  }

  @Test
  void eachMotionLoopsExactly() {
    for (BuiltInMotion m : BuiltInMotion.values()) {
      SmplxParams start = m.at(0);
      SmplxParams end = m.at(m.durationSeconds());
      assertTrue(
          maxJointAngle(start, end) < SAME_ROTATION, m.id() + ": pose at the period = pose at 0");
      assertTrue(
          maxTranslation(start, end) < SAME_ROTATION, m.id() + ": translation at the period");
    }
  }

  @Test
  void eachMotionIsContinuousAcrossItsSeamToo() {
    for (BuiltInMotion m : BuiltInMotion.values()) {
      Motion coarse = m.motion(30);
      assertEquals(Math.round(m.durationSeconds() * 30), coarse.frameCount(), m.id());
      assertEquals(m.durationSeconds(), coarse.durationSeconds(), 1e-12, m.id());
      double step30 = maxStep(coarse);
      assertTrue(step30 > 0, m.id() + " moves");
      assertTrue(step30 < MAX_STEP_30FPS, m.id() + ": largest step at 30 fps " + step30);
      // A continuous motion's steps shrink with the time step (to first order, by half); a jump
      // anywhere, the seam included, would not shrink.
      double step60 = maxStep(m.motion(60));
      assertTrue(step60 < 0.6 * step30, m.id() + ": steps " + step30 + " then " + step60);
    }
  }

  @Test
  void turnGoesRoundTheVerticalAxis() {
    BuiltInMotion turn = BuiltInMotion.TURN;
    double[] m = new double[9];
    Rotations.axisAngleToMatrix(turn.at(turn.durationSeconds() / 4).globalOrient(), 0, m, 0);
    // A quarter of the loop: a quarter turn about +y, so the body's front (+z) faces +x.
    assertEquals(1.0, m[2], 1e-12);
    assertEquals(1.0, m[4], 1e-12);
    assertEquals(-1.0, m[6], 1e-12);
  }

  @Test
  void theSquatLowersThePelvisAndKeepsTheFeetLevel() {
    BuiltInMotion squat = BuiltInMotion.SQUAT;
    SmplxParams bottom = squat.at(squat.durationSeconds() / 2);
    assertTrue(bottom.transl()[1] < -0.2, "pelvis drop " + bottom.transl()[1]);
    assertEquals(0.0, squat.at(0).transl()[1], 1e-12);
    // The foot's rotation relative to the pelvis: hip, knee and ankle together about x.
    double[] pose = bottom.fullPose();
    double[] chain = new double[27];
    Rotations.axisAngleToMatrix(pose, 1 * 3, chain, 0);
    Rotations.axisAngleToMatrix(pose, 4 * 3, chain, 9);
    Rotations.multiply(chain, 0, chain, 9, chain, 18);
    Rotations.axisAngleToMatrix(pose, 7 * 3, chain, 0);
    Rotations.multiply(chain, 18, chain, 0, chain, 9);
    double[] down = {0, -1, 0};
    double[] sole = new double[3];
    Rotations.transform(chain, 9, down, 0, sole, 0);
    // The hip's small outward turn tilts the foot a little; the forward tilt cancels.
    assertEquals(0.0, sole[2], 1e-9, "foot pitch");
  }

  /** The largest joint turn between consecutive frames, the last to the first included. */
  private static double maxStep(Motion motion) {
    double max = 0;
    for (int i = 0; i < motion.frameCount(); i++) {
      SmplxParams a = motion.frame(i);
      SmplxParams b = motion.frame((i + 1) % motion.frameCount());
      max = Math.max(max, maxJointAngle(a, b));
      max = Math.max(max, maxTranslation(a, b));
    }
    return max;
  }

  /** The largest geodesic angle between the two poses' rotations of one joint, radians. */
  private static double maxJointAngle(SmplxParams a, SmplxParams b) {
    double[] pa = a.fullPose();
    double[] pb = b.fullPose();
    double[] m = new double[27];
    double max = 0;
    for (int j = 0; j < SmplxJoints.COUNT; j++) {
      Rotations.axisAngleToMatrix(pa, j * 3, m, 0);
      Rotations.axisAngleToMatrix(pb, j * 3, m, 9);
      Rotations.multiplyTransposeLeft(m, 0, m, 9, m, 18);
      double cos = Math.max(-1, Math.min(1, 0.5 * (m[18] + m[22] + m[26] - 1)));
      // acos loses precision near 1; the chord length of the difference does not.
      double chord = 0;
      for (int e = 0; e < 9; e++) {
        double d = m[e] - m[9 + e];
        chord += d * d;
      }
      max = Math.max(max, cos > 0.999 ? Math.sqrt(chord / 2) : Math.acos(cos));
    }
    return max;
  }

  private static double maxTranslation(SmplxParams a, SmplxParams b) {
    double max = 0;
    for (int c = 0; c < 3; c++) {
      max = Math.max(max, Math.abs(a.transl()[c] - b.transl()[c]));
    }
    return max;
  }
}
