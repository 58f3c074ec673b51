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
import java.util.Arrays;

/**
 * antimatter15's web {@code .splat} ({@code antimatter15/splat}, {@code convert.py}): no header,
 * {@value #RECORD_BYTES} bytes a Gaussian, little-endian:
 *
 * <pre>
 * offset  0: x, y, z               3 x float32, world units
 * offset 12: scale_0..2            3 x float32, linear standard deviations exp(logScale)
 * offset 24: r, g, b, a            4 x uint8: round(255 * clamp(0.5 + C0 * f_dc, 0, 1)) and
 *                                  round(255 * sigmoid(opacity logit))
 * offset 28: w, x, y, z            4 x uint8: clamp(round(128 * q / |q| + 128), 0, 255)
 * </pre>
 *
 * Records are sorted by {@code exp(sum of log-scales) * opacity} descending (the size-times-
 * opacity order of {@code convert.py}, so a viewer that streams the file shows the big, solid
 * Gaussians first); ties keep the input order. {@code convert.py} truncates where we round; readers
 * cannot tell. Only the view-independent colour is stored: SH degrees above 0 and feature channels
 * are dropped.
 *
 * <p>Reading gives SH degree 0 and no features: {@code f_dc = (code / 255 - 0.5) / C0}, opacity
 * {@code code / 255} kept finite as {@link ByteCodes#opacityLogit} says, quaternion {@code (code -
 * 128) / 128} (the zero quaternion, all codes 128, becomes the identity). The order of the file is
 * kept.
 */
public final class SplatFormat {
  private SplatFormat() {}

  /** Bytes per Gaussian. */
  public static final int RECORD_BYTES = 32;

  private static final int CHUNK_RECORDS = 2048;

  /**
   * Writes a {@code .splat} atomically.
   *
   * @throws IOException when the file cannot be written (the target is then untouched)
   */
  public static void write(Path file, Gaussians gaussians) throws IOException {
    AtomicFiles.write(file, out -> write(out, gaussians));
  }

  /**
   * Reads a {@code .splat}.
   *
   * @throws InvalidInputException naming the file: CORRUPT when its length is not a multiple of
   *     {@value #RECORD_BYTES}; TOO_LARGE when it holds more Gaussians than arrays can
   * @throws IOException when the file cannot be read
   */
  public static Gaussians read(Path file) throws IOException {
    long bytes = Files.size(file);
    if (bytes % RECORD_BYTES != 0) {
      throw new InvalidInputException(
          Reason.CORRUPT,
          file
              + ": a .splat holds "
              + RECORD_BYTES
              + "-byte records, but the file has "
              + bytes
              + " bytes (truncated or not a .splat)");
    }
    long count = bytes / RECORD_BYTES;
    if (count > (Integer.MAX_VALUE - 8) / 4) {
      throw new InvalidInputException(
          Reason.TOO_LARGE, file + ": " + count + " Gaussians do not fit in arrays");
    }
    Gaussians g = new Gaussians((int) count, 0, 0);
    float[] means = g.means();
    float[] logScales = g.logScales();
    float[] rotations = g.rotations();
    float[] opacity = g.opacityLogits();
    float[] sh = g.sh();
    byte[] chunkBytes = new byte[CHUNK_RECORDS * RECORD_BYTES];
    ByteBuffer chunk = ByteBuffer.wrap(chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      for (int start = 0; start < count; start += CHUNK_RECORDS) {
        int records = (int) Math.min(CHUNK_RECORDS, count - start);
        int want = records * RECORD_BYTES;
        if (in.readNBytes(chunkBytes, 0, want) < want) {
          throw new InvalidInputException(
              Reason.CORRUPT, file + ": the file shrank while it was read");
        }
        for (int r = 0; r < records; r++) {
          int at = r * RECORD_BYTES;
          int i = start + r;
          for (int a = 0; a < 3; a++) {
            means[i * 3 + a] = chunk.getFloat(at + a * 4);
            // Zero (or an underflowed) scale has no logarithm; the smallest normal float keeps it
            // finite and still invisible.
            float scale = chunk.getFloat(at + 12 + a * 4);
            logScales[i * 3 + a] = (float) Math.log(Math.max(scale, Float.MIN_NORMAL));
            int colour = chunkBytes[at + 24 + a] & 0xFF;
            sh[i * 3 + a] = (float) ((colour / 255.0 - 0.5) / Gaussians.SH_C0);
          }
          opacity[i] = ByteCodes.opacityLogit(chunkBytes[at + 27] & 0xFF);
          boolean zero = true;
          for (int c = 0; c < 4; c++) {
            int code = chunkBytes[at + 28 + c] & 0xFF;
            zero &= code == 128;
            rotations[i * 4 + c] = (code - 128) / 128f;
          }
          if (zero) {
            rotations[i * 4] = 1f;
          }
        }
      }
    }
    return g;
  }

