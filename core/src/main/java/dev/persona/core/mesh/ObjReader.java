package dev.persona.core.mesh;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Wavefront OBJ meshes: {@code v}, {@code vt} and {@code f} lines, with {@code g} groups.
 * Polygons are fan-triangulated ({@code (0, i, i+1)}), which is exact for the convex quads of
 * MakeHuman and most modelling tools. Face corners may be {@code v}, {@code v/vt}, {@code v//vn} or
 * {@code v/vt/vn}; indices are one-based, and negative indices count back from the last element
 * defined so far. Normals ({@code vn}) are checked for syntax but not kept (recompute them with
 * {@link VertexNormals}); materials, smoothing groups, objects, lines and other statements are
 * ignored. Everything after {@code #} on a line is a comment.
 *
 * <p>Either every face has texture indices or none does: a file that mixes the two is refused,
 * since the UVs of the faces without them would be undefined.
 */
public final class ObjReader {
  /** Refuse files with more {@code v} (or {@code vt}) lines than this: 600 MB of floats. */
  public static final int MAX_VERTICES = 50_000_000;

  /** Refuse files that triangulate to more triangles than this. */
  public static final int MAX_TRIANGLES = 100_000_000;

  /** Refuse lines longer than this many characters (a binary or corrupt file). */
  static final int MAX_LINE_LENGTH = 1 << 20;

  private static final String DEFAULT_GROUP = "default";

  private ObjReader() {}

  /**
   * Reads one OBJ file.
   *
   * @throws InvalidInputException {@code NOT_FOUND} when the file does not exist; {@code MALFORMED}
   *     naming the file and line when a statement cannot be parsed or an index is out of range;
   *     {@code TOO_LARGE} past {@link #MAX_VERTICES} or {@link #MAX_TRIANGLES}; {@code UNSUPPORTED}
   *     when faces mix corners with and without texture indices
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  public static ObjMesh read(Path file) {
    try (Reader reader =
        new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
      return new Parser(file).parse(reader);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(Reason.NOT_FOUND, "OBJ file not found: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read OBJ file " + file, e);
    }
  }

  /** One parse; holds the growing arrays and the current line for error messages. */
  private static final class Parser {
    private final Path file;
    private final FloatArrayBuilder positions = new FloatArrayBuilder(1 << 12);
    private final FloatArrayBuilder uvs = new FloatArrayBuilder(1 << 12);
    private final IntArrayBuilder faces = new IntArrayBuilder(1 << 12);
    private final IntArrayBuilder uvFaces = new IntArrayBuilder(1 << 12);
    private final IntArrayBuilder faceGroups = new IntArrayBuilder(1 << 10);
    private final IntArrayBuilder facePolygons = new IntArrayBuilder(1 << 10);
    // Source line of each polygon, to name it when an index turns out to be out of range at the
    // end (positive indices may legally refer to vertices defined later in the file).
    private final IntArrayBuilder polygonLines = new IntArrayBuilder(1 << 10);
    private final List<String> groupNames = new ArrayList<>();
    private final Map<String, Integer> groupIndex = new HashMap<>();
    private String currentGroup = DEFAULT_GROUP;
    private int normalCount;
    private int polygonCount;
    // Whether faces so far carry texture indices: -1 unknown (no face yet), 0 no, 1 yes.
    private int facesHaveUvs = -1;
    private int[] cornerV = new int[8];
    private int[] cornerT = new int[8];

    private final StringBuilder line = new StringBuilder(256);
    private int lineNumber;
    private int pos;

    Parser(Path file) {
      this.file = file;
    }

    ObjMesh parse(Reader reader) throws IOException {
      char[] buffer = new char[1 << 16];
      int n;
      boolean skipLf = false;
      while ((n = reader.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (skipLf) {
            skipLf = false;
            if (c == '\n') {
              continue;
            }
          }
          if (c == '\n' || c == '\r') {
            endLine();
            skipLf = c == '\r';
          } else {
            if (line.length() >= MAX_LINE_LENGTH) {
              throw malformed(
                  "line longer than " + MAX_LINE_LENGTH + " characters (not an OBJ text file?)");
            }
            line.append(c);
          }
        }
      }
      if (!line.isEmpty()) {
        endLine();
      }
      return finish();
    }

    private void endLine() {
      lineNumber++;
      parseLine();
      line.setLength(0);
    }

    private void parseLine() {
      int len = line.length();
      for (int i = 0; i < len; i++) {
        if (line.charAt(i) == '#') {
          line.setLength(i);
          break;
        }
      }
      pos = 0;
      skipSpaces();
      if (pos >= line.length()) {
        return;
      }
      int start = pos;
      skipToken();
      int end = pos;
      int keywordLength = end - start;
      char k0 = line.charAt(start);
      if (keywordLength == 1 && k0 == 'v') {
        if (positions.size() / 3 >= MAX_VERTICES) {
          throw tooLarge("more than " + MAX_VERTICES + " vertices");
        }
        positions.add(nextFloat("vertex x"));
        positions.add(nextFloat("vertex y"));
        positions.add(nextFloat("vertex z"));
      } else if (keywordLength == 2 && k0 == 'v' && line.charAt(start + 1) == 't') {
        if (uvs.size() / 2 >= MAX_VERTICES) {
          throw tooLarge("more than " + MAX_VERTICES + " texture coordinates");
        }
        uvs.add(nextFloat("texture u"));
        // OBJ allows "vt u" with v defaulting to 0.
        skipSpaces();
        uvs.add(pos < line.length() ? nextFloat("texture v") : 0f);
      } else if (keywordLength == 2 && k0 == 'v' && line.charAt(start + 1) == 'n') {
        nextFloat("normal x");
        nextFloat("normal y");
        nextFloat("normal z");
        normalCount++;
      } else if (keywordLength == 1 && k0 == 'f') {
        parseFace();
      } else if (keywordLength == 1 && k0 == 'g') {
        String name = line.substring(pos).strip();
        currentGroup = name.isEmpty() ? DEFAULT_GROUP : name;
      }
      // Every other statement (o, s, usemtl, mtllib, l, p, vp, ...) does not affect the triangles.
    }

    private void parseFace() {
      int corners = 0;
      boolean withUv = false;
      while (true) {
        skipSpaces();
        if (pos >= line.length()) {
          break;
        }
        if (corners == cornerV.length) {
          cornerV = Arrays.copyOf(cornerV, corners * 2);
          cornerT = Arrays.copyOf(cornerT, corners * 2);
        }
        cornerV[corners] = resolve(nextIndex("vertex index"), positions.size() / 3, "vertex");
        boolean cornerHasUv = false;
        if (pos < line.length() && line.charAt(pos) == '/') {
          pos++;
          if (pos < line.length() && line.charAt(pos) != '/' && !isSpace(line.charAt(pos))) {
            cornerT[corners] =
                resolve(nextIndex("texture index"), uvs.size() / 2, "texture coordinate");
            cornerHasUv = true;
          }
          if (pos < line.length() && line.charAt(pos) == '/') {
            pos++;
            resolve(nextIndex("normal index"), normalCount, "normal");
          }
        }
        if (pos < line.length() && !isSpace(line.charAt(pos))) {
          throw malformed("unexpected '" + line.charAt(pos) + "' in face corner");
        }
        if (corners == 0) {
          withUv = cornerHasUv;
        } else if (withUv != cornerHasUv) {
          throw malformed("face mixes corners with and without texture indices");
        }
        corners++;
      }
      if (corners < 3) {
        throw malformed("face has " + corners + " corners, needs at least 3");
      }
      if (facesHaveUvs < 0) {
        facesHaveUvs = withUv ? 1 : 0;
      } else if ((facesHaveUvs == 1) != withUv) {
        throw new InvalidInputException(
            Reason.UNSUPPORTED,
            where()
                + ": some faces have texture indices and others do not; cannot build one UV set");
      }
      if ((long) faceGroups.size() + corners - 2 > MAX_TRIANGLES) {
        throw tooLarge("more than " + MAX_TRIANGLES + " triangles");
      }
      int group = groupIndex.computeIfAbsent(currentGroup, this::addGroup);
      // Fan triangulation (0, i, i+1) keeps the polygon's winding on every triangle.
      for (int i = 1; i + 1 < corners; i++) {
        faces.add(cornerV[0]);
        faces.add(cornerV[i]);
        faces.add(cornerV[i + 1]);
        if (withUv) {
          uvFaces.add(cornerT[0]);
          uvFaces.add(cornerT[i]);
          uvFaces.add(cornerT[i + 1]);
        }
        faceGroups.add(group);
        facePolygons.add(polygonCount);
      }
      polygonLines.add(lineNumber);
      polygonCount++;
    }

    private Integer addGroup(String name) {
      groupNames.add(name);
      return groupNames.size() - 1;
    }

    /**
     * One-based or negative (relative) OBJ index to zero-based. Positive indices past the current
     * count stay as they are and are checked at the end of the file; negative ones can only count
     * back from what exists now.
     */
    private int resolve(long index, int countSoFar, String what) {
      if (index == 0) {
        throw malformed(what + " index 0 (OBJ indices start at 1)");
      }
      if (index < 0) {
        long resolved = countSoFar + index;
        if (resolved < 0) {
          throw malformed(
              "relative " + what + " index " + index + " but only " + countSoFar + " defined");
        }
        return (int) resolved;
      }
      if (index > Integer.MAX_VALUE) {
        throw malformed(what + " index " + index + " is too large");
      }
      return (int) (index - 1);
    }

    private ObjMesh finish() {
      if (polygonCount == 0) {
        throw new InvalidInputException(Reason.MALFORMED, "OBJ file " + file + " has no faces");
      }
      int vertexCount = positions.size() / 3;
      int uvCount = uvs.size() / 2;
      int[] faceArray = faces.toArray();
      int[] uvFaceArray = facesHaveUvs == 1 ? uvFaces.toArray() : null;
      int[] polygons = facePolygons.toArray();
      checkRange(faceArray, vertexCount, "vertex", polygons);
      if (uvFaceArray != null) {
        checkRange(uvFaceArray, uvCount, "texture coordinate", polygons);
      }
      return new ObjMesh(
          positions.toArray(),
          uvFaceArray != null ? uvs.toArray() : null,
          faceArray,
          uvFaceArray,
          faceGroups.toArray(),
          groupNames,
          polygons,
          polygonCount);
    }

    private void checkRange(int[] indices, int count, String what, int[] polygons) {
      for (int i = 0; i < indices.length; i++) {
        if (indices[i] >= count) {
          int sourceLine = polygonLines.get(polygons[i / 3]);
          throw new InvalidInputException(
              Reason.MALFORMED,
              file
                  + ":"
                  + sourceLine
                  + ": face refers to "
                  + what
                  + " "
                  + (indices[i] + 1)
                  + " but the file defines "
                  + count);
        }
      }
    }

    private float nextFloat(String what) {
      skipSpaces();
      int start = pos;
      skipToken();
      if (start == pos) {
        throw malformed("missing " + what);
      }
      String token = line.substring(start, pos);
      float value;
      try {
        value = Float.parseFloat(token);
      } catch (NumberFormatException e) {
        throw malformed("'" + token + "' is not a number (" + what + ")");
      }
      if (!Float.isFinite(value)) {
        throw malformed(what + " is not finite: '" + token + "'");
      }
      return value;
    }

    /** Parses a signed decimal integer up to the next '/' or space. */
    private long nextIndex(String what) {
      int start = pos;
      boolean negative = false;
      if (pos < line.length() && (line.charAt(pos) == '-' || line.charAt(pos) == '+')) {
        negative = line.charAt(pos) == '-';
        pos++;
      }
      long value = 0;
      int digits = 0;
      while (pos < line.length()) {
        char c = line.charAt(pos);
        if (c < '0' || c > '9') {
          break;
        }
        if (value > Integer.MAX_VALUE) {
          throw malformed(what + " is too large");
        }
        value = value * 10 + (c - '0');
        digits++;
        pos++;
      }
      if (digits == 0) {
        int end = pos;
        while (end < line.length() && !isSpace(line.charAt(end))) {
          end++;
        }
        throw malformed("'" + line.substring(start, end) + "' is not a valid " + what);
      }
      return negative ? -value : value;
    }

    private void skipSpaces() {
      while (pos < line.length() && isSpace(line.charAt(pos))) {
        pos++;
      }
    }

    private void skipToken() {
      while (pos < line.length() && !isSpace(line.charAt(pos))) {
        pos++;
      }
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t' || c == '\f' || c == '\u000b';
    }

    private String where() {
      return file + ":" + lineNumber;
    }

    private InvalidInputException malformed(String message) {
      return new InvalidInputException(Reason.MALFORMED, where() + ": " + message);
    }

    private InvalidInputException tooLarge(String message) {
      return new InvalidInputException(Reason.TOO_LARGE, where() + ": " + message);
    }
  }
}
