package dev.persona.core.dataset.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.ShapedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.mesh.VertexNormals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PoseDependentDeformationTest {
  private static final double AMPLITUDE = 0.03;
  private static final int LEFT_ELBOW = SmplxJoints.NAMES.indexOf("left_elbow");
  private static final int RIGHT_ELBOW = SmplxJoints.NAMES.indexOf("right_elbow");

  private static BodyModel body;
  private static BodyRig rig;
  private static ShapedBody shaped;
  private static PoseDependentDeformation deformation;

  @BeforeAll
  static void setUp() {
    body = ProceduralBody.create().model();
    rig = new BodyRig(body);
    shaped = rig.shape(new double[0], new double[0]);
    deformation =
        new PoseDependentDeformation(body, shaped.restVertices(), shaped.restJoints(), AMPLITUDE);
  }

  private static float[] posedVertices(double[] pose) {
    PosedBody posed = rig.newPosedBody();
    rig.pose(shaped, pose, new double[3], posed);
    return posed.verticesAsFloats(new float[body.vertexCount() * 3]);
  }

  private static float[] deformed(double[] pose) {
    PosedBody posed = rig.newPosedBody();
    rig.pose(shaped, pose, new double[3], posed);
    float[] vertices = posed.verticesAsFloats(new float[body.vertexCount() * 3]);
    deformation.apply(posed, vertices, new float[vertices.length]);
    return vertices;
  }

  @Test
  void theRestPoseIsNotDeformed() {
    double[] rest = new double[body.jointCount() * 3];
    assertArrayEquals(posedVertices(rest), deformed(rest));
  }

  @Test
  void aRightAngleAtTheLeftElbowSwellsItByTheAmplitudeAndLeavesTheRightArmAlone() {
    double[] pose = new double[body.jointCount() * 3];
    pose[LEFT_ELBOW * 3 + 1] = Math.PI / 2;
    float[] before = posedVertices(pose);
    float[] after = deformed(pose);
    float[] normals = new float[before.length];
    VertexNormals.compute(before, body.faces(), normals);
    double[] restVertices = shaped.restVertices();
    double[] restJoints = shaped.restJoints();
    double largest = 0;
    for (int i = 0; i < body.vertexCount(); i++) {
      double along = 0;
      double across = 0;
      for (int c = 0; c < 3; c++) {
        double d = after[i * 3 + c] - before[i * 3 + c];
        along += d * normals[i * 3 + c];
      }
      for (int c = 0; c < 3; c++) {
        double d = after[i * 3 + c] - before[i * 3 + c] - along * normals[i * 3 + c];
        across += d * d;
      }
      // The move is along the posed normal, outward (float rounding of a few cm: 1e-6 m).
      assertTrue(Math.sqrt(across) < 1e-6, "vertex " + i + " moved off its normal");
      assertTrue(along >= -1e-7, "vertex " + i + " moved inward");
      largest = Math.max(largest, along);
      if (distance(restVertices, i, restJoints, RIGHT_ELBOW) < 0.3) {
        assertEquals(0.0, along, 1e-7, "right-arm vertex " + i);
      }
      if (distance(restVertices, i, restJoints, LEFT_ELBOW) > 6 * PoseDependentDeformation.SIGMA) {
        // exp(-18) of the amplitude: nothing measurable far from the bent joint.
        assertEquals(0.0, along, 1e-7, "far vertex " + i);
      }
    }
    // Vertices on the elbow's skin lie about a limb radius from the joint centre, so the largest
    // region weight is exp(-r^2 / 2 sigma^2) with r ~ 3-5 cm: between 0.75 and 0.95 of the
    // amplitude.
    assertTrue(largest > 0.7 * AMPLITUDE && largest <= AMPLITUDE * 1.0001, "largest " + largest);
  }

  @Test
  void aHalfBendGivesHalfTheBulge() {
    double[] full = new double[body.jointCount() * 3];
    full[LEFT_ELBOW * 3 + 1] = Math.PI / 2;
    double[] half = full.clone();
    half[LEFT_ELBOW * 3 + 1] = Math.PI / 4;
    double fullShift = largestShift(full);
    double halfShift = largestShift(half);
    // The bend factor is linear in the angle; the normals differ a little between the two poses.
    assertEquals(0.5, halfShift / fullShift, 0.05);
  }

  @Test
  void anAmplitudeOutOfRangeIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PoseDependentDeformation(
                body, shaped.restVertices(), shaped.restJoints(), Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PoseDependentDeformation(body, shaped.restVertices(), shaped.restJoints(), -0.01));
  }

  private static double largestShift(double[] pose) {
    float[] before = posedVertices(pose);
    float[] after = deformed(pose);
    double largest = 0;
    for (int i = 0; i < before.length; i += 3) {
      double dx = after[i] - before[i];
      double dy = after[i + 1] - before[i + 1];
      double dz = after[i + 2] - before[i + 2];
      largest = Math.max(largest, Math.sqrt(dx * dx + dy * dy + dz * dz));
    }
    return largest;
  }

  private static double distance(double[] points, int i, double[] joints, int j) {
    double dx = points[i * 3] - joints[j * 3];
    double dy = points[i * 3 + 1] - joints[j * 3 + 1];
    double dz = points[i * 3 + 2] - joints[j * 3 + 2];
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
}
