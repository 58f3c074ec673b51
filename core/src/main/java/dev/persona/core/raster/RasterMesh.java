package dev.persona.core.raster;

import dev.persona.core.InvalidInputException;
import dev.persona.core.image.Image;

/**
 * What {@link MeshRasterizer} draws: a triangle mesh with optional per-vertex attributes and an
 * optional texture. The arrays are shared, not copied, and must not change while a rasterization
 * that uses them runs. Every factory validates shapes and indices and throws {@link
 * InvalidInputException} ({@link InvalidInputException.Reason#MALFORMED}) naming the problem.
 *
 * <ul>
 *   <li>{@code vertices [V*3]}: positions, world metres, (x, y, z) per vertex; all finite.
 *   <li>{@code triangles [F*3]}: vertex indices, three per triangle. Winding decides facing (see
 *       {@link CullMode}); it does not matter when culling is off.
 *   <li>{@code attributes [V*C]}: any per-vertex values (normals, colours, canonical positions,
 *       labels), {@code C} per vertex; interpolated perspective-correctly. {@code null} when
 *       absent.
 *   <li>{@code uvs [T*2]}: texture coordinates (u right, v up, OBJ convention); {@code uvTriangles
 *       [F*3]}: indices into {@code uvs}, three per triangle, aligned with {@code triangles};
 *       {@code texture}: linear float image, 1 to 4 channels. All three {@code null} when absent.
 * </ul>
 */
public final class RasterMesh {
  private final float[] vertices;
  private final int[] triangles;
  private final float[] attributes;
  private final int attributeChannels;
  private final float[] uvs;
  private final int[] uvTriangles;
  private final Image texture;

  private RasterMesh(
      float[] vertices,
      int[] triangles,
      float[] attributes,
      int attributeChannels,
      float[] uvs,
      int[] uvTriangles,
      Image texture) {
    this.vertices = vertices;
    this.triangles = triangles;
    this.attributes = attributes;
    this.attributeChannels = attributeChannels;
    this.uvs = uvs;
    this.uvTriangles = uvTriangles;
    this.texture = texture;
  }

  /**
   * A plain mesh.
   *
   * @param vertices {@code [V*3]} world metres
   * @param triangles {@code [F*3]} indices into the vertices
   */
  public static RasterMesh of(float[] vertices, int[] triangles) {
    if (vertices == null || triangles == null) {
      throw malformed("vertices and triangles are required");
    }
    if (vertices.length % 3 != 0) {
      throw malformed("vertex array length " + vertices.length + " is not a multiple of 3");
    }
    if (triangles.length % 3 != 0) {
      throw malformed("triangle array length " + triangles.length + " is not a multiple of 3");
    }
    for (int i = 0; i < vertices.length; i++) {
      if (!Float.isFinite(vertices[i])) {
        throw malformed("vertex " + i / 3 + " has a non-finite coordinate: " + vertices[i]);
      }
    }
    checkIndices("triangle", triangles, vertices.length / 3, "vertices");
    return new RasterMesh(vertices, triangles, null, 0, null, null, null);
  }

  /**
   * This mesh with per-vertex attributes to interpolate.
   *
   * @param values {@code [V*channels]}, vertex {@code v}'s channel {@code c} at {@code v * channels
   *     + c}
   */
  public RasterMesh withAttributes(float[] values, int channels) {
    if (values == null || channels < 1) {
      throw malformed("attributes need an array and at least one channel, got " + channels);
    }
    if ((long) vertexCount() * channels != values.length) {
      throw malformed(
          "attribute array has "
              + values.length
              + " values, expected "
              + vertexCount()
              + " vertices x "
              + channels
              + " channels");
    }
    return new RasterMesh(vertices, triangles, values, channels, uvs, uvTriangles, texture);
  }

  /**
   * This mesh with a texture.
   *
   * @param textureCoordinates {@code [T*2]} (u, v), v up
   * @param textureTriangles {@code [F*3]} indices into the texture coordinates, per triangle corner
   * @param image the texture, linear float, 1 to 4 channels
   */
  public RasterMesh withTexture(float[] textureCoordinates, int[] textureTriangles, Image image) {
    if (textureCoordinates == null || textureTriangles == null || image == null) {
      throw malformed("a texture needs coordinates, texture triangles and an image");
    }
    if (textureCoordinates.length % 2 != 0) {
      throw malformed(
          "texture coordinate array length " + textureCoordinates.length + " is not even");
    }
    for (int i = 0; i < textureCoordinates.length; i++) {
      if (!Float.isFinite(textureCoordinates[i])) {
        throw malformed("texture coordinate " + i / 2 + " is not finite: " + textureCoordinates[i]);
      }
    }
    if (textureTriangles.length != triangles.length) {
      throw malformed(
          "texture triangles have "
              + textureTriangles.length
              + " indices, the mesh triangles "
              + triangles.length);
    }
    checkIndices(
        "texture triangle", textureTriangles, textureCoordinates.length / 2, "texture coordinates");
    return new RasterMesh(
        vertices,
        triangles,
        attributes,
        attributeChannels,
        textureCoordinates,
        textureTriangles,
        image);
  }

  private static void checkIndices(String what, int[] indices, int count, String target) {
    for (int i = 0; i < indices.length; i++) {
      int index = indices[i];
      if (index < 0 || index >= count) {
        throw malformed(
            what + " " + i / 3 + " refers to index " + index + " of " + count + " " + target);
      }
    }
  }

  private static InvalidInputException malformed(String message) {
    return new InvalidInputException(InvalidInputException.Reason.MALFORMED, "mesh: " + message);
  }

  public int vertexCount() {
    return vertices.length / 3;
  }

  public int triangleCount() {
    return triangles.length / 3;
  }

  /** {@code [V*3]} world metres (shared). */
  public float[] vertices() {
    return vertices;
  }

  /** {@code [F*3]} (shared). */
  public int[] triangles() {
    return triangles;
  }

  /** {@code [V*C]} or {@code null} (shared). */
  public float[] attributes() {
    return attributes;
  }

  /** C, or 0 without attributes. */
  public int attributeChannels() {
    return attributeChannels;
  }

  /** {@code [T*2]} or {@code null} (shared). */
  public float[] uvs() {
    return uvs;
  }

  /** {@code [F*3]} or {@code null} (shared). */
  public int[] uvTriangles() {
    return uvTriangles;
  }

  /** The texture, or {@code null}. */
  public Image texture() {
    return texture;
  }

  /** Texture channels, or 0 without a texture. */
  public int colorChannels() {
    return texture == null ? 0 : texture.channels();
  }
}
