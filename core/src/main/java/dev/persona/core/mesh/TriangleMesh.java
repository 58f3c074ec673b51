package dev.persona.core.mesh;

/**
 * An indexed triangle mesh with optional texture coordinates. Immutable by contract: the arrays are
 * shared with the caller (not copied) and never written after construction.
 *
 * <ul>
 *   <li>{@code positions [V*3]} — vertex positions (x, y, z) interleaved, metres in the mesh's own
 *       frame.
 *   <li>{@code faces [F*3]} — vertex indices of each triangle, counter-clockwise seen from outside
 *       (so the right-hand normal {@code (b - a) x (c - a)} points out).
 *   <li>{@code uvs [T*2]} — optional texture coordinates (u right, v up, as in OBJ), {@code null}
 *       when absent.
 *   <li>{@code uvFaces [F*3]} — optional indices into {@code uvs} for each triangle corner, in the
 *       same corner order as {@code faces}. UVs have their own index space (as OBJ's {@code vt} and
 *       SMPL-X's {@code vt/ft}) so a vertex on a texture seam can carry two UVs.
 * </ul>
 */
public final class TriangleMesh {
  private final float[] positions;
  private final int[] faces;
  private final float[] uvs;
  private final int[] uvFaces;

  /** A mesh without texture coordinates. */
  public TriangleMesh(float[] positions, int[] faces) {
    this(positions, faces, null, null);
  }

  /**
   * Validates shapes and index ranges and stores the arrays (not copied).
   *
   * @param uvs {@code [T*2]} or {@code null}; must be {@code null} exactly when {@code uvFaces} is
   * @param uvFaces {@code [F*3]} or {@code null}
   * @throws IllegalArgumentException if a shape is wrong or an index is out of range
   */
  public TriangleMesh(float[] positions, int[] faces, float[] uvs, int[] uvFaces) {
    if (positions.length % 3 != 0) {
      throw new IllegalArgumentException(
          "positions must be [V*3], got " + positions.length + " values");
    }
    if (faces.length % 3 != 0) {
      throw new IllegalArgumentException("faces must be [F*3], got " + faces.length + " values");
    }
    checkIndices("faces", faces, positions.length / 3);
    if ((uvs == null) != (uvFaces == null)) {
      throw new IllegalArgumentException("uvs and uvFaces must be both present or both absent");
    }
    if (uvs != null) {
      if (uvs.length % 2 != 0) {
        throw new IllegalArgumentException("uvs must be [T*2], got " + uvs.length + " values");
      }
      if (uvFaces.length != faces.length) {
        throw new IllegalArgumentException(
            "uvFaces must be [F*3] = " + faces.length + " values, got " + uvFaces.length);
      }
      checkIndices("uvFaces", uvFaces, uvs.length / 2);
    }
    this.positions = positions;
    this.faces = faces;
    this.uvs = uvs;
    this.uvFaces = uvFaces;
  }

  private static void checkIndices(String what, int[] indices, int count) {
    for (int i = 0; i < indices.length; i++) {
      int idx = indices[i];
      if (idx < 0 || idx >= count) {
        throw new IllegalArgumentException(
            what + "[" + i + "] = " + idx + " is outside [0, " + count + ")");
      }
    }
  }

  /** {@code [V*3]} metres; shared, do not modify. */
  public float[] positions() {
    return positions;
  }

  /** {@code [F*3]} vertex indices, counter-clockwise from outside; shared, do not modify. */
  public int[] faces() {
    return faces;
  }

  /** {@code [T*2]} texture coordinates, or {@code null}; shared, do not modify. */
  public float[] uvs() {
    return uvs;
  }

  /** {@code [F*3]} indices into {@link #uvs()}, or {@code null}; shared, do not modify. */
  public int[] uvFaces() {
    return uvFaces;
  }

  public boolean hasUvs() {
    return uvs != null;
  }

  public int vertexCount() {
    return positions.length / 3;
  }

  public int faceCount() {
    return faces.length / 3;
  }

  /** Number of texture coordinates {@code T}, 0 when the mesh has none. */
  public int uvCount() {
    return uvs == null ? 0 : uvs.length / 2;
  }

  /**
   * The same connectivity and UVs with other vertex positions (a posed or deformed copy).
   *
   * @param newPositions {@code [V*3]} with the same {@code V}; not copied
   */
  public TriangleMesh withPositions(float[] newPositions) {
    if (newPositions.length != positions.length) {
      throw new IllegalArgumentException(
          "expected " + positions.length + " position values, got " + newPositions.length);
    }
    return new TriangleMesh(newPositions, faces, uvs, uvFaces);
  }

  @Override
  public String toString() {
    return "TriangleMesh[V=" + vertexCount() + ", F=" + faceCount() + ", T=" + uvCount() + "]";
  }
}
