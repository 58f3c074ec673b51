package dev.persona.core.mesh;

/** Small meshes with known geometry for the mesh tests. */
final class TestMeshes {
  private TestMeshes() {}

  /**
   * The regular octahedron with vertices at the unit axis points, in the order +x, -x, +y, -y, +z,
   * -z: 6 vertices, 12 edges, 8 faces, closed, counter-clockwise from outside.
   */
  static TriangleMesh octahedron() {
    float[] positions = {1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1};
    int[] faces = new int[24];
    int f = 0;
    for (int sx = 0; sx < 2; sx++) {
      for (int sy = 0; sy < 2; sy++) {
        for (int sz = 0; sz < 2; sz++) {
          int x = sx;
          int y = 2 + sy;
          int z = 4 + sz;
          // (x, y, z) is counter-clockwise from outside in octants with an even number of
          // negative axes; the others need the reverse order.
          boolean flip = (sx + sy + sz) % 2 == 1;
          faces[f++] = x;
          faces[f++] = flip ? z : y;
          faces[f++] = flip ? y : z;
        }
      }
    }
    return new TriangleMesh(positions, faces);
  }

  /**
   * The unit square in the z = 0 plane as two triangles (0,1,2), (0,2,3), normal +z, with UVs. With
   * {@code seam} the two triangles are separate UV islands (the second shifted by +2 in u), so the
   * diagonal is a texture seam; without it they share UVs 0 and 2. UV = (x, y), plus the island's
   * shift.
   */
  static TriangleMesh square(boolean seam) {
    float[] positions = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
    int[] faces = {0, 1, 2, 0, 2, 3};
    if (seam) {
      float[] uvs = {0, 0, 1, 0, 1, 1, 2, 0, 3, 1, 2, 1};
      return new TriangleMesh(positions, faces, uvs, new int[] {0, 1, 2, 3, 4, 5});
    }
    float[] uvs = {0, 0, 1, 0, 1, 1, 0, 1};
    return new TriangleMesh(positions, faces, uvs, new int[] {0, 1, 2, 0, 2, 3});
  }
}
