package dev.persona.core.body;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyRigTest {
  /**
   * Fast path vs the literal reference, both in double from the same float model: different
   * summation orders only, a few ulps of values of order 1 metre.
   */
  private static final double SAME_MATH = 1e-12;

  private final Random random = new Random(7);

  @Test
  void zeroPoseReproducesTemplatePlusShapeBlend() {
    BodyModel model = RandomBodies.smplxLike(1, 40, 4, 2, true);
    BodyRig rig = new BodyRig(model);
    double[] betas = {0.5, -1.0, 2.0, 0.3};
    double[] expression = {1.5, -0.7};
    PosedBody posed = rig.newPosedBody();
    rig.pose(rig.shape(betas, expression), new double[55 * 3], new double[3], posed);
    int s = 6;
    float[] dirs = model.shapeDirs();
    double[] shaped = new double[40 * 3];
    for (int r = 0; r < 40 * 3; r++) {
      shaped[r] = model.templateVertices()[r];
      for (int k = 0; k < 4; k++) {
        shaped[r] += dirs[r * s + k] * betas[k];
      }
      for (int k = 0; k < 2; k++) {
        shaped[r] += dirs[r * s + 4 + k] * expression[k];
      }
    }
    for (int v = 0; v < 40; v++) {
      // Skinning at rest scales by the weights' sum, which is 1 only to float precision.
      double weightSum = 0;
      for (int j = 0; j < 55; j++) {
        weightSum += model.skinWeights()[v * 55 + j];
      }
      for (int c = 0; c < 3; c++) {
        assertEquals(shaped[v * 3 + c] * weightSum, posed.vertices()[v * 3 + c], SAME_MATH);
      }
    }
    // Rest joints are the regressor applied to the shaped vertices, and the zero pose keeps them.
    for (int j = 0; j < 55; j++) {
      for (int c = 0; c < 3; c++) {
        double expected = 0;
        for (int v = 0; v < 40; v++) {
          expected += model.jointRegressor()[j * 40 + v] * shaped[v * 3 + c];
        }
        assertEquals(expected, posed.joints()[j * 3 + c], SAME_MATH);
      }
    }
  }

  @Test
  void agreesWithLiteralReferenceAtRandomPose() {
    BodyModel model = RandomBodies.smplxLike(2, 60, 5, 3, true);
    BodyRig rig = new BodyRig(model);
    assertTrue(rig.hasPoseCorrectives());
    for (int trial = 0; trial < 3; trial++) {
      double[] betas = RandomBodies.gaussian(random, 5, 1.0);
      double[] expression = RandomBodies.gaussian(random, 3, 1.0);
      double[] pose = RandomBodies.randomPose(random, 55, 0.5);
      if (trial == 1) {
        // Some joints exactly at rest: exercises the skipping of identity blocks in posedirs.
        for (int i = 60; i < pose.length; i++) {
          pose[i] = 0;
        }
      }
      double[] transl = RandomBodies.gaussian(random, 3, 1.0);
      PosedBody posed = rig.newPosedBody();
      rig.pose(rig.shape(betas, expression), pose, transl, posed);
      ReferenceLbs.Output ref = ReferenceLbs.forward(model, betas, expression, pose, transl);
      assertArrayEquals(ref.vertices(), posed.vertices(), SAME_MATH);
      assertArrayEquals(ref.joints(), posed.joints(), SAME_MATH);
    }
  }

  @Test
  void skinningTransformsReproduceVertices() {
    BodyModel model = RandomBodies.smplxLike(3, 30, 2, 0, true);
    BodyRig rig = new BodyRig(model);
    PosedBody posed = rig.newPosedBody();
    double[] transl = {0.3, -0.2, 1.0};
    rig.pose(
        rig.shape(new double[] {1, -1}, new double[0]),
        RandomBodies.randomPose(random, 55, 0.6),
        transl,
        posed);
    double[] q = posed.jointRotations();
    double[] a = posed.skinningTranslations();
    double[] u = posed.posedRestVertices();
    for (int v = 0; v < 30; v++) {
      for (int r = 0; r < 3; r++) {
        double x = 0;
        for (int j = 0; j < 55; j++) {
          double w = model.skinWeights()[v * 55 + j];
          double y = a[j * 3 + r];
          for (int c = 0; c < 3; c++) {
            y += q[j * 9 + r * 3 + c] * u[v * 3 + c];
          }
          x += w * y;
        }
        // Weights sum to 1 only to float precision (~1e-7), which scales transl's 1 metre.
        assertEquals(posed.vertices()[v * 3 + r], x, 1e-6);
      }
    }
  }

  @Test
  void shortBetasAndExpressionMeanZeros() {
    BodyRig rig = new BodyRig(RandomBodies.smplxLike(4, 30, 4, 3, false));
    ShapedBody shortOnes = rig.shape(new double[] {0.7, -0.2}, new double[] {1.1});
    ShapedBody padded = rig.shape(new double[] {0.7, -0.2, 0, 0}, new double[] {1.1, 0, 0});
    assertArrayEquals(padded.restVertices(), shortOnes.restVertices(), 0.0);
    assertArrayEquals(padded.restJoints(), shortOnes.restJoints(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> rig.shape(new double[5], new double[0]));
  }

  @Test
  void rotatingOneJointMovesOnlyItsSubtree() {
    // No pose correctives: with them every vertex may move with any joint, by design.
    BodyModel model = RandomBodies.smplxLike(5, 80, 2, 0, false);
    BodyRig rig = new BodyRig(model);
    assertFalse(rig.hasPoseCorrectives());
    ShapedBody shaped = rig.shape(new double[] {0.4, 0.1}, new double[0]);
    double[] base = RandomBodies.randomPose(random, 55, 0.3);
    PosedBody before = rig.newPosedBody();
    rig.pose(shaped, base, new double[3], before);
    int elbow = SmplxJoints.index("left_elbow");
    boolean[] inSubtree = new boolean[55];
    for (int j = 0; j < 55; j++) {
      inSubtree[j] = j == elbow || (SmplxJoints.parent(j) >= 0 && inSubtree[SmplxJoints.parent(j)]);
    }
    double[] turned = base.clone();
    turned[elbow * 3 + 1] += 0.8;
    PosedBody after = rig.newPosedBody();
    rig.pose(shaped, turned, new double[3], after);
    int moved = 0;
    for (int j = 0; j < 55; j++) {
      double d = distance(before.joints(), after.joints(), j);
      // The joint itself rotates about its own location, so it stays; strict descendants move.
      if (inSubtree[j] && j != elbow) {
        assertTrue(d > 1e-4, "descendant joint " + SmplxJoints.NAMES.get(j) + " should move");
      } else {
        assertEquals(0.0, d, SAME_MATH, "joint " + SmplxJoints.NAMES.get(j) + " should stay");
      }
    }
    for (int v = 0; v < 80; v++) {
      boolean weighted = false;
      for (int j = 0; j < 55; j++) {
        weighted |= inSubtree[j] && model.skinWeights()[v * 55 + j] != 0f;
      }
      double d = distance(before.vertices(), after.vertices(), v);
      if (weighted) {
        moved++;
      } else {
        assertEquals(0.0, d, SAME_MATH, "vertex " + v + " has no weight in the subtree");
      }
    }
    assertTrue(moved > 0, "the random body must have vertices on the left arm");
  }

  @Test
  void translationShiftsEverything() {
    BodyRig rig = new BodyRig(RandomBodies.smplxLike(6, 30, 2, 1, true));
    ShapedBody shaped = rig.shape(new double[] {1, 2}, new double[] {0.5});
    double[] pose = RandomBodies.randomPose(random, 55, 0.4);
    PosedBody at0 = rig.newPosedBody();
    PosedBody moved = rig.newPosedBody();
    double[] transl = {0.25, -1.5, 3.0};
    rig.pose(shaped, pose, new double[3], at0);
    rig.pose(shaped, pose, transl, moved);
    for (int i = 0; i < at0.vertices().length; i++) {
      assertEquals(at0.vertices()[i] + transl[i % 3], moved.vertices()[i], SAME_MATH);
    }
    for (int i = 0; i < at0.joints().length; i++) {
      assertEquals(at0.joints()[i] + transl[i % 3], moved.joints()[i], SAME_MATH);
    }
  }

  @Test
  void elbowQuarterTurnOnATinyArm() {
    // Shoulder at 0, elbow at x=1, wrist at x=2 (each joint regressed from one vertex).
    float[] template = {0, 0, 0, 1, 0, 0, 2, 0, 0, 1.5f, 0, 0, 0.5f, 0, 0};
    float[] regressor = new float[3 * 5];
    regressor[0] = 1; // joint 0 <- vertex 0
    regressor[5 + 1] = 1; // joint 1 <- vertex 1
    regressor[10 + 2] = 1; // joint 2 <- vertex 2
    float[] weights = {
      1,
      0,
      0, // vertex 0: shoulder
      0,
      1,
      0, // vertex 1: elbow
      0,
      0,
      1, // vertex 2: wrist
      0,
      1,
      0, // vertex 3: forearm, rigid with the elbow
      0.5f,
      0.5f,
      0 // vertex 4: upper arm, half shoulder half elbow
    };
    BodyModel arm =
        BodyModel.of(
            "arm",
            template,
            new int[] {0, 1, 2},
            new float[0],
            0,
            0,
            new float[5 * 3 * 18],
            regressor,
            new int[] {-1, 0, 1},
            weights,
            null,
            null);
    BodyRig rig = new BodyRig(arm);
    PosedBody posed = rig.newPosedBody();
    double[] pose = {0, 0, 0, 0, 0, Math.PI / 2, 0, 0, 0}; // elbow +90 degrees about z: x -> y
    rig.pose(rig.shape(new double[0], new double[0]), pose, new double[3], posed);
    double[] expected = {
      0,
      0,
      0, // shoulder vertex stays
      1,
      0,
      0, // elbow vertex stays
      1,
      1,
      0, // wrist swings up
      1,
      0.5,
      0, // mid-forearm swings up
      // upper arm: 0.5 (0.5,0,0) + 0.5 (R (0.5-1,0,0) + (1,0,0)) = 0.5 (0.5,0,0) + 0.5 (1,-0.5,0)
      0.75,
      -0.25,
      0
    };
    assertArrayEquals(expected, posed.vertices(), SAME_MATH);
    assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0, 1, 1, 0}, posed.joints(), SAME_MATH);
    // The wrist's world rotation is the elbow's: a quarter turn about z.
    double[] wrist = new double[9];
    System.arraycopy(posed.jointRotations(), 18, wrist, 0, 9);
    assertArrayEquals(new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1}, wrist, SAME_MATH);
  }

  @Test
  void forwardFromParamsMatchesShapeThenPose() {
    BodyModel model = RandomBodies.smplxLike(8, 30, 3, 2, true);
    BodyRig rig = new BodyRig(model);
    double[] pose = RandomBodies.randomPose(random, 55, 0.3);
    double[] betas = {0.1, 0.2};
    double[] expression = {0.5};
    double[] transl = {1, 2, 3};
    PosedBody viaParams = rig.forward(SmplxParams.fromFullPose(betas, expression, pose, transl));
    PosedBody direct = rig.newPosedBody();
    rig.pose(rig.shape(betas, expression), pose, transl, direct);
    assertArrayEquals(direct.vertices(), viaParams.vertices(), 0.0);
    assertArrayEquals(direct.joints(), viaParams.joints(), 0.0);
  }

  @Test
  void handPcaIsMeanPlusComponentsAndChainsGradients() {
    BodyModel model = RandomBodies.smplxLike(9, 20, 1, 0, false);
    assertEquals(6, HandPca.componentCount(model, HandPca.Side.LEFT));
    double[] coeffs = {0.5, -1.0, 0.25};
    double[] hand = new double[45];
    HandPca.toAxisAngle(model, HandPca.Side.RIGHT, coeffs, hand);
    for (int i = 0; i < 45; i++) {
      double expected = model.handMeanRight()[i];
      for (int k = 0; k < 3; k++) {
        expected += coeffs[k] * model.handComponentsRight()[k * 45 + i];
      }
      assertEquals(expected, hand[i], SAME_MATH);
    }
    // The pose is affine in the coefficients, so the chained gradient of g.pose is exact.
    double[] g = RandomBodies.gaussian(random, 45, 1.0);
    double[] grad = new double[3];
    HandPca.coefficientGradient(model, HandPca.Side.RIGHT, g, grad);
    for (int k = 0; k < 3; k++) {
      double[] plus = coeffs.clone();
      plus[k] += 1.0;
      double[] handPlus = new double[45];
      HandPca.toAxisAngle(model, HandPca.Side.RIGHT, plus, handPlus);
      double change = 0;
      for (int i = 0; i < 45; i++) {
        change += g[i] * (handPlus[i] - hand[i]);
      }
      assertEquals(change, grad[k], 1e-9);
    }
  }

  private static double distance(double[] a, double[] b, int i) {
    double dx = a[i * 3] - b[i * 3];
    double dy = a[i * 3 + 1] - b[i * 3 + 1];
    double dz = a[i * 3 + 2] - b[i * 3 + 2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
}
