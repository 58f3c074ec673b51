package dev.persona.core.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MeshAdjacencyTest {
  /** Float Laplacians of O(1) values: a few ulps of 1. */
  private static final float TOLERANCE = 1e-6f;

  @Test
  void octahedronIsClosedWithFourNeighboursEach() {
    MeshAdjacency adjacency = MeshAdjacency.of(TestMeshes.octahedron());
    assertEquals(12, adjacency.edgeCount());
    assertTrue(adjacency.isClosed());
    assertTrue(adjacency.isEdgeManifold());
    assertEquals(0, adjacency.boundaryEdgeCount());
    for (int v = 0; v < 6; v++) {
      assertEquals(4, adjacency.degree(v));
    }
    // +x (0) touches every vertex except -x (1).
    assertArrayEquals(new int[] {2, 3, 4, 5}, neighboursOf(adjacency, 0));
    for (int e = 0; e < adjacency.edgeCount(); e++) {
      assertEquals(2, adjacency.edgeFaceCount(e));
    }
    assertEquals(-1, adjacency.edgeIndex(0, 1));
  }

  @Test
  void squareHasABoundaryAndASharedDiagonal() {
    TriangleMesh square = TestMeshes.square(false);
    MeshAdjacency adjacency = MeshAdjacency.of(square);
    assertArrayEquals(new int[] {0, 1, 0, 2, 0, 3, 1, 2, 2, 3}, adjacency.edges());
    assertFalse(adjacency.isClosed());
    assertEquals(4, adjacency.boundaryEdgeCount());
    int diagonal = adjacency.edgeIndex(2, 0);
    assertEquals(1, diagonal);
    assertFalse(adjacency.isBoundaryEdge(diagonal));
    int[] faces = adjacency.edgeFaces();
    int start = adjacency.edgeFaceOffsets()[diagonal];
    assertArrayEquals(new int[] {0, 1}, Arrays.copyOfRange(faces, start, start + 2));
    // Face 0 = (0,1,2): opposite corner 0 is edge (1,2), corner 1 -> (0,2), corner 2 -> (0,1).
    assertArrayEquals(
        new int[] {adjacency.edgeIndex(1, 2), diagonal, adjacency.edgeIndex(0, 1)},
        Arrays.copyOf(adjacency.faceEdges(), 3));
    boolean[] boundary = adjacency.boundaryVertices();
    assertArrayEquals(new boolean[] {true, true, true, true}, boundary);
  }

  @Test
  void neighboursAndEdgesMatchABruteForceScan() {
    TriangleMesh mesh = MeshSubdivision.subdivide(TestMeshes.octahedron()).mesh();
    MeshAdjacency adjacency = MeshAdjacency.of(mesh);
    int[] faces = mesh.faces();
    for (int v = 0; v < mesh.vertexCount(); v++) {
      TreeSet<Integer> expected = new TreeSet<>();
      for (int f = 0; f < faces.length; f += 3) {
        for (int k = 0; k < 3; k++) {
          if (faces[f + k] == v) {
            expected.add(faces[f + (k + 1) % 3]);
            expected.add(faces[f + (k + 2) % 3]);
          }
        }
      }
      int[] want = expected.stream().mapToInt(Integer::intValue).toArray();
      assertArrayEquals(want, neighboursOf(adjacency, v), "vertex " + v);
    }
    int[] edges = adjacency.edges();
    for (int e = 0; e < adjacency.edgeCount(); e++) {
      assertTrue(edges[e * 2] < edges[e * 2 + 1]);
      assertEquals(e, adjacency.edgeIndex(edges[e * 2 + 1], edges[e * 2]));
    }
    for (int f = 0; f < mesh.faceCount(); f++) {
      for (int k = 0; k < 3; k++) {
        int e = adjacency.faceEdges()[f * 3 + k];
        int a = faces[f * 3 + (k + 1) % 3];
        int b = faces[f * 3 + (k + 2) % 3];
        assertEquals(Math.min(a, b), edges[e * 2]);
        assertEquals(Math.max(a, b), edges[e * 2 + 1]);
      }
    }
  }

  @Test
  void laplacianIsTheNeighbourMeanMinusSelf() {
    MeshAdjacency adjacency = MeshAdjacency.of(TestMeshes.square(false));
    float[] values = {1, 2, 4, 8};
    float[] dest = new float[4];
    adjacency.laplacian(values, 1, dest);
    // Vertex 0: neighbours 1, 2, 3 -> 14/3 - 1. Vertex 1: neighbours 0, 2 -> 5/2 - 2.
    // Vertex 2: neighbours 0, 1, 3 -> 11/3 - 4. Vertex 3: neighbours 0, 2 -> 5/2 - 8.
    assertArrayEquals(new float[] {14f / 3 - 1, 0.5f, 11f / 3 - 4, -5.5f}, dest, TOLERANCE);

    // On the octahedron the neighbours of each axis point average to the origin.
    TriangleMesh octahedron = TestMeshes.octahedron();
    float[] positions = octahedron.positions();
    float[] lap = new float[positions.length];
    MeshAdjacency.of(octahedron).laplacian(positions, 3, lap);
    float[] minusPositions = new float[positions.length];
    for (int i = 0; i < positions.length; i++) {
      minusPositions[i] = -positions[i];
    }
    assertArrayEquals(minusPositions, lap, TOLERANCE);
  }

  @Test
  void laplacianTransposeSatisfiesTheAdjointIdentity() {
    // A fine mesh plus one vertex in no face, so the isolated-vertex case is covered too.
    TriangleMesh fine = MeshSubdivision.subdivide(TestMeshes.square(false)).mesh();
    int v = fine.vertexCount() + 1;
    MeshAdjacency adjacency = MeshAdjacency.of(v, fine.faces());
    int stride = 2;
    Random random = new Random(17);
    float[] x = new float[v * stride];
    float[] y = new float[v * stride];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
      y[i] = (float) random.nextGaussian();
    }
    float[] lx = new float[x.length];
    float[] lty = new float[y.length];
    adjacency.laplacian(x, stride, lx);
    adjacency.laplacianTranspose(y, stride, lty);
    double left = 0;
    double right = 0;
    for (int i = 0; i < x.length; i++) {
      left += (double) lx[i] * y[i];
      right += (double) x[i] * lty[i];
    }
    // <Lx, y> = <x, L^T y>; both sides sum ~50 float-rounded products of O(1) values.
    assertEquals(left, right, 1e-4);
    assertEquals(0f, lx[(v - 1) * stride]);
    assertEquals(0f, lty[(v - 1) * stride]);
  }

  private static int[] neighboursOf(MeshAdjacency adjacency, int v) {
    return Arrays.copyOfRange(
        adjacency.neighbours(),
        adjacency.neighbourOffsets()[v],
        adjacency.neighbourOffsets()[v + 1]);
  }
}
