package dev.persona.splat.io;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.AtomicFiles;
import dev.persona.splat.gaussian.Gaussians;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard 3DGS {@code .ply} (the layout {@code gaussian-splatting/scene/gaussian_model.py}
 * {@code save_ply} writes and every splat viewer reads): one {@code vertex} element, one record per
 * Gaussian, values stored before activation exactly as {@link Gaussians} holds them.
 *
 * <p>Writing produces binary little-endian float32 properties in this order, with nothing else in
 * the header (no comments), as 3DGS and plyfile write them:
 *
 * <pre>
 * x y z nx ny nz f_dc_0 f_dc_1 f_dc_2 f_rest_0 .. f_rest_{3(K-1)-1} opacity
 * scale_0 scale_1 scale_2 rot_0 rot_1 rot_2 rot_3 [f_feature_0 .. f_feature_{F-1}]
 * </pre>
 *
 * The normals are written as zeros (3DGS does the same; nothing reads them). {@code f_rest} is
 * channel-major, as 3DGS flattens its {@code [N, 3, K-1]} tensor: {@code f_rest_{c*(K-1) + k-1}}
 * holds coefficient k of channel c, whereas {@link Gaussians#sh()} is coefficient-major, {@code
 * sh[(i*K + k)*3 + c]}. {@code rot_0..3} is (w, x, y, z). Feature channels, our own convention,
 * come last as {@code f_feature_j} and only when there are any, so that files without features are
 * byte-for-byte the standard layout; viewers read properties by name and ignore extra ones.
 *
 * <p>Reading accepts the properties in any order, of any scalar type (float, double and the integer
 * types, converted to float), in ASCII or binary of either byte order; extra properties and other
 * elements are ignored, {@code f_feature_j} fill {@link Gaussians#features()}. The SH degree is
 * inferred from the number of {@code f_rest} properties (0, 9, 24 or 45 for degrees 0..3). Values
 * are not range-checked: a NaN in the file is a NaN in the result.
 */
public final class PlyFormat {
  private PlyFormat() {}

  /** Name of the vertex element that holds the Gaussians. */
  static final String VERTEX = "vertex";

  private static final String[] REQUIRED = {
    "x", "y", "z", "f_dc_0", "f_dc_1", "f_dc_2", "opacity", "scale_0", "scale_1", "scale_2",
    "rot_0", "rot_1", "rot_2", "rot_3"
  };

  /** Records decoded per read from the file (a chunk of about 64 KB). */
  private static final int CHUNK_BYTES = 1 << 16;

  /**
   * Reads a 3DGS {@code .ply}.
   *
   * @throws InvalidInputException naming the file: WRONG_FORMAT when it is not a PLY; MALFORMED
   *     when a required property is missing, is a list, or the {@code f_rest}/{@code f_feature}
   *     properties are not numbered 0..n-1 with a valid count, or an ASCII value does not parse;
   *     UNSUPPORTED for list properties in an element before the vertices of a binary file; CORRUPT
   *     when the body is shorter than the header declares (checked against the file length before
   *     anything is allocated); TOO_LARGE when the count cannot be held in arrays
   * @throws IOException when the file cannot be read
   */
  public static Gaussians read(Path file) throws IOException {
    String source = file.toString();
    long fileBytes = Files.size(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK_BYTES)) {
      PlyHeader header = PlyHeader.read(in, source);
      Layout layout = Layout.of(header, source);
      long remaining = fileBytes - header.bodyOffset();
      boolean ascii = header.encoding() == PlyHeader.Encoding.ASCII;
      for (PlyHeader.Element skipped : layout.before) {
        if (ascii) {
          AsciiTokens.skipLines(in, skipped.count(), source);
          continue;
        }
        if (skipped.hasList()) {
          throw new InvalidInputException(
              Reason.UNSUPPORTED,
              source
                  + ": element '"
                  + skipped.name()
                  + "' before the vertices has list properties, so its size is unknown");
        }
        long bytes = checkedBytes(skipped.count(), skipped.recordBytes(), remaining, source);
        in.skipNBytes(bytes);
        remaining -= bytes;
      }
      PlyHeader.Element vertex = layout.vertex;
      if (ascii) {
        // Every ASCII value takes at least one character and one separator.
        checkedBytes(vertex.count(), 2L * vertex.properties().size(), remaining, source);
      } else {
        checkedBytes(vertex.count(), vertex.recordBytes(), remaining, source);
      }
      Gaussians gaussians = layout.allocate(source);
      Targets targets = new Targets(vertex, gaussians, layout);
      if (ascii) {
        readAscii(in, vertex, targets, source);
      } else {
        readBinary(in, vertex, targets, header.encoding().byteOrder(), source);
      }
      return gaussians;
    }
  }

  /**
   * Writes a 3DGS {@code .ply} atomically, in the property order of the class comment.
   *
   * @throws IOException when the file cannot be written (the target is then untouched)
   */
  public static void write(Path file, Gaussians gaussians) throws IOException {
    AtomicFiles.write(file, out -> write(out, gaussians));
  }

  /** The property names in the order {@link #write} writes them. */
  static List<String> propertyNames(int shDegree, int featureChannels) {
    List<String> names = new ArrayList<>(List.of("x", "y", "z", "nx", "ny", "nz"));
    names.addAll(List.of("f_dc_0", "f_dc_1", "f_dc_2"));
    int rest = 3 * (Gaussians.shCoefficients(shDegree) - 1);
    for (int j = 0; j < rest; j++) {
      names.add("f_rest_" + j);
    }
    names.addAll(List.of("opacity", "scale_0", "scale_1", "scale_2"));
    names.addAll(List.of("rot_0", "rot_1", "rot_2", "rot_3"));
    for (int j = 0; j < featureChannels; j++) {
      names.add("f_feature_" + j);
    }
    return names;
  }

  private static void write(OutputStream out, Gaussians g) throws IOException {
    int n = g.count();
    int k = g.shCoefficients();
    int f = g.featureChannels();
    List<String> names = propertyNames(g.shDegree(), f);
    StringBuilder header = new StringBuilder();
    header.append("ply\nformat binary_little_endian 1.0\nelement vertex ").append(n).append('\n');
    for (String name : names) {
      header.append("property float ").append(name).append('\n');
    }
    header.append("end_header\n");
    out.write(PlyHeader.bytes(header.toString()));

    int recordBytes = names.size() * Float.BYTES;
    int perChunk = Math.max(1, CHUNK_BYTES / recordBytes);
    ByteBuffer chunk = ByteBuffer.allocate(perChunk * recordBytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] means = g.means();
    float[] logScales = g.logScales();
    float[] rotations = g.rotations();
    float[] opacity = g.opacityLogits();
    float[] sh = g.sh();
    float[] features = g.features();
    for (int i = 0; i < n; i++) {
      if (chunk.remaining() < recordBytes) {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
      }
      chunk.putFloat(means[i * 3]).putFloat(means[i * 3 + 1]).putFloat(means[i * 3 + 2]);
      chunk.putFloat(0f).putFloat(0f).putFloat(0f);
      int shBase = i * k * 3;
      chunk.putFloat(sh[shBase]).putFloat(sh[shBase + 1]).putFloat(sh[shBase + 2]);
      // Channel-major f_rest: all of red's higher coefficients, then green's, then blue's.
      for (int c = 0; c < 3; c++) {
        for (int b = 1; b < k; b++) {
          chunk.putFloat(sh[shBase + b * 3 + c]);
        }
      }
      chunk.putFloat(opacity[i]);
      chunk.putFloat(logScales[i * 3]).putFloat(logScales[i * 3 + 1]);
      chunk.putFloat(logScales[i * 3 + 2]);
      chunk.putFloat(rotations[i * 4]).putFloat(rotations[i * 4 + 1]);
      chunk.putFloat(rotations[i * 4 + 2]).putFloat(rotations[i * 4 + 3]);
      for (int j = 0; j < f; j++) {
        chunk.putFloat(features[i * f + j]);
      }
    }
    out.write(chunk.array(), 0, chunk.position());
  }

  /**
   * {@code count * recordBytes}, refused when more than {@code remaining} bytes: the header's
   * counts are checked against the file's length before anything is allocated from them.
   */
  private static long checkedBytes(long count, long recordBytes, long remaining, String source) {
    if (recordBytes > 0 && count > remaining / recordBytes) {
      throw new InvalidInputException(
          Reason.CORRUPT,
          source
              + ": truncated or absurd header: it declares "
              + count
              + " records of "
              + recordBytes
              + " bytes but only "
              + remaining
              + " bytes follow");
    }
    return count * recordBytes;
  }

  private static void readBinary(
      InputStream in, PlyHeader.Element vertex, Targets targets, ByteOrder order, String source)
      throws IOException {
    int properties = vertex.properties().size();
    PlyHeader.Type[] types = new PlyHeader.Type[properties];
    int[] offsets = new int[properties];
    int stride = 0;
    for (int p = 0; p < properties; p++) {
      types[p] = vertex.properties().get(p).type();
      offsets[p] = stride;
      stride += types[p].bytes;
    }
    int count = (int) vertex.count();
    int perChunk = Math.max(1, CHUNK_BYTES / stride);
    byte[] bytes = new byte[perChunk * stride];
    ByteBuffer chunk = ByteBuffer.wrap(bytes).order(order);
    for (int start = 0; start < count; start += perChunk) {
      int records = Math.min(perChunk, count - start);
      int want = records * stride;
      int got = in.readNBytes(bytes, 0, want);
      if (got < want) {
        throw new InvalidInputException(
            Reason.CORRUPT, source + ": truncated in vertex " + (start + got / stride));
      }
      for (int r = 0; r < records; r++) {
        int base = r * stride;
        int i = start + r;
        for (int p = 0; p < properties; p++) {
          float[] dest = targets.arrays[p];
          if (dest != null) {
            dest[i * targets.strides[p] + targets.offsets[p]] =
                value(chunk, base + offsets[p], types[p]);
          }
        }
      }
    }
  }

  private static float value(ByteBuffer b, int at, PlyHeader.Type type) {
    return switch (type) {
      case INT8 -> b.get(at);
      case UINT8 -> b.get(at) & 0xFF;
      case INT16 -> b.getShort(at);
      case UINT16 -> b.getShort(at) & 0xFFFF;
      case INT32 -> b.getInt(at);
      case UINT32 -> b.getInt(at) & 0xFFFFFFFFL;
      case FLOAT32 -> b.getFloat(at);
      case FLOAT64 -> (float) b.getDouble(at);
    };
  }

  private static void readAscii(
      InputStream in, PlyHeader.Element vertex, Targets targets, String source) throws IOException {
    int properties = vertex.properties().size();
    int count = (int) vertex.count();
    AsciiTokens tokens = new AsciiTokens(in, source);
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < properties; p++) {
        String token = tokens.next();
        String property = vertex.properties().get(p).name();
        if (token == null) {
          throw new InvalidInputException(
              Reason.CORRUPT, source + ": truncated in vertex " + i + " at '" + property + "'");
        }
        float v;
        try {
          v = (float) Double.parseDouble(token);
        } catch (NumberFormatException e) {
          throw new InvalidInputException(
              Reason.MALFORMED,
              source + ": vertex " + i + ", '" + property + "': not a number: '" + token + "'");
        }
        float[] dest = targets.arrays[p];
        if (dest != null) {
          dest[i * targets.strides[p] + targets.offsets[p]] = v;
        }
      }
    }
  }

  /** Which vertex properties mean what, checked against the layout before anything is read. */
  private static final class Layout {
    final List<PlyHeader.Element> before;
    final PlyHeader.Element vertex;
    final int shDegree;
    final int featureChannels;

    private Layout(
        List<PlyHeader.Element> before,
        PlyHeader.Element vertex,
        int shDegree,
        int featureChannels) {
      this.before = before;
      this.vertex = vertex;
      this.shDegree = shDegree;
      this.featureChannels = featureChannels;
    }

    static Layout of(PlyHeader header, String source) {
      List<PlyHeader.Element> before = new ArrayList<>();
      PlyHeader.Element vertex = null;
      for (PlyHeader.Element e : header.elements()) {
        if (e.name().equals(VERTEX)) {
          vertex = e;
          break;
        }
        before.add(e);
      }
      if (vertex == null) {
        throw new InvalidInputException(
            Reason.MALFORMED, source + ": the PLY has no 'vertex' element");
      }
      for (String name : REQUIRED) {
        if (vertex.indexOf(name) < 0) {
          throw new InvalidInputException(
              Reason.MALFORMED,
              source + ": not a 3DGS splat PLY: vertex property '" + name + "' is missing");
        }
      }
      for (PlyHeader.Property p : vertex.properties()) {
        if (p.isList()) {
          throw new InvalidInputException(
              Reason.MALFORMED,
              source + ": vertex property '" + p.name() + "' is a list; splat PLYs have scalars");
        }
      }
      int rest = numbered(vertex, "f_rest_", source);
      int shDegree = -1;
      for (int d = 0; d <= Gaussians.MAX_SH_DEGREE; d++) {
        if (rest == 3 * (Gaussians.shCoefficients(d) - 1)) {
          shDegree = d;
        }
      }
      if (shDegree < 0) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            source
                + ": "
                + rest
                + " f_rest properties; SH degrees 0..3 have 0, 9, 24 or 45 (3 channels x"
                + " ((degree+1)^2 - 1))");
      }
      int features = numbered(vertex, "f_feature_", source);
      return new Layout(before, vertex, shDegree, features);
    }

    Gaussians allocate(String source) {
      long count = vertex.count();
      long widest = Math.max(4, Math.max(Gaussians.shCoefficients(shDegree) * 3L, featureChannels));
      if (count > (Integer.MAX_VALUE - 8) / widest) {
        throw new InvalidInputException(
            Reason.TOO_LARGE,
            source + ": " + count + " Gaussians do not fit in arrays (" + widest + " values each)");
      }
      return new Gaussians((int) count, shDegree, featureChannels);
    }

    /**
     * How many properties are named {@code prefix + j}; they must be numbered 0..n-1 without gaps.
     */
    private static int numbered(PlyHeader.Element vertex, String prefix, String source) {
      int n = 0;
      for (PlyHeader.Property p : vertex.properties()) {
        if (p.name().startsWith(prefix)) {
          n++;
        }
      }
      for (int j = 0; j < n; j++) {
        if (vertex.indexOf(prefix + j) < 0) {
          throw new InvalidInputException(
              Reason.MALFORMED,
              source + ": " + n + " " + prefix + "* properties but no '" + prefix + j + "'");
        }
      }
      return n;
    }
  }

  /**
   * Where each vertex property goes: {@code arrays[p][i * strides[p] + offsets[p]]} for Gaussian i,
   * or nowhere when {@code arrays[p]} is null (normals and unknown properties).
   */
  private static final class Targets {
    final float[][] arrays;
    final int[] strides;
    final int[] offsets;

    Targets(PlyHeader.Element vertex, Gaussians g, Layout layout) {
      int properties = vertex.properties().size();
      arrays = new float[properties][];
      strides = new int[properties];
      offsets = new int[properties];
      int k = g.shCoefficients();
      for (int p = 0; p < properties; p++) {
        String name = vertex.properties().get(p).name();
        switch (name) {
          case "x", "y", "z" -> set(p, g.means(), 3, name.charAt(0) - 'x');
          case "f_dc_0", "f_dc_1", "f_dc_2" -> set(p, g.sh(), k * 3, name.charAt(5) - '0');
          case "opacity" -> set(p, g.opacityLogits(), 1, 0);
          case "scale_0", "scale_1", "scale_2" -> set(p, g.logScales(), 3, name.charAt(6) - '0');
          case "rot_0", "rot_1", "rot_2", "rot_3" -> set(p, g.rotations(), 4, name.charAt(4) - '0');
          default -> {
            if (name.startsWith("f_rest_")) {
              // Channel-major in the file: index j = c*(K-1) + (k-1).
              int j = Integer.parseInt(name.substring("f_rest_".length()));
              int channel = j / (k - 1);
              int coefficient = 1 + j % (k - 1);
              set(p, g.sh(), k * 3, coefficient * 3 + channel);
            } else if (name.startsWith("f_feature_")) {
              int j = Integer.parseInt(name.substring("f_feature_".length()));
              set(p, g.features(), layout.featureChannels, j);
            }
          }
        }
      }
    }

    private void set(int p, float[] array, int stride, int offset) {
      arrays[p] = array;
      strides[p] = stride;
      offsets[p] = offset;
    }
  }
}
