package dev.persona.core.dataset.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoseLibraryTest {
  private static final BodyRig RIG = new BodyRig(SkeletonBody.create());

  private static double[] joints(double[] pose) {
    PosedBody posed =
        RIG.forward(SmplxParams.fromFullPose(new double[0], new double[0], pose, new double[3]));
    return posed.joints().clone();
  }

  private static double x(double[] joints, String name) {
    return joints[SmplxJoints.index(name) * 3];
  }

  private static double y(double[] joints, String name) {
    return joints[SmplxJoints.index(name) * 3 + 1];
  }

  private static double z(double[] joints, String name) {
    return joints[SmplxJoints.index(name) * 3 + 2];
  }

  @Test
  void aPoseLowersBothArmsAboutFortyFiveDegrees() {
    double[] j = joints(PoseLibrary.pose(PoseFamily.A_POSE, 0));
    for (String side : new String[] {"left", "right"}) {
      double drop = y(j, side + "_shoulder") - y(j, side + "_wrist");
      double reach = Math.abs(x(j, side + "_wrist") - x(j, side + "_shoulder"));
      // 0.75 rad = 43 degrees at the shoulder; the fixture's arm is straight within 0.01 m in
      // depth, which changes the angle by well under a degree.
      assertEquals(43, Math.toDegrees(Math.atan2(drop, reach)), 1.0, side);
    }
  }

  @Test
  void walkSwingsOneLegForwardAndTheOppositeArmForward() {
    double[] j = joints(PoseLibrary.pose(PoseFamily.WALK, 0.25));
    // Phase 0.25: the left hip flexes 0.45 rad, so the left ankle is well in front (+z).
    assertTrue(z(j, "left_ankle") > z(j, "right_ankle") + 0.2, "left foot forward");
    assertTrue(z(j, "right_wrist") > z(j, "left_wrist") + 0.1, "right arm forward");
  }

  @Test
  void squatBringsTheKneesForwardAndThePelvisTowardTheFeet() {
    double[] standing = joints(PoseLibrary.pose(PoseFamily.ARMS_DOWN, 0));
    double[] squat = joints(PoseLibrary.pose(PoseFamily.SQUAT, 0.99));
    assertTrue(z(squat, "left_knee") > 0.2, "knees forward");
    double standingHeight = y(standing, "pelvis") - y(standing, "left_ankle");
    double squatHeight = y(squat, "pelvis") - y(squat, "left_ankle");
    assertTrue(squatHeight < 0.75 * standingHeight, squatHeight + " vs " + standingHeight);
  }

  @Test
  void armsDownHangsTheWristsBelowTheShoulders() {
    double[] j = joints(PoseLibrary.pose(PoseFamily.ARMS_DOWN, 0.5));
    assertTrue(y(j, "left_shoulder") - y(j, "left_wrist") > 0.4);
    assertTrue(y(j, "right_shoulder") - y(j, "right_wrist") > 0.4);
  }

  @Test
  void armRaiseLiftsTheLeftHandAboveTheHead() {
    double[] j = joints(PoseLibrary.pose(PoseFamily.ARM_RAISE, 0.499));
    assertTrue(y(j, "left_wrist") > y(j, "head"), "left hand overhead");
  }

  @Test
  void sampledPosesAreDeterministicDistinctAndWithinJointLimits() {
    for (PoseFamily family : PoseFamily.values()) {
      double[] a = PoseLibrary.sample(family, new SplittableRandom(11));
      double[] b = PoseLibrary.sample(family, new SplittableRandom(11));
      double[] c = PoseLibrary.sample(family, new SplittableRandom(12));
      assertArrayEquals(a, b, family.name());
      assertFalse(Arrays.equals(a, c), family.name());
      assertEquals(0, a[0] * a[0] + a[1] * a[1] + a[2] * a[2], family + " global orient");
      for (String knee : new String[] {"left_knee", "right_knee"}) {
        assertTrue(a[SmplxJoints.index(knee) * 3] >= 0, family + " " + knee + " bends forward");
      }
      assertTrue(a[SmplxJoints.index("left_elbow") * 3 + 1] <= 0.05, family + " left elbow");
      assertTrue(a[SmplxJoints.index("right_elbow") * 3 + 1] >= -0.05, family + " right elbow");
      for (double v : a) {
        assertTrue(Double.isFinite(v), family.name());
      }
    }
  }
}
