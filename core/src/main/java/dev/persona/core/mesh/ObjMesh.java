package dev.persona.core.mesh;

import java.util.List;

/**
 * What {@link ObjReader} found in a Wavefront OBJ file: the polygons fan-triangulated, with enough
 * bookkeeping to map each triangle back to its source polygon and group. Immutable by contract: the
 * arrays are shared, never written after construction.
 *
 * <ul>
 *   <li>{@code positions [V*3]} — {@code v} lines in file order (x, y, z), in the file's units.
 *   <li>{@code uvs [T*2]} — {@code vt} lines in file order (u, v), or {@code null} when the faces
 *       carry no texture indices.
 *   <li>{@code faces [F*3]} — zero-based vertex indices of each triangle, in the file's winding.
 *   <li>{@code uvFaces [F*3]} — zero-based {@code vt} indices per corner, or {@code null}.
 *   <li>{@code faceGroups [F]} — index into {@link #groups()} of the {@code g} group each triangle
 *       was declared in ({@code "default"} before any {@code g} line).
 *   <li>{@code facePolygons [F]} — zero-based index of the {@code f} line (polygon) each triangle
 *       came from; a quad yields two consecutive triangles with the same polygon index.
 * </ul>
 */
public final class ObjMesh {
  private final float[] positions;
  private final float[] uvs;
  private final int[] faces;
  private final int[] uvFaces;
  private final int[] faceGroups;
  private final List<String> groups;
  private final int[] facePolygons;
  private final int polygonCount;

  ObjMesh(
      float[] positions,
      float[] uvs,
      int[] faces,
      int[] uvFaces,
      int[] faceGroups,
      List<String> groups,
      int[] facePolygons,
      int polygonCount) {
    this.positions = positions;
    this.uvs = uvs;
    this.faces = faces;
    this.uvFaces = uvFaces;
    this.faceGroups = faceGroups;
    this.groups = List.copyOf(groups);
    this.facePolygons = facePolygons;
    this.polygonCount = polygonCount;
  }

  /** {@code [V*3]}; shared, do not modify. */
  public float[] positions() {
    return positions;
  }

  /** {@code [T*2]}, or {@code null} when the faces have no texture indices; shared. */
  public float[] uvs() {
    return uvs;
  }

  /** {@code [F*3]} zero-based vertex indices; shared, do not modify. */
  public int[] faces() {
    return faces;
  }

  /** {@code [F*3]} zero-based texture-coordinate indices, or {@code null}; shared. */
  public int[] uvFaces() {
    return uvFaces;
  }

  /** {@code [F]} index into {@link #groups()} per triangle; shared, do not modify. */
  public int[] faceGroups() {
    return faceGroups;
  }

  /** Group names in order of first use by a face. */
  public List<String> groups() {
    return groups;
  }

  /** {@code [F]} source polygon ({@code f} line) index per triangle; shared, do not modify. */
  public int[] facePolygons() {
    return facePolygons;
  }

  public int vertexCount() {
    return positions.length / 3;
  }

  /** Number of triangles {@code F}. */
  public int faceCount() {
    return faces.length / 3;
  }

  /** Number of {@code f} lines (polygons) before triangulation. */
  public int polygonCount() {
    return polygonCount;
  }

  /** The triangles as a mesh, sharing this object's arrays. */
  public TriangleMesh toTriangleMesh() {
    return new TriangleMesh(positions, faces, uvs, uvFaces);
  }

  @Override
  public String toString() {
    return "ObjMesh[V="
        + vertexCount()
        + ", F="
        + faceCount()
        + ", polygons="
        + polygonCount
        + ", groups="
        + groups.size()
        + "]";
  }
}
