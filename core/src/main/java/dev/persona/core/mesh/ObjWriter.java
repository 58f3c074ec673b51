package dev.persona.core.mesh;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link TriangleMesh} as a Wavefront OBJ file: {@code v} lines, {@code vt} lines when the
 * mesh has UVs, and one {@code f} line per triangle ({@code v/vt} corners when it has UVs). Numbers
 * are written with {@link Float#toString(float)}, the shortest decimal that reads back to the same
 * float, so a write followed by {@link ObjReader#read} gives back the identical arrays.
 */
public final class ObjWriter {
  private ObjWriter() {}

  /** Writes {@code mesh} to {@code file}, replacing it if it exists. */
  public static void write(Path file, TriangleMesh mesh) throws IOException {
    try (Writer out =
        new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
      write(out, mesh);
    }
  }

  /** Writes {@code mesh} as OBJ text to {@code out}; does not close it. */
  public static void write(Writer out, TriangleMesh mesh) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    float[] p = mesh.positions();
    out.write("# written by Persona: " + mesh.vertexCount() + " vertices, ");
    out.write(mesh.faceCount() + " triangles\n");
    for (int i = 0; i < p.length; i += 3) {
      sb.setLength(0);
      sb.append("v ").append(p[i]).append(' ').append(p[i + 1]).append(' ').append(p[i + 2]);
      sb.append('\n');
      out.append(sb);
    }
    float[] uvs = mesh.uvs();
    int[] uvFaces = mesh.uvFaces();
    if (uvs != null) {
      for (int i = 0; i < uvs.length; i += 2) {
        sb.setLength(0);
        sb.append("vt ").append(uvs[i]).append(' ').append(uvs[i + 1]).append('\n');
        out.append(sb);
      }
    }
    int[] f = mesh.faces();
    for (int i = 0; i < f.length; i += 3) {
      sb.setLength(0);
      sb.append('f');
      for (int k = 0; k < 3; k++) {
        sb.append(' ').append(f[i + k] + 1);
        if (uvFaces != null) {
          sb.append('/').append(uvFaces[i + k] + 1);
        }
      }
      sb.append('\n');
      out.append(sb);
    }
  }
}
