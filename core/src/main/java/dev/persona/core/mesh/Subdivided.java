package dev.persona.core.mesh;

/**
 * The result of {@link MeshSubdivision#subdivide}: the finer mesh and where each of its vertices
 * and faces came from, so that any per-vertex attribute can follow the geometry.
 *
 * <ul>
 *   <li>{@code parentA [V']}, {@code parentB [V']} — the two coarse vertices whose midpoint each
 *       fine vertex is; both equal the vertex itself for the first {@code V} (original) vertices.
 *   <li>{@code faceParents [F']} — the coarse face each fine face lies in ({@code F' = 4F}).
 * </ul>
 *
 * <p>Apply two levels by subdividing the result's mesh again and carrying attributes through both
 * results in turn. Immutable by contract: accessors return the internal arrays.
 */
public final class Subdivided {
  private final TriangleMesh mesh;
  private final int originalVertexCount;
  private final int[] parentA;
  private final int[] parentB;
  private final int[] faceParents;

  Subdivided(
      TriangleMesh mesh, int originalVertexCount, int[] parentA, int[] parentB, int[] faceParents) {
    this.mesh = mesh;
    this.originalVertexCount = originalVertexCount;
    this.parentA = parentA;
    this.parentB = parentB;
    this.faceParents = faceParents;
  }

  /** The subdivided mesh ({@code V' = V + E} vertices, {@code F' = 4F} faces). */
  public TriangleMesh mesh() {
    return mesh;
  }

  /** {@code V}, the vertex count before subdivision. */
  public int originalVertexCount() {
    return originalVertexCount;
  }

  /** {@code [V']} first parent of each fine vertex; shared, do not modify. */
  public int[] parentA() {
    return parentA;
  }

  /** {@code [V']} second parent of each fine vertex; shared, do not modify. */
  public int[] parentB() {
    return parentB;
  }

  /** {@code [F']} coarse face of each fine face; shared, do not modify. */
  public int[] faceParents() {
    return faceParents;
  }

  /**
   * Carries a per-vertex attribute to the fine mesh: original vertices keep their values, each edge
   * vertex gets the mean of its two parents' (as PyTorch3D's {@code SubdivideMeshes} does for its
   * features). Means of convex weights stay convex, so skinning-weight rows that sum to 1 still do
   * (up to float rounding); a function linear in position stays exact at the midpoints.
   *
   * @param attribute {@code [V*stride]} vertex-major, e.g. positions (3), skinning weights (J),
   *     blend shapes {@code (3*S)}, colours
   * @return a new {@code [V'*stride]} array
   */
  public float[] interpolate(float[] attribute, int stride) {
    if (stride <= 0 || attribute.length != (long) originalVertexCount * stride) {
      throw new IllegalArgumentException(
          "attribute must be [V*stride] = "
              + originalVertexCount
              + "*"
              + stride
              + ", got "
              + attribute.length);
    }
    long size = (long) parentA.length * stride;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("subdivided attribute would have " + size + " values");
    }
    return midpoints(attribute, stride, parentA, parentB);
  }

  /** {@code out[i] = (in[a[i]] + in[b[i]]) / 2} per component; exact copy where a[i] == b[i]. */
  static float[] midpoints(float[] in, int stride, int[] a, int[] b) {
    float[] out = new float[a.length * stride];
    for (int i = 0; i < a.length; i++) {
      int pa = a[i] * stride;
      int pb = b[i] * stride;
      int o = i * stride;
      if (pa == pb) {
        System.arraycopy(in, pa, out, o, stride);
      } else {
        for (int c = 0; c < stride; c++) {
          out[o + c] = (in[pa + c] + in[pb + c]) * 0.5f;
        }
      }
    }
    return out;
  }
}
