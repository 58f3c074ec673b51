package dev.persona.core.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class MeshSubdivisionTest {
  /** Midpoints of float coordinates of order 1: exact or within one rounding. */
  private static final float TOLERANCE = 1e-6f;

  @Test
  void matchesPyTorch3dLayoutOnOneTriangle() {
    TriangleMesh triangle =
        new TriangleMesh(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0}, new int[] {0, 1, 2});
    Subdivided result = MeshSubdivision.subdivide(triangle);
    // The example in PyTorch3D's SubdivideMeshes.subdivide_faces doc: v3 = mid(0,1),
    // v4 = mid(0,2), v5 = mid(1,2); faces [0,3,4], [1,5,3], [2,4,5], [5,4,3].
    assertArrayEquals(new int[] {0, 3, 4, 1, 5, 3, 2, 4, 5, 5, 4, 3}, result.mesh().faces());
    assertArrayEquals(
        new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 0.5f, 0, 0, 0, 0.5f, 0, 0.5f, 0.5f, 0},
        result.mesh().positions());
    assertArrayEquals(new int[] {0, 1, 2, 0, 0, 1}, result.parentA());
    assertArrayEquals(new int[] {0, 1, 2, 1, 2, 2}, result.parentB());
    assertArrayEquals(new int[] {0, 0, 0, 0}, result.faceParents());
  }

  @Test
  void countsClosednessAndWindingAreKeptOverTwoLevels() {
    TriangleMesh mesh = TestMeshes.octahedron();
    for (int level = 0; level < 2; level++) {
      MeshAdjacency coarse = MeshAdjacency.of(mesh);
      Subdivided result = MeshSubdivision.subdivide(mesh, coarse);
      TriangleMesh fine = result.mesh();
      assertEquals(mesh.vertexCount() + coarse.edgeCount(), fine.vertexCount());
      assertEquals(4 * mesh.faceCount(), fine.faceCount());
      MeshAdjacency fineAdjacency = MeshAdjacency.of(fine);
      assertTrue(fineAdjacency.isClosed());
      assertTrue(fineAdjacency.isEdgeManifold());
      // Euler characteristic of a sphere.
      assertEquals(
          2, fine.vertexCount() - fineAdjacency.edgeCount() + fine.faceCount(), "V - E + F");
      // Every fine face points the way its coarse parent does.
      for (int f = 0; f < fine.faceCount(); f++) {
        double[] n = faceNormal(fine, f);
        double[] parent = faceNormal(mesh, result.faceParents()[f]);
        assertTrue(n[0] * parent[0] + n[1] * parent[1] + n[2] * parent[2] > 0, "face " + f);
      }
      mesh = fine;
    }
    assertEquals(66, mesh.vertexCount());
    assertEquals(128, mesh.faceCount());
  }

  @Test
  void attributesFollowTheGeometry() {
    TriangleMesh octahedron = TestMeshes.octahedron();
    Subdivided result = MeshSubdivision.subdivide(octahedron);
    float[] fine = result.mesh().positions();

    // Two functions linear in position, stride 2: midpoint averaging reproduces them exactly.
    float[] coarseLinear = linear(octahedron.positions());
    float[] carried = result.interpolate(coarseLinear, 2);
    assertArrayEquals(linear(fine), carried, TOLERANCE);

    // Skinning-like weights over J = 5 joints, each row summing to 1.
    int joints = 5;
    Random random = new Random(23);
    float[] weights = new float[octahedron.vertexCount() * joints];
    for (int v = 0; v < octahedron.vertexCount(); v++) {
      float sum = 0;
      for (int j = 0; j < joints; j++) {
        weights[v * joints + j] = random.nextFloat();
        sum += weights[v * joints + j];
      }
      for (int j = 0; j < joints; j++) {
        weights[v * joints + j] /= sum;
      }
    }
    float[] fineWeights = result.interpolate(weights, joints);
    for (int v = 0; v < result.mesh().vertexCount(); v++) {
      float sum = 0;
      for (int j = 0; j < joints; j++) {
        sum += fineWeights[v * joints + j];
      }
      assertEquals(1f, sum, TOLERANCE, "vertex " + v);
    }
    // Original vertices keep their rows bit for bit.
    for (int i = 0; i < weights.length; i++) {
      assertEquals(weights[i], fineWeights[i]);
    }
  }

  @Test
  void sharedUvEdgesGetOneMidpoint() {
    Subdivided result = MeshSubdivision.subdivide(TestMeshes.square(false));
    TriangleMesh fine = result.mesh();
    // 4 UVs + 5 UV edges; the UV layout is the same as the vertex layout.
    assertEquals(9, fine.uvCount());
    assertUvIsPositionPlusIslandShift(fine, result, new float[] {0, 0});
  }

  @Test
  void seamsStaySeams() {
    Subdivided result = MeshSubdivision.subdivide(TestMeshes.square(true));
    TriangleMesh fine = result.mesh();
    // Geometry: 4 + 5 vertices (one midpoint on the diagonal). UVs: 6 + 6 (the diagonal has a
    // different UV edge in each island, so it gets two UV midpoints).
    assertEquals(9, fine.vertexCount());
    assertEquals(12, fine.uvCount());
    assertUvIsPositionPlusIslandShift(fine, result, new float[] {0, 2});
    // The diagonal midpoint (vertex 4 + edge index 1 = 5) carries two different UVs.
    int diagonalMid = 4 + MeshAdjacency.of(TestMeshes.square(true)).edgeIndex(0, 2);
    float firstU = Float.NaN;
    float secondU = Float.NaN;
    for (int corner = 0; corner < fine.faces().length; corner++) {
      if (fine.faces()[corner] == diagonalMid) {
        float u = fine.uvs()[fine.uvFaces()[corner] * 2];
        if (result.faceParents()[corner / 3] == 0) {
          firstU = u;
        } else {
          secondU = u;
        }
      }
    }
    assertEquals(0.5f, firstU);
    assertEquals(2.5f, secondU);
  }

  @Test
  void subdividesTheMakeHumanBaseMeshTwice() {
    Path base = SharedFolder.find().resolve("bodymodels/makehuman-cc0/3dobjs/base.obj");
    Assumptions.assumeTrue(Files.isRegularFile(base), "MakeHuman base mesh not available");
    TriangleMesh coarse = ObjReader.read(base).toTriangleMesh();
    long start = System.nanoTime();
    MeshAdjacency adjacency = MeshAdjacency.of(coarse);
    TriangleMesh once = MeshSubdivision.subdivide(coarse, adjacency).mesh();
    MeshAdjacency onceAdjacency = MeshAdjacency.of(once);
    TriangleMesh twice = MeshSubdivision.subdivide(once, onceAdjacency).mesh();
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("base.obj subdivided twice in " + millis + " ms: " + twice);

    assertEquals(coarse.vertexCount() + adjacency.edgeCount(), once.vertexCount());
    assertEquals(4 * coarse.faceCount(), once.faceCount());
    // Subdivision adds no boundary: each coarse boundary edge becomes two fine ones.
    assertEquals(2 * adjacency.boundaryEdgeCount(), onceAdjacency.boundaryEdgeCount());
    assertEquals(
        coarse.uvCount() + MeshAdjacency.of(coarse.uvCount(), coarse.uvFaces()).edgeCount(),
        once.uvCount());
    assertEquals(once.vertexCount() + onceAdjacency.edgeCount(), twice.vertexCount());
    assertEquals(16 * coarse.faceCount(), twice.faceCount());
  }

  /**
   * The test squares' UVs are (x, y) plus a per-island shift in u (island = coarse face); a correct
   * subdivision keeps that true at every corner of every fine face.
   */
  private static void assertUvIsPositionPlusIslandShift(
      TriangleMesh fine, Subdivided result, float[] shiftPerCoarseFace) {
    for (int corner = 0; corner < fine.faces().length; corner++) {
      int v = fine.faces()[corner];
      int t = fine.uvFaces()[corner];
      float shift = shiftPerCoarseFace[result.faceParents()[corner / 3]];
      assertEquals(fine.positions()[v * 3] + shift, fine.uvs()[t * 2], TOLERANCE, "u " + corner);
      assertEquals(fine.positions()[v * 3 + 1], fine.uvs()[t * 2 + 1], TOLERANCE, "v " + corner);
    }
  }

  private static float[] linear(float[] positions) {
    int n = positions.length / 3;
    float[] out = new float[n * 2];
    for (int i = 0; i < n; i++) {
      float x = positions[i * 3];
      float y = positions[i * 3 + 1];
      float z = positions[i * 3 + 2];
      out[i * 2] = 0.5f * x - 0.25f * y + 2 * z + 1;
      out[i * 2 + 1] = -x + 0.75f * z - 0.5f;
    }
    return out;
  }

  private static double[] faceNormal(TriangleMesh mesh, int f) {
    float[] p = mesh.positions();
    int a = mesh.faces()[f * 3] * 3;
    int b = mesh.faces()[f * 3 + 1] * 3;
    int c = mesh.faces()[f * 3 + 2] * 3;
    double[] ab = {p[b] - p[a], p[b + 1] - p[a + 1], p[b + 2] - p[a + 2]};
    double[] ac = {p[c] - p[a], p[c + 1] - p[a + 1], p[c + 2] - p[a + 2]};
    return new double[] {
      ab[1] * ac[2] - ab[2] * ac[1], ab[2] * ac[0] - ab[0] * ac[2], ab[0] * ac[1] - ab[1] * ac[0]
    };
  }
}
