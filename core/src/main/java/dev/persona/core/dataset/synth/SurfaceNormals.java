package dev.persona.core.dataset.synth;

/** Per-vertex normals of a triangle mesh, for shading. */
final class SurfaceNormals {
  private SurfaceNormals() {}

  /**
   * Area-weighted vertex normals: each vertex sums the unnormalised cross products (twice the area
   * times the unit normal) of its triangles, then normalises.
   *
   * @param vertices {@code [V*3]} positions, metres
   * @param faces {@code [F*3]} counter-clockwise seen from outside, so normals point outward
   * @param dest {@code [V*3]} receives unit normals (zero for vertices in no triangle)
   */
  static void compute(float[] vertices, int[] faces, float[] dest) {
    java.util.Arrays.fill(dest, 0f);
    for (int f = 0; f < faces.length; f += 3) {
      int a = faces[f] * 3;
      int b = faces[f + 1] * 3;
      int c = faces[f + 2] * 3;
      float ux = vertices[b] - vertices[a];
      float uy = vertices[b + 1] - vertices[a + 1];
      float uz = vertices[b + 2] - vertices[a + 2];
      float vx = vertices[c] - vertices[a];
      float vy = vertices[c + 1] - vertices[a + 1];
      float vz = vertices[c + 2] - vertices[a + 2];
      float nx = uy * vz - uz * vy;
      float ny = uz * vx - ux * vz;
      float nz = ux * vy - uy * vx;
      add(dest, a, nx, ny, nz);
      add(dest, b, nx, ny, nz);
      add(dest, c, nx, ny, nz);
    }
    for (int v = 0; v < dest.length; v += 3) {
      double n =
          Math.sqrt(dest[v] * dest[v] + dest[v + 1] * dest[v + 1] + dest[v + 2] * dest[v + 2]);
      if (n > 0) {
        dest[v] /= (float) n;
        dest[v + 1] /= (float) n;
        dest[v + 2] /= (float) n;
      }
    }
  }

  private static void add(float[] dest, int at, float x, float y, float z) {
    dest[at] += x;
    dest[at + 1] += y;
    dest[at + 2] += z;
  }
}