  private static void write(OutputStream out, Gaussians g) throws IOException {
    int n = g.count();
    int k3 = g.shCoefficients() * 3;
    float[] means = g.means();
    float[] logScales = g.logScales();
    float[] rotations = g.rotations();
    float[] opacity = g.opacityLogits();
    float[] sh = g.sh();
    int[] order = sizeTimesOpacityOrder(g);
    ByteBuffer chunk =
        ByteBuffer.allocate(CHUNK_RECORDS * RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < n; r++) {
      if (!chunk.hasRemaining()) {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
      }
      int i = order[r];
      chunk.putFloat(means[i * 3]).putFloat(means[i * 3 + 1]).putFloat(means[i * 3 + 2]);
      for (int a = 0; a < 3; a++) {
        chunk.putFloat((float) Math.exp(logScales[i * 3 + a]));
      }
      for (int c = 0; c < 3; c++) {
        double colour = 0.5 + Gaussians.SH_C0 * sh[i * k3 + c];
        chunk.put((byte) ByteCodes.clampToByte(Math.clamp(colour, 0.0, 1.0) * 255.0));
      }
      chunk.put((byte) ByteCodes.opacityByte(opacity[i]));
      double w = rotations[i * 4];
      double x = rotations[i * 4 + 1];
      double y = rotations[i * 4 + 2];
      double z = rotations[i * 4 + 3];
      double norm = Math.sqrt(w * w + x * x + y * y + z * z);
      if (!(norm > 0)) {
        w = 1;
        norm = 1;
      }
      chunk.put((byte) ByteCodes.clampToByte(w / norm * 128 + 128));
      chunk.put((byte) ByteCodes.clampToByte(x / norm * 128 + 128));
      chunk.put((byte) ByteCodes.clampToByte(y / norm * 128 + 128));
      chunk.put((byte) ByteCodes.clampToByte(z / norm * 128 + 128));
    }
    out.write(chunk.array(), 0, chunk.position());
  }

  /**
   * Gaussian indices by {@code exp(s0 + s1 + s2) * sigmoid(opacity)} descending, ties by index. The
   * log of the key, {@code s0 + s1 + s2 - log(1 + exp(-opacity))}, orders the same without
   * overflow; it is packed with the index into one long per Gaussian so a primitive sort does it
   * (NaN keys go last).
   */
  static int[] sizeTimesOpacityOrder(Gaussians g) {
    int n = g.count();
    float[] logScales = g.logScales();
    float[] opacity = g.opacityLogits();
    long[] keyed = new long[n];
    for (int i = 0; i < n; i++) {
      double logKey =
          logScales[i * 3]
              + logScales[i * 3 + 1]
              + logScales[i * 3 + 2]
              - Math.log1p(Math.exp(-opacity[i]));
      float descending = Double.isNaN(logKey) ? Float.POSITIVE_INFINITY : (float) -logKey;
      int bits = Float.floatToIntBits(descending + 0.0f);
      // Flip the magnitude bits of negatives so the signed int order is the float order.
      bits ^= (bits >> 31) & 0x7FFFFFFF;
      keyed[i] = ((long) bits << 32) | i;
    }
    Arrays.sort(keyed);
    int[] order = new int[n];
    for (int r = 0; r < n; r++) {
      order[r] = (int) keyed[r];
    }
    return order;
  }
}
