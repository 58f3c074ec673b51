package dev.persona.splat.avatar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.body.procedural.ProceduralBodyOptions;
import dev.persona.core.mesh.MeshAdjacency;
import dev.persona.core.mesh.MeshSubdivision;
import dev.persona.core.mesh.TriangleMesh;
import dev.persona.splat.gaussian.Gaussians;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The avatar's structure and posing on the procedural body at its coarsest resolution. */
class AvatarModelTest {
  /**
   * Positions are float throughout (template, subdivision, posed means) at about 1 m from the
   * origin plus a 2 m translation: float spacing there is 2.4e-7 m, and a few roundings stay well
   * below 1e-5 m.
   */
  private static final double POSITION_TOLERANCE = 1e-5;

  private static final double[] BETAS = {0.8, -0.5, 0.3};

  private static BodyModel body;

  @BeforeAll
  static void createBody() {
    body = ProceduralBody.create(new ProceduralBodyOptions(0.025)).model();
  }

  private static AvatarOptions small(int levels) {
    return AvatarOptions.paper().withSubdivisionLevels(levels).withNetwork(4, 16, 16, 2, 4);
  }

  @Test
  void subdivisionLevelsGiveVerticesPlusEdges() {
    TriangleMesh mesh = new TriangleMesh(body.templateVertices(), body.faces());
    int v0 = mesh.vertexCount();
    int v1 = v0 + MeshAdjacency.of(mesh).edgeCount();
    TriangleMesh mesh1 = MeshSubdivision.subdivide(mesh).mesh();
    int v2 = v1 + MeshAdjacency.of(mesh1).edgeCount();
    assertEquals(v0, CanonicalAvatar.create(body, BETAS, small(0)).count());
    assertEquals(v1, CanonicalAvatar.create(body, BETAS, small(1)).count());
    CanonicalAvatar two = CanonicalAvatar.create(body, BETAS, small(2));
    assertEquals(v2, two.count());
    assertEquals(16 * body.faceCount(), two.mesh().faceCount());
    float[] w = two.skinWeights();
    for (int i = 0; i < two.count(); i++) {
      double sum = 0;
      for (int j = 0; j < two.jointCount(); j++) {
        sum += w[i * two.jointCount() + j];
      }
      // Each level averages two float rows summing to 1: a few float roundings of 1.
      assertEquals(1.0, sum, 1e-5, "weights of Gaussian " + i);
    }
  }

  @Test
  void zeroPoseWithZeroOffsetsReproducesTheShapedTemplate() {
    double[] transl = {0.1, -0.2, 2.0};
    SmplxParams params = SmplxParams.zero().withBetas(BETAS).withTransl(transl);
    CanonicalAvatar flat = CanonicalAvatar.create(body, BETAS, small(0));
    AvatarPoser poser = new AvatarPoser(flat);
    AvatarParameters p = poser.initialParameters(1);
    Gaussians g = poser.pose(p, params).gaussians();
    PosedBody reference = flat.rig().forward(params);
    assertClose(reference.vertices(), g.means(), "level 0 means = SMPL-X forward at zero pose");
    for (int i = 0; i < g.count(); i++) {
      assertArrayEquals(
          new float[] {1, 0, 0, 0},
          new float[] {
            g.rotations()[i * 4], g.rotations()[i * 4 + 1],
            g.rotations()[i * 4 + 2], g.rotations()[i * 4 + 3]
          },
          1e-6f,
          "identity rotation at zero pose");
      assertEquals(p.logScale()[i], g.logScales()[i * 3 + 2]);
      assertEquals(
          (float) Math.log(flat.meanEdgeLength()[i]), p.logScale()[i], 1e-6f, "scale from edges");
    }

    CanonicalAvatar fine = CanonicalAvatar.create(body, BETAS, small(2));
    AvatarPoser finePoser = new AvatarPoser(fine);
    Gaussians gf = finePoser.pose(finePoser.initialParameters(1), params).gaussians();
    float[] template = fine.subdivide(CanonicalAvatar.toFloats(fine.shaped().restVertices()), 3);
    double[] expected = new double[template.length];
    for (int i = 0; i < template.length; i++) {
      expected[i] = template[i] + transl[i % 3];
    }
    assertClose(expected, gf.means(), "level 2 means = subdivided shaped template");
  }

  @Test
  void rotatingOneJointMovesOnlyItsDescendantsGaussians() {
    CanonicalAvatar avatar = CanonicalAvatar.create(body, BETAS, small(1));
    AvatarPoser poser = new AvatarPoser(avatar);
    AvatarParameters p = poser.initialParameters(2);
    int elbow = SmplxJoints.index("left_elbow");
    boolean[] moving = subtree(elbow);
    Gaussians rest = poser.pose(p, SmplxParams.zero().withBetas(BETAS)).gaussians();
    double[] pose = new double[SmplxJoints.COUNT * 3];
    pose[elbow * 3 + 1] = -1.0;
    Gaussians bent =
        poser.pose(p, SmplxParams.zero().withBetas(BETAS).withFullPose(pose)).gaussians();
    int moved = 0;
    for (int i = 0; i < avatar.count(); i++) {
      double subtreeWeight = 0;
      for (int j = 0; j < avatar.jointCount(); j++) {
        if (moving[j]) {
          subtreeWeight += avatar.skinWeights()[i * avatar.jointCount() + j];
        }
      }
      double distance = distance(rest.means(), bent.means(), i);
      if (subtreeWeight == 0) {
        assertEquals(
            0.0, distance, POSITION_TOLERANCE, "Gaussian " + i + " is not below the elbow");
      } else if (subtreeWeight > 0.5 && distance > 0.01) {
        moved++;
      }
    }
    assertTrue(moved > 10, "forearm and hand Gaussians move, got " + moved);
  }

