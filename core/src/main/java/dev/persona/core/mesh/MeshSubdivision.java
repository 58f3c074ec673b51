package dev.persona.core.mesh;

/**
 * One level of midpoint subdivision: a new vertex at the middle of every unique edge, and each
 * triangle split into four. Vertex and face order follow PyTorch3D's {@code SubdivideMeshes}, so a
 * mesh subdivided here lines up index for index with one subdivided there: the {@code V} original
 * vertices first, then one per edge in {@link MeshAdjacency#edges()} order; then all "corner 0"
 * triangles, all "corner 1", all "corner 2", and last all middle triangles, each block in the
 * original face order. Winding is preserved.
 *
 * <p>For a triangle {@code (v0, v1, v2)} with edge midpoints {@code m01, m12, m20}, the four new
 * triangles are {@code (v0, m01, m20)}, {@code (v1, m12, m01)}, {@code (v2, m20, m12)} and {@code
 * (m12, m20, m01)}.
 *
 * <p>UVs are subdivided in their own index space (one new UV per unique UV edge of {@code
 * uvFaces}), so a seam, where one geometric edge has two different UV edges, gets two UV midpoints
 * and stays a seam.
 */
public final class MeshSubdivision {
  private MeshSubdivision() {}

  /** Subdivides {@code mesh} once; see the class doc for the layout of the result. */
  public static Subdivided subdivide(TriangleMesh mesh) {
    return subdivide(mesh, MeshAdjacency.of(mesh));
  }

  /**
   * Subdivides {@code mesh} once, reusing its already computed adjacency.
   *
   * @param adjacency {@code MeshAdjacency.of(mesh)}
   */
  public static Subdivided subdivide(TriangleMesh mesh, MeshAdjacency adjacency) {
    if (adjacency.vertexCount() != mesh.vertexCount()
        || adjacency.faceCount() != mesh.faceCount()) {
      throw new IllegalArgumentException("adjacency was built for another mesh");
    }
    int v = mesh.vertexCount();
    int f = mesh.faceCount();
    int e = adjacency.edgeCount();
    long newVertexCount = (long) v + e;
    long newIndexCount = 12L * f;
    if (newVertexCount * 3 > Integer.MAX_VALUE - 8 || newIndexCount > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "subdividing " + v + " vertices and " + f + " faces would overflow Java arrays");
    }
    int[] parentA = new int[(int) newVertexCount];
    int[] parentB = new int[(int) newVertexCount];
    for (int i = 0; i < v; i++) {
      parentA[i] = i;
      parentB[i] = i;
    }
    int[] edges = adjacency.edges();
    for (int i = 0; i < e; i++) {
      parentA[v + i] = edges[i * 2];
      parentB[v + i] = edges[i * 2 + 1];
    }
    int[] faces = splitFaces(mesh.faces(), adjacency.faceEdges(), v);
    float[] positions = Subdivided.midpoints(mesh.positions(), 3, parentA, parentB);

    float[] uvs = null;
    int[] uvFaces = null;
    if (mesh.hasUvs()) {
      MeshAdjacency uvAdjacency = MeshAdjacency.of(mesh.uvCount(), mesh.uvFaces());
      int t = mesh.uvCount();
      int uvEdgeCount = uvAdjacency.edgeCount();
      int[] uvEdges = uvAdjacency.edges();
      int[] uvParentA = new int[t + uvEdgeCount];
      int[] uvParentB = new int[t + uvEdgeCount];
      for (int i = 0; i < t; i++) {
        uvParentA[i] = i;
        uvParentB[i] = i;
      }
      for (int i = 0; i < uvEdgeCount; i++) {
        uvParentA[t + i] = uvEdges[i * 2];
        uvParentB[t + i] = uvEdges[i * 2 + 1];
      }
      uvs = Subdivided.midpoints(mesh.uvs(), 2, uvParentA, uvParentB);
      uvFaces = splitFaces(mesh.uvFaces(), uvAdjacency.faceEdges(), t);
    }
    int[] faceParents = new int[4 * f];
    for (int block = 0; block < 4; block++) {
      for (int i = 0; i < f; i++) {
        faceParents[block * f + i] = i;
      }
    }
    return new Subdivided(
        new TriangleMesh(positions, faces, uvs, uvFaces), v, parentA, parentB, faceParents);
  }

  /**
   * The four-way split of every triangle, in PyTorch3D's block order.
   *
   * @param faces {@code [F*3]} indices into a space of {@code count} elements
   * @param faceEdges {@code [F*3]} the edge opposite each corner
   * @param count the midpoint of edge {@code e} gets index {@code count + e}
   */
  private static int[] splitFaces(int[] faces, int[] faceEdges, int count) {
    int f = faces.length / 3;
    int[] out = new int[12 * f];
    for (int i = 0; i < f; i++) {
      int v0 = faces[i * 3];
      int v1 = faces[i * 3 + 1];
      int v2 = faces[i * 3 + 2];
      // faceEdges[k] is opposite corner k: m12 = edge 0, m20 = edge 1, m01 = edge 2.
      int m12 = count + faceEdges[i * 3];
      int m20 = count + faceEdges[i * 3 + 1];
      int m01 = count + faceEdges[i * 3 + 2];
      put(out, i, v0, m01, m20);
      put(out, f + i, v1, m12, m01);
      put(out, 2 * f + i, v2, m20, m12);
      put(out, 3 * f + i, m12, m20, m01);
    }
    return out;
  }

  private static void put(int[] out, int face, int a, int b, int c) {
    out[face * 3] = a;
    out[face * 3 + 1] = b;
    out[face * 3 + 2] = c;
  }
}
