package dev.persona.core.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class VertexNormalsTest {
  /** Unit vectors from float inputs, normalised in double and rounded once: float round-off. */
  private static final float TOLERANCE = 1e-6f;

  @Test
  void octahedronNormalsPointAlongTheAxes() {
    TriangleMesh octahedron = TestMeshes.octahedron();
    // By symmetry each vertex normal is the vertex's own (unit) position.
    assertArrayEquals(octahedron.positions(), VertexNormals.compute(octahedron), TOLERANCE);
  }

  @Test
  void facesAreWeightedByArea() {
    float[] positions = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 2, 0, 0};
    // Triangle (0,1,2): area 1/2, normal +z. Triangle (0,3,4): area 2, normal +y.
    int[] faces = {0, 1, 2, 0, 3, 4};
    float[] normals = new float[positions.length];
    VertexNormals.compute(positions, faces, normals);
    // Vertex 0 gets (0, 4, 1) / sqrt(17) (an unweighted mean would give (0, 1, 1) / sqrt(2)).
    float s = (float) (1 / Math.sqrt(17));
    assertArrayEquals(new float[] {0, 4 * s, s}, slice(normals, 0), TOLERANCE);
    assertArrayEquals(new float[] {0, 0, 1}, slice(normals, 1), TOLERANCE);
    assertArrayEquals(new float[] {0, 1, 0}, slice(normals, 3), TOLERANCE);
  }

  @Test
  void unusedAndDegenerateVerticesGetZero() {
    float[] positions = {0, 0, 0, 1, 0, 0, 2, 0, 0, 5, 5, 5};
    int[] faces = {0, 1, 2};
    float[] normals = new float[positions.length];
    VertexNormals.compute(positions, faces, normals);
    assertArrayEquals(new float[12], normals, 0f);
  }

  private static float[] slice(float[] values, int vertex) {
    return new float[] {values[vertex * 3], values[vertex * 3 + 1], values[vertex * 3 + 2]};
  }
}
