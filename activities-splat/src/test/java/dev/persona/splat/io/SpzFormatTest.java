package dev.persona.splat.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.splat.gaussian.Gaussians;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpzFormatTest {
  /** Half a fixed-point step (2^-12 m), plus float rounding of values up to 2 m (2.4e-7). */
  private static final double POSITION_TOLERANCE = 0.5 / 4096 + 3e-7;

  /** Half a log-scale step of 1/16. */
  private static final double LOG_SCALE_TOLERANCE = 0.5 / 16 + 1e-6;

  /** Half an opacity code, in opacity (not logit) units. */
  private static final double OPACITY_TOLERANCE = 0.5 / 255 + 1e-7;

  /** Half a colour code: codes are f_dc * 0.15 * 255 + 127.5. */
  private static final double DC_TOLERANCE = 0.5 / (0.15 * 255) + 1e-6;

  /**
   * SH codes round x*128 (half a code) and then snap to a multiple of 8 (degree 1, up to 4 codes
   * away) or 16 (degrees 2 and 3, up to 8 codes away).
   */
  private static final double SH1_TOLERANCE = 4.5 / 128 + 1e-6;

  private static final double SH_REST_TOLERANCE = 8.5 / 128 + 1e-6;

  /**
   * Smallest-three keeps three components to half a step of sqrt(1/2)/511 (6.9e-4); the largest, at
   * least 1/2, is sqrt(1 - sum of squares) and moves by at most sum |q_i| |dq_i| / w, with sum
   * |q_i| <= 1.5: 2.1e-3.
   */
  private static final double QUATERNION_TOLERANCE = 2.5e-3;

  @TempDir Path dir;

  @Test
  void roundTripIsWithinTheQuantisationSteps() throws IOException {
    Gaussians g = RandomGaussians.of(400, 3, 2, 11);
    Path file = dir.resolve("g.spz");
    SpzFormat.write(file, g);
    Gaussians back = SpzFormat.read(file);
    assertEquals(g.count(), back.count());
    assertEquals(3, back.shDegree());
    assertEquals(0, back.featureChannels());
    int k3 = 16 * 3;
    for (int i = 0; i < g.count(); i++) {
      for (int a = 0; a < 3; a++) {
        assertEquals(g.means()[i * 3 + a], back.means()[i * 3 + a], POSITION_TOLERANCE);
        assertEquals(g.logScales()[i * 3 + a], back.logScales()[i * 3 + a], LOG_SCALE_TOLERANCE);
        assertEquals(g.sh()[i * k3 + a], back.sh()[i * k3 + a], DC_TOLERANCE);
      }
      assertEquals(
          RandomGaussians.sigmoid(g.opacityLogits()[i]),
          RandomGaussians.sigmoid(back.opacityLogits()[i]),
          OPACITY_TOLERANCE);
      double qError = RandomGaussians.quaternionError(g.rotations(), back.rotations(), i);
      assertTrue(qError <= QUATERNION_TOLERANCE, "Gaussian " + i + ": " + qError);
      for (int j = 3; j < k3; j++) {
        double tolerance = j < 12 ? SH1_TOLERANCE : SH_REST_TOLERANCE;
        assertEquals(g.sh()[i * k3 + j], back.sh()[i * k3 + j], tolerance, "sh " + j);
      }
    }
  }

  @Test
  void writtenStreamStartsWithTheVersion3Header() throws IOException {
    Gaussians g = RandomGaussians.of(5, 1, 0, 3);
    Path file = dir.resolve("g.spz");
    SpzFormat.write(file, g);
    byte[] raw;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      raw = in.readAllBytes();
    }
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x5053474e, b.getInt(0));
    assertEquals(3, b.getInt(4));
    assertEquals(5, b.getInt(8));
    assertArrayEquals(new byte[] {1, 12, 0, 0}, Arrays.copyOfRange(raw, 12, 16));
    // positions 9, alpha 1, colour 3, scale 3, rotation 4, degree-1 SH 9 bytes per Gaussian.
    assertEquals(16 + 5 * (9 + 1 + 3 + 3 + 4 + 9), raw.length);
  }

  @Test
  void handBuiltVersion3FileDecodesToKnownValues() throws IOException {
    ByteBuffer b = header(3, 1, 1, 12, 0);
    b.put(new byte[] {0, 0x10, 0}); // x = 4096 / 4096 = 1
    b.put(new byte[] {0, (byte) 0xF8, (byte) 0xFF}); // y = -2048 / 4096
    b.put(new byte[] {0, 0x04, 0}); // z = 1024 / 4096
    b.put((byte) 255); // alpha: the top code
    b.put(new byte[] {(byte) 128, 0, (byte) 255}); // colours
    b.put(new byte[] {(byte) 160, (byte) 128, 0}); // scales: 160/16 - 10 = 0, -2, -10
    // A quarter turn about x, (x, y, z, w) = (s, 0, 0, s), s = sqrt(1/2): x is the largest (the
    // first of equals), index 0 in bits 30-31; y, z, w follow from the high bits down, so w's
    // magnitude 511 sits in the lowest 9 bits: 0x000001FF.
    b.put(new byte[] {(byte) 0xFF, 0x01, 0, 0});
    b.put(new byte[] {(byte) 128, (byte) 192, 64, 0, (byte) 255, (byte) 136, 120, (byte) 128, 0});
    Gaussians g = SpzFormat.read(gzipFile("hand3.spz", b));
    assertEquals(1, g.shDegree());
    assertArrayEquals(new float[] {1f, -0.5f, 0.25f}, g.means());
    assertArrayEquals(new float[] {0f, -2f, -10f}, g.logScales());
    assertEquals(1 - 0.25 / 255, RandomGaussians.sigmoid(g.opacityLogits()[0]), 1e-6);
    float s = (float) Math.sqrt(0.5);
    assertArrayEquals(new float[] {s, s, 0, 0}, g.rotations(), 1e-6f);
    float[] expected = {
      (float) ((128 / 255.0 - 0.5) / 0.15),
      (float) (-0.5 / 0.15),
      (float) (0.5 / 0.15), // DC
      0,
      0.5f,
      -0.5f, // coefficient 1 (r, g, b)
      -1,
      127 / 128f,
      0.0625f, // coefficient 2
      -0.0625f,
      0,
      -1 // coefficient 3
    };
    assertArrayEquals(expected, g.sh(), 1e-6f);
  }

  @Test
  void handBuiltVersion2FileDecodesItsThreeByteRotations() throws IOException {
    ByteBuffer b = header(2, 1, 0, 12, 0);
    b.put(new byte[9]).put((byte) 128).put(new byte[3]).put(new byte[3]);
    // A quarter turn about y, (x, y, z) = (0, s, 0): round(127.5 q + 127.5) = 128, 218, 128.
    b.put(new byte[] {(byte) 128, (byte) 218, (byte) 128});
    Gaussians g = SpzFormat.read(gzipFile("hand2.spz", b));
    float s = (float) Math.sqrt(0.5);
    // Half a code step is 0.5/127.5 = 0.0039 on x, y, z; w = sqrt(1 - |xyz|^2) moves about as
    // much: 0.005 covers both.
    assertArrayEquals(new float[] {s, 0, s, 0}, g.rotations(), 0.005f);
  }

  @Test
  void smallestThreeMatchesTheReferenceBitLayout() {
    // (w, x, y, z) = (0.5, -0.5, 0.5, 0.5) is (x, y, z, w) = (-0.5, 0.5, 0.5, 0.5): all equal in
    // magnitude, so the largest is index 0 (x), negative, so every sign flips: y, z, w are coded
    // negative with magnitude round(511 * 0.5 / sqrt(1/2)) = 361.
    int code = SpzFormat.packSmallestThree(new float[] {0.5f, -0.5f, 0.5f, 0.5f}, 0);
    int field = 1 << 9 | 361;
    assertEquals(field << 20 | field << 10 | field, code);
    float[] xyzw = new float[4];
    SpzFormat.unpackSmallestThree(code, xyzw);
    // The negated quaternion: the same rotation.
    assertArrayEquals(new float[] {0.5f, -0.5f, -0.5f, -0.5f}, xyzw, (float) QUATERNION_TOLERANCE);
  }

  @Test
  void malformedFilesAreRefusedWithTheirReason() throws IOException {
    Path notGzip = dir.resolve("plain.spz");
    Files.write(notGzip, "hello, not a splat".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertRefused(notGzip, Reason.WRONG_FORMAT, "gzip");

    ByteBuffer wrongMagic = header(3, 0, 0, 12, 0).putInt(0, 0x12345678);
    assertRefused(gzipFile("magic.spz", wrongMagic), Reason.WRONG_FORMAT, "NGSP");

    assertRefused(gzipFile("v9.spz", header(9, 0, 0, 12, 0)), Reason.UNSUPPORTED, "version 9");

    Path container = dir.resolve("v4.spz");
    Files.write(container, Arrays.copyOf(header(4, 0, 0, 12, 0).array(), 32));
    assertRefused(container, Reason.UNSUPPORTED, "version 4 container");

    assertRefused(gzipFile("ext.spz", header(3, 0, 0, 12, 0x2)), Reason.UNSUPPORTED, "extensions");

    // 9 million Gaussians claimed by a file of a few dozen bytes: refused before allocating.
    assertRefused(
        gzipFile("huge.spz", header(3, 9_000_000, 3, 12, 0)), Reason.TOO_LARGE, "9000000");
    assertRefused(gzipFile("over.spz", header(3, -1, 0, 12, 0)), Reason.TOO_LARGE, "4294967295");

    ByteBuffer shortData = header(3, 10, 0, 12, 0);
    shortData.put(new byte[10 * 9 + 4]);
    assertRefused(gzipFile("short.spz", shortData), Reason.CORRUPT, "alphas");

    Gaussians g = RandomGaussians.of(2000, 1, 0, 2);
    Path whole = dir.resolve("whole.spz");
    SpzFormat.write(whole, g);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.spz");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    assertRefused(cut, Reason.CORRUPT, "cut.spz");
  }

  @Test
  void positionsBeyondTheFixedPointRangeAreRefusedOnWriting() {
    Gaussians g = RandomGaussians.of(3, 0, 0, 1);
    g.means()[4] = 3000f;
    Path file = dir.resolve("far.spz");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SpzFormat.write(file, g));
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("Gaussian 1"), e.getMessage());
    assertTrue(Files.notExists(file));
  }

  private void assertRefused(Path file, Reason reason, String fragment) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpzFormat.read(file));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  private static ByteBuffer header(int version, int count, int shDegree, int bits, int flags) {
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x5053474e).putInt(version).putInt(count);
    b.put((byte) shDegree).put((byte) bits).put((byte) flags).put((byte) 0);
    return b;
  }

  private Path gzipFile(String name, ByteBuffer content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(content.array(), 0, Math.max(content.position(), 16));
    }
    Path file = dir.resolve(name);
    Files.write(file, bytes.toByteArray());
    return file;
  }
}