  @Test
  void handAndFaceGaussiansGetNoPoseDrivenOffsets() {
    CanonicalAvatar avatar = CanonicalAvatar.create(body, BETAS, small(1));
    AvatarPoser poser = new AvatarPoser(avatar);
    AvatarParameters p = poser.initialParameters(3);
    SplittableRandom random = new SplittableRandom(3);
    AvatarGradientTest.randomise(p, random);
    PosedAvatar posed = poser.pose(p, AvatarGradientTest.randomPose(random));
    float[] offsets = posed.offsets();
    int outs = poser.offsetField().outputs();
    int free = 0;
    int moving = 0;
    for (int i = 0; i < avatar.count(); i++) {
      double hand = 0;
      double face = 0;
      for (int j = 0; j < avatar.jointCount(); j++) {
        double w = avatar.skinWeights()[i * avatar.jointCount() + j];
        String name = SmplxJoints.NAMES.get(j);
        if (name.contains("wrist") || j >= SmplxJoints.LEFT_HAND_FIRST) {
          hand += w;
        } else if (name.equals("head") || name.equals("jaw") || name.contains("eye")) {
          face += w;
        }
      }
      assertEquals(
          hand >= 0.5 || face >= 0.5, avatar.offsetFree()[i], "hand/face rule at Gaussian " + i);
      if (avatar.dominantJoint()[i] >= SmplxJoints.LEFT_HAND_FIRST) {
        assertTrue(avatar.offsetFree()[i], "finger Gaussian " + i + " is a hand Gaussian");
      }
      boolean zero = true;
      for (int c = 0; c < outs; c++) {
        zero &= offsets[i * outs + c] == 0f;
      }
      if (avatar.offsetFree()[i]) {
        free++;
        assertTrue(zero, "hand/face Gaussian " + i + " has an offset");
      } else if (!zero) {
        moving++;
      }
    }
    assertTrue(free > 100, "the body has hand and face Gaussians: " + free);
    assertEquals(avatar.count() - free, moving, "every other Gaussian gets an offset");
  }

  @Test
  void offsetsReactOnlyToJointsWithinTheRing() {
    CanonicalAvatar avatar = CanonicalAvatar.create(body, BETAS, small(0));
    AvatarPoser poser = new AvatarPoser(avatar);
    AvatarParameters p = poser.initialParameters(4);
    AvatarGradientTest.randomise(p, new SplittableRandom(4));
    int ankle = SmplxJoints.index("left_ankle");
    double[] pose = new double[SmplxJoints.COUNT * 3];
    float[] before = poser.pose(p, SmplxParams.zero().withFullPose(pose)).offsets().clone();
    pose[ankle * 3] = 0.7;
    float[] after = poser.pose(p, SmplxParams.zero().withFullPose(pose)).offsets();
    int outs = poser.offsetField().outputs();
    int changed = 0;
    for (int i = 0; i < avatar.count(); i++) {
      boolean sees = avatar.poseFeatures().sees(i, ankle - 1);
      for (int c = 0; c < outs; c++) {
        if (!sees) {
          assertEquals(before[i * outs + c], after[i * outs + c], "Gaussian " + i);
        } else if (before[i * outs + c] != after[i * outs + c]) {
          changed++;
        }
      }
    }
    assertTrue(changed > 0, "Gaussians near the ankle react to it");
  }

  @Test
  void jointMaskIsTheRingAroundTheDominantJoint() {
    int knee = SmplxJoints.index("left_knee");
    PoseFeatures ring1 = new PoseFeatures(SmplxJoints.parents(), new int[] {knee}, 1);
    for (int k = 0; k < PoseFeatures.BODY_JOINTS; k++) {
      int joint = k + 1;
      boolean expected =
          joint == knee
              || joint == SmplxJoints.index("left_hip")
              || joint == SmplxJoints.index("left_ankle");
      assertEquals(expected, ring1.sees(0, k), SmplxJoints.NAMES.get(joint));
    }
    PoseFeatures wide = new PoseFeatures(SmplxJoints.parents(), new int[] {0}, 20);
    for (int k = 0; k < PoseFeatures.BODY_JOINTS; k++) {
      assertTrue(wide.sees(0, k));
    }
  }

  @Test
  void sixDTakesTheFirstTwoRows() {
    double angle = 0.3;
    double[] bodyPose = new double[PoseFeatures.BODY_JOINTS * 3];
    bodyPose[2] = angle;
    float[] six = new float[PoseFeatures.FEATURES];
    PoseFeatures.sixD(bodyPose, six);
    float c = (float) Math.cos(angle);
    float s = (float) Math.sin(angle);
    assertArrayEquals(
        new float[] {c, -s, 0, s, c, 0}, java.util.Arrays.copyOf(six, 6), 1e-7f, "Rz rows");
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, java.util.Arrays.copyOfRange(six, 6, 12));
  }

  private static boolean[] subtree(int root) {
    int[] parents = SmplxJoints.parents();
    boolean[] in = new boolean[parents.length];
    in[root] = true;
    for (int j = root + 1; j < parents.length; j++) {
      in[j] = parents[j] >= 0 && in[parents[j]];
    }
    return in;
  }

  private static double distance(float[] a, float[] b, int i) {
    double dx = a[i * 3] - b[i * 3];
    double dy = a[i * 3 + 1] - b[i * 3 + 1];
    double dz = a[i * 3 + 2] - b[i * 3 + 2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], POSITION_TOLERANCE, what + " at " + i);
    }
  }
}
