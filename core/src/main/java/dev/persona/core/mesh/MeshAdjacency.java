package dev.persona.core.mesh;

import java.util.Arrays;

/**
 * The connectivity of a triangle mesh: its unique edges, which faces use each edge, which edges
 * each face has, and each vertex's neighbours, all as flat arrays. Built once per topology and
 * shared by everything that works on that topology (smoothness losses, subdivision, boundary
 * checks). Immutable by contract: accessors return the internal arrays; do not modify them.
 *
 * <ul>
 *   <li>{@code edges [E*2]} — each undirected edge once as (a, b) with {@code a < b}, sorted by (a,
 *       b). This is the order of PyTorch3D's {@code Meshes.edges_packed()}.
 *   <li>{@code faceEdges [F*3]} — {@code faceEdges[f*3 + k]} is the edge opposite corner {@code k}
 *       of face {@code f} (the edge between its other two corners), as PyTorch3D's {@code
 *       faces_packed_to_edges_packed()}.
 *   <li>{@code edgeFaceOffsets [E+1]}, {@code edgeFaces} — CSR: the faces using edge {@code e} are
 *       {@code edgeFaces[edgeFaceOffsets[e] .. edgeFaceOffsets[e+1])}, ascending.
 *   <li>{@code neighbourOffsets [V+1]}, {@code neighbours} — CSR: the vertices sharing an edge with
 *       {@code v} are {@code neighbours[neighbourOffsets[v] .. neighbourOffsets[v+1])}, ascending.
 * </ul>
 */
public final class MeshAdjacency {
  private final int vertexCount;
  private final int faceCount;
  private final int[] edges;
  private final int[] faceEdges;
  private final int[] edgeFaceOffsets;
  private final int[] edgeFaces;
  private final int[] neighbourOffsets;
  private final int[] neighbours;
  private final int boundaryEdgeCount;
  private final int nonManifoldEdgeCount;

