package dev.persona.core.body.makehuman;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A sparse MakeHuman morph target: per-vertex offsets for the vertices it moves, in MakeHuman's
 * units (decimetres) and axes (y up, facing +z). Immutable by contract.
 *
 * <p>File format ({@code *.target.gz}, gzipped text): one {@code index dx dy dz} line per moved
 * vertex; blank lines and lines starting with {@code #} are ignored. An empty file is a valid, zero
 * target (MakeHuman ships several, e.g. the average-muscle average-weight ones).
 */
final class MorphTarget {
  private final int[] vertices;
  private final float[] offsets;

  private MorphTarget(int[] vertices, float[] offsets) {
    this.vertices = vertices;
    this.offsets = offsets;
  }

  /** Moved vertex indices {@code [N]}; shared, do not modify. */
  int[] vertices() {
    return vertices;
  }

  /** Offsets {@code [N*3]} (dx, dy, dz per moved vertex), decimetres; shared, do not modify. */
  float[] offsets() {
    return offsets;
  }

  /**
   * Adds {@code scale} times this target to {@code mesh [V*3]} (decimetres), in place.
   *
   * @param mesh all base-mesh vertices, {@code V*3}, MakeHuman axes
   */
  void addTo(double[] mesh, double scale) {
    for (int k = 0; k < vertices.length; k++) {
      int o = vertices[k] * 3;
      mesh[o] += scale * offsets[k * 3];
      mesh[o + 1] += scale * offsets[k * 3 + 1];
      mesh[o + 2] += scale * offsets[k * 3 + 2];
    }
  }

  /**
   * Reads a gzipped target whose indices must address a mesh of {@code vertexCount} vertices.
   *
   * @throws InvalidInputException {@code NOT_FOUND} when the file is missing; {@code MALFORMED}
   *     naming the file and line when it is not gzip, a line does not parse, an index is out of
   *     range or an offset is not finite
   */
  static MorphTarget read(Path file, int vertexCount) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.US_ASCII))) {
      return parse(reader, file, vertexCount);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, "MakeHuman target file not found: " + file, e);
    } catch (ZipException e) {
      throw new InvalidInputException(
          Reason.MALFORMED, "MakeHuman target " + file + " is not gzip data: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read MakeHuman target " + file, e);
    }
  }

  private static MorphTarget parse(BufferedReader reader, Path file, int vertexCount)
      throws IOException {
    // A target moves each vertex at most once; more lines than vertices means a corrupt file,
    // so the buffers never grow past 2 * vertexCount entries.
    int[] vertices = new int[1024];
    float[] offsets = new float[1024 * 3];
    int n = 0;
    int lineNumber = 0;
    String[] fields = new String[4];
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.charAt(0) == '#') {
        continue;
      }
      if (split(trimmed, fields) != 4) {
        throw malformedLine(file, lineNumber, "expected 'index dx dy dz'");
      }
      if (n == vertexCount) {
        throw malformedLine(file, lineNumber, "more lines than the mesh's vertices");
      }
      if (n == vertices.length) {
        int grown = Math.min(vertexCount, n * 2);
        vertices = Arrays.copyOf(vertices, grown);
        offsets = Arrays.copyOf(offsets, grown * 3);
      }
      try {
        int index = Integer.parseInt(fields[0]);
        if (index < 0 || index >= vertexCount) {
          throw malformedLine(
              file, lineNumber, "vertex " + index + " outside the mesh's " + vertexCount);
        }
        vertices[n] = index;
        for (int c = 0; c < 3; c++) {
          float value = Float.parseFloat(fields[c + 1]);
          if (!Float.isFinite(value)) {
            throw malformedLine(file, lineNumber, "offset is not finite");
          }
          offsets[n * 3 + c] = value;
        }
      } catch (NumberFormatException e) {
        throw malformedLine(file, lineNumber, "not a number: " + e.getMessage());
      }
      n++;
    }
    return new MorphTarget(Arrays.copyOf(vertices, n), Arrays.copyOf(offsets, n * 3));
  }

  /** Splits on runs of spaces or tabs into {@code out}; returns the field count (capped at 5). */
  private static int split(String line, String[] out) {
    int count = 0;
    int i = 0;
    int length = line.length();
    while (i < length) {
      while (i < length && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i == length) {
        break;
      }
      int start = i;
      while (i < length && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
        i++;
      }
      if (count == out.length) {
        return count + 1;
      }
      out[count++] = line.substring(start, i);
    }
    return count;
  }

  private static InvalidInputException malformedLine(Path file, int line, String problem) {
    return new InvalidInputException(
        Reason.MALFORMED, "MakeHuman target " + file + " line " + line + ": " + problem);
  }
}
