package dev.persona.core.mesh;

/** Per-vertex normals of a triangle mesh. */
public final class VertexNormals {
  private VertexNormals() {}

  /**
   * Area-weighted vertex normals: each vertex gets the normalised sum of the cross products {@code
   * (b - a) x (c - a)} of its triangles. A cross product's length is twice the triangle's area, so
   * the sum weights each face normal by its area; with counter-clockwise faces the normals point
   * outward. Vertices in no triangle, or only in degenerate ones, get the zero vector.
   *
   * @param positions {@code [V*3]} vertex positions, metres, any frame
   * @param faces {@code [F*3]} vertex indices, counter-clockwise from outside
   * @param destNormals {@code [V*3]} receives unit normals in the frame of {@code positions}
   */
  public static void compute(float[] positions, int[] faces, float[] destNormals) {
    if (destNormals.length != positions.length) {
      throw new IllegalArgumentException(
          "destNormals has " + destNormals.length + " values, expected " + positions.length);
    }
    int vertexCount = positions.length / 3;
    // Accumulate in double: a vertex of a fine mesh sums many tiny cross products.
    double[] sum = new double[vertexCount * 3];
    for (int f = 0; f < faces.length; f += 3) {
      int a = faces[f] * 3;
      int b = faces[f + 1] * 3;
      int c = faces[f + 2] * 3;
      double abx = positions[b] - positions[a];
      double aby = positions[b + 1] - positions[a + 1];
      double abz = positions[b + 2] - positions[a + 2];
      double acx = positions[c] - positions[a];
      double acy = positions[c + 1] - positions[a + 1];
      double acz = positions[c + 2] - positions[a + 2];
      double nx = aby * acz - abz * acy;
      double ny = abz * acx - abx * acz;
      double nz = abx * acy - aby * acx;
      sum[a] += nx;
      sum[a + 1] += ny;
      sum[a + 2] += nz;
      sum[b] += nx;
      sum[b + 1] += ny;
      sum[b + 2] += nz;
      sum[c] += nx;
      sum[c + 1] += ny;
      sum[c + 2] += nz;
    }
    for (int i = 0; i < sum.length; i += 3) {
      double x = sum[i];
      double y = sum[i + 1];
      double z = sum[i + 2];
      double length = Math.sqrt(x * x + y * y + z * z);
      double inv = length > 0 ? 1.0 / length : 0.0;
      destNormals[i] = (float) (x * inv);
      destNormals[i + 1] = (float) (y * inv);
      destNormals[i + 2] = (float) (z * inv);
    }
  }

  /** {@link #compute(float[], int[], float[])} into a new {@code [V*3]} array. */
  public static float[] compute(TriangleMesh mesh) {
    float[] normals = new float[mesh.positions().length];
    compute(mesh.positions(), mesh.faces(), normals);
    return normals;
  }
}
