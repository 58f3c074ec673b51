package dev.persona.core.body.makehuman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArmaturePoseTest {
  /** Closed-form rotations of unit vectors in double precision. */
  private static final double EXACT = 1e-12;

  @Test
  void upwardBoneWithoutRollHasMakeHumanAxes() {
    // Blender: a bone along +z_b gets x = +x_b, y = +z_b, z = -y_b; in MakeHuman axes (y up,
    // z forward = -y_b) that is x, y, z: the identity.
    double[] frame = new double[9];
    ArmaturePose.boneFrame(0, 2, 0, 0, frame);
    assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, frame, EXACT);
  }

  @Test
  void sidewaysBoneWithoutRollKeepsItsZAxisUp() {
    // Blender's convention: a horizontal bone with roll 0 has its local z pointing world-up. For a
    // bone along +x: local x = -y_b (MakeHuman +z), y = +x, z = +z_b (MakeHuman +y). Columns.
    double[] frame = new double[9];
    ArmaturePose.boneFrame(3, 0, 0, 0, frame);
    assertArrayEquals(new double[] {0, 1, 0, 0, 0, 1, 1, 0, 0}, frame, EXACT);
  }

  @Test
  void rollTurnsTheFrameAboutTheBone() {
    double[] frame = new double[9];
    ArmaturePose.boneFrame(0, 1, 0, Math.PI / 2, frame);
    // Rolling the upward bone by +90 degrees about +y takes x to -z and z to +x (right hand).
    assertArrayEquals(new double[] {0, 0, 1, 0, 1, 0, -1, 0, 0}, frame, EXACT);
  }

  @Test
  void forwardBoneFrameIsOrthonormal() {
    // Nearly along Blender's -y (MakeHuman +z, like the foot's ball bone), where Blender replaces
    // 1 + y by a float-precision series: the frame must still be a rotation with y along the bone.
    double[] frame = new double[9];
    double dx = 0.003;
    double dy = 0.001;
    double dz = 1;
    ArmaturePose.boneFrame(dx, dy, dz, 0.4, frame);
    double length = Math.sqrt(dx * dx + dy * dy + dz * dz);
    assertArrayEquals(
        new double[] {dx / length, dy / length, dz / length},
        new double[] {frame[1], frame[4], frame[7]},
        EXACT);
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        double dot =
            frame[a] * frame[b] + frame[3 + a] * frame[3 + b] + frame[6 + a] * frame[6 + b];
        assertEquals(a == b ? 1 : 0, dot, EXACT, "columns " + a + ", " + b);
      }
    }
  }

  @Test
  void eulerXyzAppliesXFirst() {
    double ax = 0.3;
    double ay = -0.7;
    double az = 1.1;
    double[] rx = new double[9];
    double[] ry = new double[9];
    double[] rz = new double[9];
    ArmaturePose.axisAngle(1, 0, 0, ax, rx);
    ArmaturePose.axisAngle(0, 1, 0, ay, ry);
    ArmaturePose.axisAngle(0, 0, 1, az, rz);
    double[] zy = new double[9];
    double[] expected = new double[9];
    ArmaturePose.multiply(rz, ry, zy);
    ArmaturePose.multiply(zy, rx, expected);
    double[] actual = new double[9];
    ArmaturePose.eulerXyz(ax, ay, az, actual);
    assertArrayEquals(expected, actual, EXACT);
  }

  @Test
  void twoBoneChainPosesByHand(@TempDir Path dir) throws IOException {
    Rig rig = twoBoneRig(dir);
    // Vertices: 0 root head, 1 joint, 2 tip, 3 a skin vertex at the tip, 4 a skin vertex on A.
    double[] mesh = {0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 2, 0, 0.5, 0.5, 0};
    Files.writeString(
        dir.resolve("w.json"), "{\"weights\": {\"B\": [[3, 1.0]], \"A\": [[4, 1.0]]}}");
    SkinWeights weights = SkinWeights.read(dir.resolve("w.json"), rig, 5);
    // A: +90 degrees about its local x (= x), B: +90 degrees about its local z (= z).
    double[] eulers = {Math.PI / 2, 0, 0, 0, 0, Math.PI / 2};
    ArmaturePose pose = ArmaturePose.of(rig, mesh, eulers);
    double[] heads = pose.heads(mesh);
    double[] posedHeads = pose.posedHeads(heads);
    // A's head is the root: it stays. B's head (0,1,0) turns about x with A to (0,0,1).
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1}, posedHeads, EXACT);
    double[] posed = pose.poseVertices(mesh, new int[] {3, 4}, weights, heads, posedHeads);
    // Vertex 3: (0,1,0) from B's head, turned by Rz(90) to (-1,0,0), then by A's Rx(90) (which
    // leaves it), plus B's posed head: (-1, 0, 1). Vertex 4: Rx(90) (0.5,0.5,0) = (0.5,0,0.5).
    assertArrayEquals(new double[] {-1, 0, 1, 0.5, 0, 0.5}, posed, EXACT);
  }

  @Test
  void posingADisplacementIsTheDifferenceOfPosedMeshes(@TempDir Path dir) throws IOException {
    Rig rig = twoBoneRig(dir);
    double[] mesh = {0, 0, 0, 0, 1, 0, 0, 2, 0, 0.1, 1.5, 0.2, 0.5, 0.5, 0};
    double[] shifted = mesh.clone();
    double[] displacement = new double[mesh.length];
    for (int i = 0; i < mesh.length; i++) {
      displacement[i] = 0.01 * (i % 4) - 0.015;
      shifted[i] += displacement[i];
    }
    Files.writeString(
        dir.resolve("w.json"), "{\"weights\": {\"B\": [[3, 0.6]], \"A\": [[3, 0.4], [4, 1]]}}");
    SkinWeights weights = SkinWeights.read(dir.resolve("w.json"), rig, 5);
    ArmaturePose pose = ArmaturePose.of(rig, mesh, new double[] {0.4, -0.2, 0.3, -0.5, 0.1, 0.9});
    int[] skin = {3, 4};
    double[] a = posed(pose, mesh, skin, weights);
    double[] b = posed(pose, shifted, skin, weights);
    double[] d = posed(pose, displacement, skin, weights);
    for (int i = 0; i < a.length; i++) {
      // Linearity: pose(mesh + delta) = pose(mesh) + pose(delta), to rounding.
      assertEquals(b[i] - a[i], d[i], EXACT);
    }
  }

  @Test
  void rigWithUnknownParentIsMalformed(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("g.json"), "{\"j0\": [[0, 0]]}");
    Files.writeString(
        dir.resolve("r.json"),
        "{\"A\": {\"parent\": \"X\", \"roll\": 0, \"head\": {\"strategy\": \"CUBE\","
            + " \"cube_name\": \"j0\"}, \"tail\": {\"strategy\": \"CUBE\", \"cube_name\": \"j0\"}}}");
    VertexGroups groups = VertexGroups.read(dir.resolve("g.json"), 1);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Rig.read(dir.resolve("r.json"), groups, 1));
    assertEquals(InvalidInputException.Reason.MALFORMED, e.reason());
    assertEquals(true, e.getMessage().contains("r.json"), e.getMessage());
  }

  private static double[] posed(ArmaturePose pose, double[] mesh, int[] skin, SkinWeights w) {
    double[] heads = pose.heads(mesh);
    return pose.poseVertices(mesh, skin, w, heads, pose.posedHeads(heads));
  }

  /** A: (0,0,0) to (0,1,0), B (child of A): (0,1,0) to (0,2,0); single-vertex "cubes". */
  private static Rig twoBoneRig(Path dir) throws IOException {
    Files.writeString(
        dir.resolve("g.json"), "{\"j0\": [[0, 0]], \"j1\": [[1, 1]], \"j2\": [[2, 2]]}");
    Files.writeString(
        dir.resolve("r.json"),
        "{\"B\": {\"parent\": \"A\", \"roll\": 0, "
            + end("head", "j1")
            + ", "
            + end("tail", "j2")
            + "}, \"A\": {\"parent\": \"\", \"roll\": 0, "
            + end("head", "j0")
            + ", "
            + end("tail", "j1")
            + "}}");
    VertexGroups groups = VertexGroups.read(dir.resolve("g.json"), 5);
    Rig rig = Rig.read(dir.resolve("r.json"), groups, 5);
    // Parent first, whatever the file order.
    assertEquals("A", rig.bones().get(0).name);
    return rig;
  }

  private static String end(String which, String cube) {
    return "\"" + which + "\": {\"strategy\": \"CUBE\", \"cube_name\": \"" + cube + "\"}";
  }
}