  private MeshAdjacency(int vertexCount, int[] faces) {
    if (faces.length % 3 != 0) {
      throw new IllegalArgumentException("faces must be [F*3], got " + faces.length + " values");
    }
    this.vertexCount = vertexCount;
    this.faceCount = faces.length / 3;
    long[] keys = new long[faces.length];
    for (int f = 0; f < faceCount; f++) {
      for (int k = 0; k < 3; k++) {
        int a = faces[f * 3 + (k + 1) % 3];
        int b = faces[f * 3 + (k + 2) % 3];
        if (a < 0 || a >= vertexCount || b < 0 || b >= vertexCount) {
          throw new IllegalArgumentException(
              "face " + f + " refers to a vertex outside [0, " + vertexCount + ")");
        }
        keys[f * 3 + k] = edgeKey(a, b);
      }
    }
    long[] sorted = keys.clone();
    Arrays.sort(sorted);
    int unique = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[unique++] = sorted[i];
      }
    }
    long[] edgeKeys = Arrays.copyOf(sorted, unique);
    edges = new int[unique * 2];
    for (int e = 0; e < unique; e++) {
      edges[e * 2] = (int) (edgeKeys[e] >>> 32);
      edges[e * 2 + 1] = (int) edgeKeys[e];
    }

    faceEdges = new int[faces.length];
    edgeFaceOffsets = new int[unique + 1];
    for (int i = 0; i < keys.length; i++) {
      int e = Arrays.binarySearch(edgeKeys, keys[i]);
      faceEdges[i] = e;
      edgeFaceOffsets[e + 1]++;
    }
    int boundary = 0;
    int nonManifold = 0;
    for (int e = 0; e < unique; e++) {
      int count = edgeFaceOffsets[e + 1];
      if (count == 1) {
        boundary++;
      } else if (count > 2) {
        nonManifold++;
      }
      edgeFaceOffsets[e + 1] += edgeFaceOffsets[e];
    }
    boundaryEdgeCount = boundary;
    nonManifoldEdgeCount = nonManifold;
    edgeFaces = new int[faces.length];
    int[] fill = Arrays.copyOf(edgeFaceOffsets, unique);
    // Faces in ascending order, so each edge's face list comes out ascending.
    for (int i = 0; i < faceEdges.length; i++) {
      edgeFaces[fill[faceEdges[i]]++] = i / 3;
    }

    neighbourOffsets = new int[vertexCount + 1];
    for (int i = 0; i < edges.length; i++) {
      neighbourOffsets[edges[i] + 1]++;
    }
    for (int v = 0; v < vertexCount; v++) {
      neighbourOffsets[v + 1] += neighbourOffsets[v];
    }
    neighbours = new int[edges.length];
    int[] next = Arrays.copyOf(neighbourOffsets, vertexCount);
    // Edges are sorted by (a, b): vertex v first meets its smaller neighbours (as b, in ascending
    // a), then its larger ones (as a, in ascending b), so each list comes out ascending.
    for (int e = 0; e < unique; e++) {
      int a = edges[e * 2];
      int b = edges[e * 2 + 1];
      neighbours[next[a]++] = b;
      neighbours[next[b]++] = a;
    }
  }

  /** The adjacency of {@code mesh}'s vertex indexing. */
  public static MeshAdjacency of(TriangleMesh mesh) {
    return new MeshAdjacency(mesh.vertexCount(), mesh.faces());
  }

  /**
   * The adjacency of any triangle index array, for example a mesh's {@code uvFaces} over its UV
   * index space.
   *
   * @param vertexCount number of indexable elements; every index must lie in {@code [0, count)}
   * @param faces {@code [F*3]} indices
   */
  public static MeshAdjacency of(int vertexCount, int[] faces) {
    return new MeshAdjacency(vertexCount, faces);
  }

  private static long edgeKey(int a, int b) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    return ((long) lo << 32) | hi;
  }

  public int vertexCount() {
    return vertexCount;
  }

  public int faceCount() {
    return faceCount;
  }

  public int edgeCount() {
    return edges.length / 2;
  }

  /** {@code [E*2]} unique edges (a &lt; b), sorted; shared, do not modify. */
  public int[] edges() {
    return edges;
  }

  /** {@code [F*3]} the edge opposite each face corner; shared, do not modify. */
  public int[] faceEdges() {
    return faceEdges;
  }

  /** {@code [E+1]} CSR offsets into {@link #edgeFaces()}; shared, do not modify. */
  public int[] edgeFaceOffsets() {
    return edgeFaceOffsets;
  }

  /** Faces of each edge, CSR with {@link #edgeFaceOffsets()}; shared, do not modify. */
  public int[] edgeFaces() {
    return edgeFaces;
  }

  /** {@code [V+1]} CSR offsets into {@link #neighbours()}; shared, do not modify. */
  public int[] neighbourOffsets() {
    return neighbourOffsets;
  }

  /** Neighbours of each vertex, CSR with {@link #neighbourOffsets()}; shared, do not modify. */
  public int[] neighbours() {
    return neighbours;
  }

  /** Number of edges at vertex {@code v}. */
  public int degree(int v) {
    return neighbourOffsets[v + 1] - neighbourOffsets[v];
  }

  /** The index of edge (a, b) in either order, or -1 when the mesh has no such edge. */
  public int edgeIndex(int a, int b) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    if (lo < 0 || hi >= vertexCount) {
      return -1;
    }
    // Binary search over the sorted (a, b) pairs.
    int low = 0;
    int high = edges.length / 2 - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int ma = edges[mid * 2];
      int mb = edges[mid * 2 + 1];
      if (ma < lo || (ma == lo && mb < hi)) {
        low = mid + 1;
      } else if (ma == lo && mb == hi) {
        return mid;
      } else {
        high = mid - 1;
      }
    }
    return -1;
  }

  /** Number of faces using edge {@code e}: 1 on a boundary, 2 inside a manifold surface. */
  public int edgeFaceCount(int e) {
    return edgeFaceOffsets[e + 1] - edgeFaceOffsets[e];
  }

  /** Whether edge {@code e} belongs to exactly one face. */
  public boolean isBoundaryEdge(int e) {
    return edgeFaceCount(e) == 1;
  }

  public int boundaryEdgeCount() {
    return boundaryEdgeCount;
  }

  /** Whether the surface has no boundary: every edge is shared by at least two faces. */
  public boolean isClosed() {
    return boundaryEdgeCount == 0;
  }

  /** Whether no edge is shared by more than two faces. */
  public boolean isEdgeManifold() {
    return nonManifoldEdgeCount == 0;
  }

  /** {@code [V]} true for every vertex on a boundary edge. A new array. */
  public boolean[] boundaryVertices() {
    boolean[] onBoundary = new boolean[vertexCount];
    for (int e = 0; e < edges.length / 2; e++) {
      if (isBoundaryEdge(e)) {
        onBoundary[edges[e * 2]] = true;
        onBoundary[edges[e * 2 + 1]] = true;
      }
    }
    return onBoundary;
  }

  /**
   * The uniform graph Laplacian {@code L = D^-1 A - I} applied to per-vertex values: each vertex
   * gets the mean of its neighbours' values minus its own (the "uniform" weighting of PyTorch3D's
   * {@code mesh_laplacian_smoothing}). Zero for a vertex without neighbours. Each of the {@code
   * stride} components is treated independently.
   *
   * @param values {@code [V*stride]} per-vertex values, vertex-major
   * @param stride components per vertex, e.g. 3 for positions
   * @param dest {@code [V*stride]} receives {@code L values}; must not be {@code values}
   */
  public void laplacian(float[] values, int stride, float[] dest) {
    checkShapes(values, stride, dest);
    for (int v = 0; v < vertexCount; v++) {
      int start = neighbourOffsets[v];
      int end = neighbourOffsets[v + 1];
      int base = v * stride;
      if (start == end) {
        Arrays.fill(dest, base, base + stride, 0f);
        continue;
      }
      double invDegree = 1.0 / (end - start);
      for (int c = 0; c < stride; c++) {
        double sum = 0;
        for (int i = start; i < end; i++) {
          sum += values[neighbours[i] * stride + c];
        }
        dest[base + c] = (float) (sum * invDegree - values[base + c]);
      }
    }
  }

  /**
   * The transpose of {@link #laplacian}: {@code (L^T y)_j = sum over neighbours i of j of y_i /
   * deg(i), minus y_j}. The uniform Laplacian is not symmetric, so the gradient of a loss on {@code
   * L x} with respect to {@code x} needs this.
   *
   * @param values {@code [V*stride]} per-vertex values (for example a gradient with respect to
   *     {@code L x})
   * @param dest {@code [V*stride]} receives {@code L^T values}; must not be {@code values}
   */
  public void laplacianTranspose(float[] values, int stride, float[] dest) {
    checkShapes(values, stride, dest);
    for (int v = 0; v < vertexCount; v++) {
      int start = neighbourOffsets[v];
      int end = neighbourOffsets[v + 1];
      int base = v * stride;
      for (int c = 0; c < stride; c++) {
        double sum = 0;
        for (int i = start; i < end; i++) {
          int n = neighbours[i];
          // An isolated vertex has no neighbours, so every n here has degree >= 1.
          sum += values[n * stride + c] / (double) degree(n);
        }
        // The -I term applies only where L's row is non-zero (a vertex with neighbours).
        dest[base + c] = (float) (start == end ? 0.0 : sum - values[base + c]);
      }
    }
  }

  private void checkShapes(float[] values, int stride, float[] dest) {
    if (stride <= 0) {
      throw new IllegalArgumentException("stride must be positive: " + stride);
    }
    long expected = (long) vertexCount * stride;
    if (values.length != expected || dest.length != expected) {
      throw new IllegalArgumentException(
          "values and dest must be [V*stride] = "
              + expected
              + ", got "
              + values.length
              + " and "
              + dest.length);
    }
    if (values == dest) {
      throw new IllegalArgumentException("dest must not be the values array");
    }
  }
}
