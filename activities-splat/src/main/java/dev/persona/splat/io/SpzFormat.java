package dev.persona.splat.io;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.AtomicFiles;
import dev.persona.splat.gaussian.Gaussians;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Niantic's compressed {@code .spz} ({@code nianticlabs/spz}, {@code load-spz.cc}), the
 * gzip-wrapped layout of versions 2 and 3. We write version 3; we read versions 2 and 3.
 *
 * <p>The gzip stream holds a 16-byte little-endian header, then the attributes one after another
 * for all Gaussians (N of them, SH degree d, D = (d+1)^2 - 1 coefficients per channel beyond DC):
 *
 * <pre>
 * header     uint32 magic 0x5053474e ("NGSP"), uint32 version, uint32 N,
 *            uint8 d, uint8 fractionalBits, uint8 flags, uint8 reserved (0)
 * positions  N x 3 x 24-bit signed fixed point, round(x * 2^fractionalBits), little-endian
 * alphas     N x uint8 round(255 * sigmoid(opacity logit))
 * colours    N x 3 x uint8 round(f_dc * 0.15 * 255 + 127.5)
 * scales     N x 3 x uint8 round((logScale + 10) * 16)
 * rotations  version 3: N x uint32 "smallest three"; version 2: N x 3 x uint8
 * sh         N x D x 3 x uint8, coefficient-major with the channel inner, as {@link
 *            Gaussians#sh()} (without the DC term): round(x * 128) + 128 snapped to a multiple of
 *            8 (degree 1, 5 bits) or 16 (degrees 2 and 3, 4 bits)
 * </pre>
 *
 * All uint8 codes clamp to 0..255. Version 3 rotations: the unit quaternion in spz's (x, y, z, w)
 * order, sign chosen so its largest-magnitude component is positive; bits 30-31 hold that
 * component's index, and each other component, in index order from the high bits down, takes 10
 * bits: a sign bit and a 9-bit magnitude round(511 * |q_i| / sqrt(1/2)). Version 2: x, y, z of the
 * unit quaternion with w made non-negative, each round(127.5 * q + 127.5); w is recovered as sqrt(1
 * - x^2 - y^2 - z^2).
 *
 * <p>We write fractionalBits 12 (1/4096 m, a range of +-2048 m) and flags 0 (no antialiasing, no
 * extensions), as the reference does by default. Coordinates are written as they are: spz declares
 * its frame right-up-back (OpenGL's), which is our world's (y up, a front camera on +z). Feature
 * channels are dropped. Reading refuses what it cannot decode faithfully: version 1 (half floats,
 * never released), versions above 3 (including the newer NGSP container that is not gzip), files
 * with extensions (flag 0x2; an extension may change the SH decoding) and SH degree 4.
 */
public final class SpzFormat {
  private SpzFormat() {}

  /** The header's magic, "NGSP" read as a little-endian uint32. */
  static final int MAGIC = 0x5053474e;

  /** The version we write. */
  public static final int VERSION = 3;

  /** Fixed-point fraction bits of positions we write: steps of 1/4096 m (about 0.24 mm). */
  public static final int FRACTIONAL_BITS = 12;

  /** spz's colour scale: colour codes store {@code f_dc * COLOR_SCALE} around 0.5. */
  static final double COLOR_SCALE = 0.15;

  /**
   * Most Gaussians accepted, spz's own reader limit ({@code maxPointsToRead}); a larger header is
   * refused before anything is allocated.
   */
  public static final int MAX_GAUSSIANS = 10_000_000;

  /**
   * Deflate cannot shrink data more than about 1032:1 (the zlib technical details), so a header
   * that claims more than this many payload bytes per compressed byte is a lie, refused before the
   * arrays are allocated.
   */
  private static final long MAX_DEFLATE_RATIO = 1032;

  private static final int HEADER_BYTES = 16;
  private static final int FLAG_EXTENSIONS = 0x2;
  private static final double SQRT1_2 = Math.sqrt(0.5);
  private static final int MAG_MASK = (1 << 9) - 1;

  /**
   * Writes a version-3 {@code .spz} atomically.
   *
   * @throws InvalidInputException TOO_LARGE when a coordinate lies outside the fixed-point range
   *     (+-2048 m) or there are more than {@link #MAX_GAUSSIANS} Gaussians
   * @throws IOException when the file cannot be written (the target is then untouched)
   */
  public static void write(Path file, Gaussians gaussians) throws IOException {
    byte[] payload = pack(gaussians, file.toString());
    AtomicFiles.write(
        file,
        out -> {
          // finish(), not close(): AtomicFiles closes its own stream.
          GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
          gzip.write(payload);
          gzip.finish();
        });
  }

  /**
   * Reads a version-2 or version-3 {@code .spz}.
   *
   * @throws InvalidInputException naming the file: WRONG_FORMAT when it is neither gzip nor spz;
   *     UNSUPPORTED for versions other than 2 and 3, extensions or SH degree 4; TOO_LARGE for more
   *     than {@link #MAX_GAUSSIANS} or more than deflate could have compressed into the file;
   *     CORRUPT for a damaged gzip stream or data shorter than the header declares
   * @throws IOException when the file cannot be read
   */
  public static Gaussians read(Path file) throws IOException {
    String source = file.toString();
    long fileBytes = Files.size(file);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(4);
      byte[] start = raw.readNBytes(4);
      raw.reset();
      if (start.length >= 4 && littleEndianInt(start, 0) == MAGIC) {
        throw new InvalidInputException(
            Reason.UNSUPPORTED,
            source
                + ": an spz version 4 container (plain NGSP header, zstd streams); this reader"
                + " handles the gzip-wrapped versions 2 and 3");
      }
      if (start.length < 2 || (start[0] & 0xFF) != 0x1F || (start[1] & 0xFF) != 0x8B) {
        throw new InvalidInputException(
            Reason.WRONG_FORMAT, source + ": not an .spz file (no gzip signature)");
      }
      try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
        return read(in, fileBytes, source);
      } catch (ZipException | EOFException e) {
        throw new InvalidInputException(
            Reason.CORRUPT, source + ": damaged gzip stream: " + e.getMessage(), e);
      }
    }
  }

  private static Gaussians read(InputStream in, long fileBytes, String source) throws IOException {
    byte[] header = in.readNBytes(HEADER_BYTES);
    if (header.length < HEADER_BYTES) {
      throw new InvalidInputException(
          Reason.CORRUPT, source + ": truncated in the 16-byte spz header");
    }
    if (littleEndianInt(header, 0) != MAGIC) {
      throw new InvalidInputException(
          Reason.WRONG_FORMAT, source + ": gzip, but not spz (the magic is not NGSP)");
    }
    long version = littleEndianInt(header, 4) & 0xFFFFFFFFL;
    if (version != 2 && version != 3) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED, source + ": spz version " + version + "; versions 2 and 3 are read");
    }
    long count = littleEndianInt(header, 8) & 0xFFFFFFFFL;
    int shDegree = header[12] & 0xFF;
    int fractionalBits = header[13] & 0xFF;
    int flags = header[14] & 0xFF;
    if (count > MAX_GAUSSIANS) {
      throw new InvalidInputException(
          Reason.TOO_LARGE,
          source + ": " + count + " Gaussians, more than the " + MAX_GAUSSIANS + " spz allows");
    }
    if (shDegree > Gaussians.MAX_SH_DEGREE) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED,
          source + ": SH degree " + shDegree + "; degrees 0.." + Gaussians.MAX_SH_DEGREE);
    }
    if (fractionalBits > 23) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": " + fractionalBits + " fractional bits in 24-bit values");
    }
    if ((flags & FLAG_EXTENSIONS) != 0) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED, source + ": spz extensions (flag 0x2) are not supported");
    }
    int n = (int) count;
    int d = Gaussians.shCoefficients(shDegree) - 1;
    int rotationBytes = version >= 3 ? 4 : 3;
    long payload = count * (9 + 1 + 3 + 3 + rotationBytes + d * 3L);
    if (payload > fileBytes * MAX_DEFLATE_RATIO) {
      throw new InvalidInputException(
          Reason.TOO_LARGE,
          source
              + ": the header declares "
              + count
              + " Gaussians ("
              + payload
              + " bytes), more than "
              + fileBytes
              + " compressed bytes can hold");
    }
    // readNBytes grows its buffer as data arrives, so a stream shorter than declared fails before
    // the full size is allocated.
    byte[] positions = section(in, n * 9, "positions", source);
    byte[] alphas = section(in, n, "alphas", source);
    byte[] colours = section(in, n * 3, "colours", source);
    byte[] scales = section(in, n * 3, "scales", source);
    byte[] rotations = section(in, n * rotationBytes, "rotations", source);
    byte[] sh = section(in, n * d * 3, "spherical harmonics", source);

    Gaussians g = new Gaussians(n, shDegree, 0);
    float[] means = g.means();
    float[] logScales = g.logScales();
    float[] quats = g.rotations();
    float[] opacity = g.opacityLogits();
    float[] coefficients = g.sh();
    int k = d + 1;
    double step = 1.0 / (1 << fractionalBits);
    float[] xyzw = new float[4];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < 3; a++) {
        int at = (i * 3 + a) * 3;
        int fixed =
            (positions[at] & 0xFF) | (positions[at + 1] & 0xFF) << 8 | positions[at + 2] << 16;
        means[i * 3 + a] = (float) (fixed * step);
        logScales[i * 3 + a] = (float) ((scales[i * 3 + a] & 0xFF) / 16.0 - 10.0);
        coefficients[i * k * 3 + a] =
            (float) (((colours[i * 3 + a] & 0xFF) / 255.0 - 0.5) / COLOR_SCALE);
      }
      opacity[i] = ByteCodes.opacityLogit(alphas[i] & 0xFF);
      if (version >= 3) {
        unpackSmallestThree(littleEndianInt(rotations, i * 4), xyzw);
      } else {
        unpackFirstThree(rotations, i * 3, xyzw);
      }
      quats[i * 4] = xyzw[3];
      quats[i * 4 + 1] = xyzw[0];
      quats[i * 4 + 2] = xyzw[1];
      quats[i * 4 + 3] = xyzw[2];
      for (int j = 0; j < d * 3; j++) {
        coefficients[i * k * 3 + 3 + j] = ((sh[i * d * 3 + j] & 0xFF) - 128) / 128f;
      }
    }
    return g;
  }

  /** The uncompressed version-3 stream (header and attributes). */
  static byte[] pack(Gaussians g, String source) {
    int n = g.count();
    if (n > MAX_GAUSSIANS) {
      throw new InvalidInputException(
          Reason.TOO_LARGE,
          source + ": " + n + " Gaussians, more than the " + MAX_GAUSSIANS + " spz allows");
    }
    int k = g.shCoefficients();
    int d = k - 1;
    ByteBuffer b =
        ByteBuffer.allocate(HEADER_BYTES + n * (9 + 1 + 3 + 3 + 4 + d * 3))
            .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC).putInt(VERSION).putInt(n);
    b.put((byte) g.shDegree()).put((byte) FRACTIONAL_BITS).put((byte) 0).put((byte) 0);
    float[] means = g.means();
    double scale = 1 << FRACTIONAL_BITS;
    int limit = 1 << 23;
    for (int i = 0; i < n * 3; i++) {
      double fixed = ByteCodes.roundHalfAway(means[i] * scale);
      if (!(fixed >= -limit && fixed < limit)) {
        throw new InvalidInputException(
            Reason.TOO_LARGE,
            source
                + ": Gaussian "
                + i / 3
                + " lies at "
                + means[i]
                + " m, outside spz's fixed-point range of +-"
                + (limit / scale)
                + " m");
      }
      int v = (int) fixed;
      b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }
    float[] opacity = g.opacityLogits();
    for (int i = 0; i < n; i++) {
      b.put((byte) ByteCodes.opacityByte(opacity[i]));
    }
    float[] sh = g.sh();
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < 3; c++) {
        double code = sh[i * k * 3 + c] * (COLOR_SCALE * 255.0) + 0.5 * 255.0;
        b.put((byte) ByteCodes.clampToByte(code));
      }
    }
    float[] logScales = g.logScales();
    for (int i = 0; i < n * 3; i++) {
      b.put((byte) ByteCodes.clampToByte((logScales[i] + 10.0) * 16.0));
    }
    float[] rotations = g.rotations();
    for (int i = 0; i < n; i++) {
      b.putInt(packSmallestThree(rotations, i * 4));
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d * 3; j++) {
        // Degree-1 coefficients (the first 3 of each channel) keep 5 bits, the rest 4.
        int bucket = j < 9 ? 8 : 16;
        b.put((byte) shCode(sh[i * k * 3 + 3 + j], bucket));
      }
    }
    return b.array();
  }

  /**
   * spz's SH code: {@code q = round(x * 128) + 128}, then snapped to the nearest multiple of {@code
   * bucket} (halves up), clamped to 0..255; 0 stays exactly 128.
   */
  static int shCode(float x, int bucket) {
    double q = ByteCodes.roundHalfAway(x * 128.0) + 128.0;
    if (!(q > 0)) {
      return 0;
    }
    if (q >= 255) {
      return 255;
    }
    int snapped = ((int) q + bucket / 2) / bucket * bucket;
    return Math.min(snapped, 255);
  }

  /**
   * The "smallest three" code of the quaternion at {@code rotations[at]} (w, x, y, z), in spz's (x,
   * y, z, w) component order. The zero quaternion is coded as the identity.
   */
  static int packSmallestThree(float[] rotations, int at) {
    double w = rotations[at];
    double x = rotations[at + 1];
    double y = rotations[at + 2];
    double z = rotations[at + 3];
    double norm = Math.sqrt(w * w + x * x + y * y + z * z);
    if (!(norm > 0)) {
      return 3 << 30;
    }
    double[] q = {x / norm, y / norm, z / norm, w / norm};
    int largest = 0;
    for (int c = 1; c < 4; c++) {
      if (Math.abs(q[c]) > Math.abs(q[largest])) {
        largest = c;
      }
    }
    boolean negate = q[largest] < 0;
    int code = largest;
    for (int c = 0; c < 4; c++) {
      if (c != largest) {
        int sign = (q[c] < 0) != negate ? 1 : 0;
        int magnitude = (int) (MAG_MASK * (Math.abs(q[c]) / SQRT1_2) + 0.5);
        code = code << 10 | sign << 9 | Math.min(magnitude, MAG_MASK);
      }
    }
    return code;
  }

  /** Decodes a "smallest three" code into {@code xyzw} (spz's order). */
  static void unpackSmallestThree(int code, float[] xyzw) {
    int largest = code >>> 30;
    double sumSquares = 0;
    int rest = code;
    for (int c = 3; c >= 0; c--) {
      if (c != largest) {
        int magnitude = rest & MAG_MASK;
        boolean negative = ((rest >>> 9) & 1) == 1;
        rest >>>= 10;
        double v = SQRT1_2 * magnitude / MAG_MASK;
        xyzw[c] = (float) (negative ? -v : v);
        sumSquares += v * v;
      }
    }
    xyzw[largest] = (float) Math.sqrt(Math.max(0.0, 1.0 - sumSquares));
  }

  /** Decodes version 2's three bytes into {@code xyzw}: w = sqrt(1 - |xyz|^2), non-negative. */
  static void unpackFirstThree(byte[] codes, int at, float[] xyzw) {
    double sumSquares = 0;
    for (int c = 0; c < 3; c++) {
      double v = (codes[at + c] & 0xFF) / 127.5 - 1.0;
      xyzw[c] = (float) v;
      sumSquares += v * v;
    }
    xyzw[3] = (float) Math.sqrt(Math.max(0.0, 1.0 - sumSquares));
  }

  private static byte[] section(InputStream in, int bytes, String what, String source)
      throws IOException {
    byte[] data = in.readNBytes(bytes);
    if (data.length < bytes) {
      throw new InvalidInputException(
          Reason.CORRUPT,
          source + ": truncated in the " + what + " (" + data.length + " of " + bytes + " bytes)");
    }
    return data;
  }

  private static int littleEndianInt(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | b[at + 3] << 24;
  }
}
