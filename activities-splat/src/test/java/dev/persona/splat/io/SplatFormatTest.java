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
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplatFormatTest {
  /** A colour or opacity code is round(255 v): the value is off by at most half a step. */
  private static final double HALF_CODE = 0.5 / 255;

  /**
   * Quaternion codes are round(128 q + 128), off by at most 0.5/128 per component, or 1/128 where q
   * = 1 clamps to code 255. The error vector (at most 2/128 long over four components) can move the
   * renormalised quaternion by at most twice that, 4/128.
   */
  private static final double QUATERNION_TOLERANCE = 4.0 / 128;

  @TempDir Path dir;

  @Test
  void roundTripKeepsEveryGaussianWithinOneQuantisationStep() throws IOException {
    Gaussians g = RandomGaussians.of(500, 2, 1, 7);
    Path file = dir.resolve("g.splat");
    SplatFormat.write(file, g);
    assertEquals(500L * SplatFormat.RECORD_BYTES, Files.size(file));
    Gaussians back = SplatFormat.read(file);
    assertEquals(0, back.shDegree());
    assertEquals(0, back.featureChannels());
    int[] order = SplatFormat.sizeTimesOpacityOrder(g);
    int k3 = g.shCoefficients() * 3;
    for (int r = 0; r < g.count(); r++) {
      int i = order[r];
      for (int a = 0; a < 3; a++) {
        // Positions and linear scales are float32 in the file: exact, and log(exp(s)) is within
        // a few float ulps of s.
        assertEquals(g.means()[i * 3 + a], back.means()[r * 3 + a]);
        assertEquals(g.logScales()[i * 3 + a], back.logScales()[r * 3 + a], 1e-6);
        double colour = 0.5 + Gaussians.SH_C0 * g.sh()[i * k3 + a];
        double colourBack = 0.5 + Gaussians.SH_C0 * back.sh()[r * 3 + a];
        assertEquals(colour, colourBack, HALF_CODE + 1e-7);
      }
      assertEquals(
          RandomGaussians.sigmoid(g.opacityLogits()[i]),
          RandomGaussians.sigmoid(back.opacityLogits()[r]),
          HALF_CODE + 1e-7);
      double qError = quaternionError(g, i, back, r);
      assertTrue(qError <= QUATERNION_TOLERANCE, "quaternion error " + qError);
    }
  }

  @Test
  void recordsAreSortedBySizeTimesOpacityDescending() throws IOException {
    Gaussians g = new Gaussians(3, 0, 0);
    // Volumes exp(sum of log-scales) 1, e^3 and e^-3 with opacities 0.5, 0.5 and ~1.
    float[][] logScales = {{0, 0, 0}, {1, 1, 1}, {-1, -1, -1}};
    float[] logits = {0, 0, 20};
    for (int i = 0; i < 3; i++) {
      System.arraycopy(logScales[i], 0, g.logScales(), i * 3, 3);
      g.opacityLogits()[i] = logits[i];
      g.means()[i * 3] = i;
      g.rotations()[i * 4] = 1;
    }
    Path file = dir.resolve("sorted.splat");
    SplatFormat.write(file, g);
    Gaussians back = SplatFormat.read(file);
    // e^3 * 0.5 > 1 * 0.5 > e^-3 * 1: Gaussian 1 first, then 0, then 2.
    assertArrayEquals(
        new float[] {1, 0, 2}, new float[] {back.means()[0], back.means()[3], back.means()[6]});
  }

  @Test
  void oneRecordHasTheDocumentedBytes() throws IOException {
    Gaussians g = new Gaussians(1, 1, 0);
    g.means()[0] = 1.5f;
    g.means()[1] = -2f;
    g.means()[2] = 0.25f;
    g.logScales()[0] = 0f;
    g.logScales()[1] = (float) Math.log(0.5);
    g.logScales()[2] = (float) Math.log(2);
    g.setBaseColor(0, 1f, 0.5f, 0f);
    g.opacityLogits()[0] = 0f;
    // A half turn about z: (w, x, y, z) = (0, 0, 0, 2), unnormalised.
    g.rotations()[3] = 2f;
    Path file = dir.resolve("one.splat");
    SplatFormat.write(file, g);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(1.5f, b.getFloat(0));
    assertEquals(-2f, b.getFloat(4));
    assertEquals(0.25f, b.getFloat(8));
    assertEquals(1f, b.getFloat(12));
    assertEquals(0.5f, b.getFloat(16), 1e-7);
    assertEquals(2f, b.getFloat(20), 1e-6);
    // Colour (1, 0.5, 0) -> 255, round(127.5) = 128, 0; opacity 0.5 -> 128.
    assertEquals(255, b.get(24) & 0xFF);
    assertEquals(128, b.get(25) & 0xFF);
    assertEquals(0, b.get(26) & 0xFF);
    assertEquals(128, b.get(27) & 0xFF);
    // (0, 0, 0, 1) normalised: w, x, y = 128; z = 128 + 128 clamps to 255.
    assertArrayEquals(
        new int[] {128, 128, 128, 255},
        new int[] {b.get(28) & 0xFF, b.get(29) & 0xFF, b.get(30) & 0xFF, b.get(31) & 0xFF});
  }

  @Test
  void aLengthThatIsNotWholeRecordsIsRefused() throws IOException {
    Path file = dir.resolve("cut.splat");
    Files.write(file, new byte[SplatFormat.RECORD_BYTES * 2 + 5]);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SplatFormat.read(file));
    assertEquals(Reason.CORRUPT, e.reason());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  private static double quaternionError(Gaussians a, int i, Gaussians b, int j) {
    float[] qa = new float[4];
    float[] qb = new float[4];
    System.arraycopy(a.rotations(), i * 4, qa, 0, 4);
    System.arraycopy(b.rotations(), j * 4, qb, 0, 4);
    return RandomGaussians.quaternionError(qa, qb, 0);
  }
}
