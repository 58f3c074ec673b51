package dev.persona.splat.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.splat.gaussian.Gaussians;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlyFormatTest {
  @TempDir Path dir;

  @Test
  void roundTripIsExactForEveryShDegreeWithAndWithoutFeatures() throws IOException {
    for (int degree = 0; degree <= Gaussians.MAX_SH_DEGREE; degree++) {
      for (int features : new int[] {0, 2}) {
        Gaussians g = RandomGaussians.of(300, degree, features, 10 * degree + features);
        Path file = dir.resolve("g" + degree + "_" + features + ".ply");
        PlyFormat.write(file, g);
        assertEquals(g, PlyFormat.read(file), "degree " + degree + ", features " + features);
      }
    }
  }

  @Test
  void writtenHeaderIsTheStandard3dgsLayout() throws IOException {
    Gaussians g = RandomGaussians.of(2, 1, 0, 1);
    Path file = dir.resolve("g.ply");
    PlyFormat.write(file, g);
    // Written out by hand from gaussian-splatting's save_ply for SH degree 1 (9 f_rest).
    StringBuilder expected =
        new StringBuilder("ply\nformat binary_little_endian 1.0\nelement vertex 2\n");
    for (String p :
        List.of(
            "x",
            "y",
            "z",
            "nx",
            "ny",
            "nz",
            "f_dc_0",
            "f_dc_1",
            "f_dc_2",
            "f_rest_0",
            "f_rest_1",
            "f_rest_2",
            "f_rest_3",
            "f_rest_4",
            "f_rest_5",
            "f_rest_6",
            "f_rest_7",
            "f_rest_8",
            "opacity",
            "scale_0",
            "scale_1",
            "scale_2",
            "rot_0",
            "rot_1",
            "rot_2",
            "rot_3")) {
      expected.append("property float ").append(p).append('\n');
    }
    expected.append("end_header\n");
    byte[] bytes = Files.readAllBytes(file);
    byte[] head = expected.toString().getBytes(StandardCharsets.US_ASCII);
    assertEquals(expected.toString(), new String(bytes, 0, head.length, StandardCharsets.US_ASCII));
    assertEquals(head.length + 2 * 26 * 4, bytes.length);
  }

  @Test
  void handBuiltFileMapsChannelMajorRestToCoefficientMajorSh() throws IOException {
    // Degree 1, K = 4: f_rest_j = 100 + j, so the value names its file index.
    List<String> names = PlyFormat.propertyNames(1, 0);
    ByteBuffer body = ByteBuffer.allocate(names.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (String name : names) {
      body.putFloat(
          switch (name) {
            case "x" -> 1.5f;
            case "y" -> -2f;
            case "z" -> 3.25f;
            case "f_dc_0" -> 0.1f;
            case "f_dc_1" -> 0.2f;
            case "f_dc_2" -> 0.3f;
            case "opacity" -> -0.5f;
            case "scale_0" -> -3f;
            case "scale_1" -> -4f;
            case "scale_2" -> -5f;
            case "rot_0" -> 0.9f;
            case "rot_1" -> 0.1f;
            case "rot_2" -> 0.2f;
            case "rot_3" -> 0.3f;
            default -> name.startsWith("f_rest_") ? 100 + Integer.parseInt(name.substring(7)) : 0f;
          });
    }
    Path file = write("hand.ply", binaryHeader(1, names, "float"), body.array());
    Gaussians g = PlyFormat.read(file);
    assertEquals(1, g.shDegree());
    assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, g.means());
    assertArrayEquals(new float[] {-3f, -4f, -5f}, g.logScales());
    assertArrayEquals(new float[] {0.9f, 0.1f, 0.2f, 0.3f}, g.rotations());
    assertArrayEquals(new float[] {-0.5f}, g.opacityLogits());
    // sh[k*3 + c]: DC, then for each coefficient k = 1..3 the (r, g, b) triple. In the file red's
    // three coefficients come first (f_rest_0..2), then green's (3..5), then blue's (6..8).
    float[] expected = {
      0.1f,
      0.2f,
      0.3f, // k = 0: f_dc
      100,
      103,
      106, // k = 1: f_rest_0 (r), f_rest_3 (g), f_rest_6 (b)
      101,
      104,
      107, // k = 2
      102,
      105,
      108 // k = 3
    };
    assertArrayEquals(expected, g.sh());
  }

  @Test
  void readsShuffledDoubleAndIntegerPropertiesIgnoringExtrasAndOtherElements() throws IOException {
    // Properties out of order, x and opacity as double, an extra uchar, an element before the
    // vertices (scalars only) and one after.
    String header =
        "ply\nformat binary_little_endian 1.0\ncomment made by hand\n"
            + "element camera 1\nproperty float fov\nproperty uchar id\n"
            + "element vertex 2\n"
            + "property float rot_3\nproperty double x\nproperty float y\nproperty float z\n"
            + "property uchar red\nproperty float f_dc_2\nproperty float f_dc_1\n"
            + "property float f_dc_0\nproperty double opacity\nproperty float scale_0\n"
            + "property float scale_1\nproperty float scale_2\nproperty float rot_0\n"
            + "property float rot_1\nproperty float rot_2\nproperty float f_feature_0\n"
            + "element face 1\nproperty list uchar int vertex_indices\nend_header\n";
    ByteBuffer body = ByteBuffer.allocate(1000).order(ByteOrder.LITTLE_ENDIAN);
    body.putFloat(60f).put((byte) 7);
    for (int i = 0; i < 2; i++) {
      body.putFloat(0.4f + i); // rot_3
      body.putDouble(1.0 / 3.0 + i); // x
      body.putFloat(2f + i).putFloat(3f + i); // y z
      body.put((byte) 200); // red, ignored
      body.putFloat(0.3f).putFloat(0.2f).putFloat(0.1f); // f_dc_2, f_dc_1, f_dc_0
      body.putDouble(-1.25 - i); // opacity
      body.putFloat(-1f).putFloat(-2f).putFloat(-3f); // scales
      body.putFloat(1f).putFloat(0f).putFloat(0.5f); // rot_0..2
      body.putFloat(42f + i); // f_feature_0
    }
    body.put((byte) 3).putInt(0).putInt(1).putInt(0);
    Path file = write("mixed.ply", header, Arrays.copyOf(body.array(), body.position()));
    Gaussians g = PlyFormat.read(file);
    assertEquals(2, g.count());
    assertEquals(0, g.shDegree());
    assertEquals(1, g.featureChannels());
    assertArrayEquals(
        new float[] {(float) (1.0 / 3.0), 2f, 3f, (float) (4.0 / 3.0), 3f, 4f}, g.means());
    assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.1f, 0.2f, 0.3f}, g.sh());
    assertArrayEquals(new float[] {-1.25f, -2.25f}, g.opacityLogits());
    assertArrayEquals(new float[] {1f, 0f, 0.5f, 0.4f, 1f, 0f, 0.5f, 1.4f}, g.rotations());
    assertArrayEquals(new float[] {42f, 43f}, g.features());
  }

  @Test
  void asciiAndBigEndianFilesReadAsTheBinaryOne() throws IOException {
    Gaussians g = RandomGaussians.of(3, 2, 0, 5);
    Path binary = dir.resolve("b.ply");
    PlyFormat.write(binary, g);
    List<String> names = PlyFormat.propertyNames(2, 0);
    float[][] records = recordsOf(PlyFormat.read(binary), names);

    StringBuilder ascii = new StringBuilder();
    ByteBuffer big = ByteBuffer.allocate(3 * names.size() * 4).order(ByteOrder.BIG_ENDIAN);
    for (float[] record : records) {
      for (float v : record) {
        // Float.toString is the shortest decimal that reads back to the same float.
        ascii.append(v).append(' ');
        big.putFloat(v);
      }
      ascii.append('\n');
    }
    Path asciiFile =
        write(
            "a.ply",
            binaryHeader(3, names, "float").replace("binary_little_endian", "ascii"),
            ascii.toString().getBytes(StandardCharsets.US_ASCII));
    Path bigFile =
        write("be.ply", binaryHeader(3, names, "float").replace("little", "big"), big.array());
    assertEquals(g, PlyFormat.read(asciiFile));
    assertEquals(g, PlyFormat.read(bigFile));
  }

  @Test
  void truncatedBodyIsRefusedNamingTheFile() throws IOException {
    List<String> names = PlyFormat.propertyNames(0, 0);
    Path file = write("short.ply", binaryHeader(10, names, "float"), new byte[9 * 17 * 4 + 5]);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> PlyFormat.read(file));
    assertEquals(Reason.CORRUPT, e.reason());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("10 records"), e.getMessage());
  }

  @Test
  void absurdVertexCountIsRefusedBeforeAllocating() throws IOException {
    List<String> names = PlyFormat.propertyNames(3, 0);
    // 2 billion Gaussians of degree 3 would need ~500 GB of arrays; the file has 64 bytes of body.
    Path file = write("huge.ply", binaryHeader(2_000_000_000L, names, "float"), new byte[64]);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> PlyFormat.read(file));
    assertEquals(Reason.CORRUPT, e.reason());
    assertTrue(e.getMessage().contains("2000000000"), e.getMessage());
    Path ascii =
        write(
            "huge-ascii.ply",
            binaryHeader(2_000_000_000L, names, "float").replace("binary_little_endian", "ascii"),
            "1 2 3\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(
        Reason.CORRUPT,
        assertThrows(InvalidInputException.class, () -> PlyFormat.read(ascii)).reason());
  }

  @Test
  void malformedHeadersAreRefusedWithTheProblemNamed() throws IOException {
    List<String> names = new java.util.ArrayList<>(PlyFormat.propertyNames(0, 0));
    names.remove("opacity");
    assertRefused(
        write("no-opacity.ply", binaryHeader(1, names, "float"), new byte[16 * 4]),
        Reason.MALFORMED,
        "'opacity' is missing");

    List<String> fiveRest = new java.util.ArrayList<>(PlyFormat.propertyNames(0, 0));
    for (int j = 0; j < 5; j++) {
      fiveRest.add("f_rest_" + j);
    }
    assertRefused(
        write("five-rest.ply", binaryHeader(1, fiveRest, "float"), new byte[22 * 4]),
        Reason.MALFORMED,
        "5 f_rest");

    assertRefused(
        write("not.ply", "PK\u0003\u0004 zip", new byte[100]), Reason.WRONG_FORMAT, "not a PLY");
    assertRefused(
        write(
            "no-end.ply", "ply\nformat binary_little_endian 1.0\nelement vertex 1\n", new byte[0]),
        Reason.MALFORMED,
        "end_header");
    assertRefused(
        write(
            "weird.ply",
            binaryHeader(1, PlyFormat.propertyNames(0, 0), "float")
                .replace("binary_little_endian", "binary_middle_endian"),
            new byte[17 * 4]),
        Reason.UNSUPPORTED,
        "binary_middle_endian");
    assertRefused(
        write(
            "bad-ascii.ply",
            binaryHeader(1, PlyFormat.propertyNames(0, 0), "float")
                .replace("binary_little_endian", "ascii"),
            "1 2 three 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n".getBytes(StandardCharsets.US_ASCII)),
        Reason.MALFORMED,
        "'three'");
  }

  private void assertRefused(Path file, Reason reason, String fragment) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> PlyFormat.read(file));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  private static String binaryHeader(long count, List<String> names, String type) {
    StringBuilder h = new StringBuilder("ply\nformat binary_little_endian 1.0\n");
    h.append("element vertex ").append(count).append('\n');
    for (String name : names) {
      h.append("property ").append(type).append(' ').append(name).append('\n');
    }
    return h.append("end_header\n").toString();
  }

  private Path write(String name, String header, byte[] body) throws IOException {
    Path file = dir.resolve(name);
    byte[] head = header.getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    Files.write(file, all);
    return file;
  }

  /** The values of each Gaussian in the order of {@code names}, read back from a binary file. */
  private float[][] recordsOf(Gaussians g, List<String> names) throws IOException {
    Path file = dir.resolve("records.ply");
    PlyFormat.write(file, g);
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int body = text.indexOf("end_header\n") + "end_header\n".length();
    ByteBuffer b = ByteBuffer.wrap(bytes, body, bytes.length - body).order(ByteOrder.LITTLE_ENDIAN);
    float[][] records = new float[g.count()][names.size()];
    for (float[] record : records) {
      for (int p = 0; p < record.length; p++) {
        record[p] = b.getFloat();
      }
    }
    return records;
  }
}
