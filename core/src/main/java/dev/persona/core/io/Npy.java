package dev.persona.core.io;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes NumPy's {@code .npy} format (format versions 1.0, 2.0 and 3.0, as specified in
 * {@code numpy/lib/format.py}): a magic string, a version, a little-endian header length, a header
 * that is a Python dict literal ({@code descr}, {@code fortran_order}, {@code shape}), then the raw
 * elements.
 *
 * <p>Reading accepts the dtypes of {@link NpyArray.DType} in any byte order ({@code <}, {@code >},
 * {@code |}) and C or Fortran order; the result is always C order in native values. Object arrays
 * (pickles), strings, structured and float16 dtypes are refused with {@link Reason#UNSUPPORTED}.
 * Writing produces what {@code np.save} produces for the same array: version 1.0 (2.0 only when the
 * header would not fit), little-endian descriptor, C order, header padded with spaces to a multiple
 * of 64 bytes.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /**
   * Longest header accepted. NumPy itself refuses headers over 10,000 bytes by default; a header
   * this library can use never needs more than a few hundred.
   */
  static final int MAX_HEADER_BYTES = 65_536;

  /**
   * Header alignment of {@code np.save} ({@code ARRAY_ALIGN}), so the data can be memory-mapped.
   */
  private static final int ARRAY_ALIGN = 64;

  /**
   * Spare header spaces {@code np.save} leaves so the first extent can grow in place ({@code
   * GROWTH_AXIS_MAX_DIGITS}); written too so our files are byte-identical to NumPy's.
   */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  private Npy() {}

  /**
   * Reads one array from {@code in}, leaving the stream just after its last element (the stream is
   * not closed).
   *
   * @param maxBytes the most element bytes (elements times item size) to accept; larger arrays are
   *     refused from the header, before anything is allocated
   * @throws InvalidInputException WRONG_FORMAT when the magic is not NumPy's; MALFORMED for a
   *     header that cannot be parsed or has a negative extent; UNSUPPORTED for a format version or
   *     dtype outside those above; TOO_LARGE for a header or array over the limits; CORRUPT when
   *     the stream ends before the header says it should
   */
  public static NpyArray read(InputStream in, long maxBytes) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new InvalidInputException(
          Reason.WRONG_FORMAT, "not a NumPy .npy array: it does not start with \\x93NUMPY");
    }
    byte[] version = readFully(in, 2, "the format version");
    int major = version[0] & 0xFF;
    int minor = version[1] & 0xFF;
    long headerLength;
    if (major == 1) {
      byte[] len = readFully(in, 2, "the header length");
      headerLength = (len[0] & 0xFF) | (len[1] & 0xFF) << 8;
    } else if (major == 2 || major == 3) {
      byte[] len = readFully(in, 4, "the header length");
      headerLength =
          (len[0] & 0xFFL)
              | (len[1] & 0xFFL) << 8
              | (len[2] & 0xFFL) << 16
              | (len[3] & 0xFFL) << 24;
    } else {
      throw new InvalidInputException(
          Reason.UNSUPPORTED,
          ".npy format version " + major + "." + minor + " is not supported (1.0 to 3.0 are)");
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw new InvalidInputException(
          Reason.TOO_LARGE,
          ".npy header of " + headerLength + " bytes exceeds the limit of " + MAX_HEADER_BYTES);
    }
    byte[] headerBytes = readFully(in, (int) headerLength, "the header");
    // Versions 1 and 2 encode the header in latin-1, version 3 in UTF-8 (format.py).
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Header h = Header.parse(header);

    long count = NpyArray.elementCountOrMinusOne(h.shape);
    long limit = Math.min(maxBytes, NpyArray.MAX_DATA_BYTES);
    if (count < 0 || count > limit / h.dtype.itemSize()) {
      throw new InvalidInputException(
          Reason.TOO_LARGE,
          ".npy array of shape "
              + Arrays.toString(h.shape)
              + " and dtype "
              + h.dtype
              + " exceeds the limit of "
              + limit
              + " bytes");
    }
    int[] shape = new int[h.shape.length];
    for (int i = 0; i < shape.length; i++) {
      if (h.shape[i] > Integer.MAX_VALUE) {
        throw new InvalidInputException(
            Reason.TOO_LARGE, ".npy extent " + h.shape[i] + " does not fit in an int");
      }
      shape[i] = (int) h.shape[i];
    }
    int byteCount = (int) (count * h.dtype.itemSize());
    // readNBytes allocates as bytes arrive, so a header that promises more than the stream holds
    // costs only what is really there before it is caught here.
    byte[] data = in.readNBytes(byteCount);
    if (data.length < byteCount) {
      throw new InvalidInputException(
          Reason.CORRUPT,
          ".npy data truncated: the header promises "
              + byteCount
              + " bytes, only "
              + data.length
              + " are present");
    }
    if (h.bigEndian && h.dtype.itemSize() > 1) {
      swapBytes(data, h.dtype.itemSize());
    }
    if (h.fortranOrder && shape.length > 1) {
      data = fortranToC(data, shape, h.dtype.itemSize());
    }
    return new NpyArray(h.dtype, shape, data);
  }

  /** Writes {@code a} as {@code np.save} would (see the class doc); the stream is not closed. */
  public static void write(OutputStream out, NpyArray a) throws IOException {
    out.write(headerFor(a));
    out.write(a.littleEndianBytes());
  }

  /** Magic, version, length and padded header of {@code a}, byte-identical to {@code np.save}. */
  static byte[] headerFor(NpyArray a) {
    int[] shape = a.shape();
    StringBuilder dict = new StringBuilder(128);
    dict.append("{'descr': '")
        .append(a.dtype().littleEndianDescr())
        .append("', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        dict.append(", ");
      }
      dict.append(shape[i]);
    }
    // Python's repr of a one-element tuple keeps the trailing comma: (3,).
    dict.append(shape.length == 1 ? ",), }" : "), }");
    if (shape.length > 0) {
      dict.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
    }
    byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
    int withNewline = text.length + 1;
    int major = 1;
    int prefix = MAGIC.length + 2 + 2;
    int padding = ARRAY_ALIGN - (prefix + withNewline) % ARRAY_ALIGN;
    if (withNewline + padding > 0xFFFF) {
      major = 2;
      prefix = MAGIC.length + 2 + 4;
      padding = ARRAY_ALIGN - (prefix + withNewline) % ARRAY_ALIGN;
    }
    int headerLength = withNewline + padding;
    byte[] out = new byte[prefix + headerLength];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[6] = (byte) major;
    out[7] = 0;
    int p = 8;
    for (int i = 0; i < (major == 1 ? 2 : 4); i++) {
      out[p++] = (byte) (headerLength >>> (8 * i));
    }
    System.arraycopy(text, 0, out, p, text.length);
    Arrays.fill(out, p + text.length, out.length - 1, (byte) ' ');
    out[out.length - 1] = '\n';
    return out;
  }

  private static byte[] readFully(InputStream in, int n, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new InvalidInputException(
          Reason.CORRUPT, ".npy file truncated in " + what + " (" + b.length + " of " + n + ")");
    }
    return b;
  }

  private static void swapBytes(byte[] data, int itemSize) {
    for (int base = 0; base < data.length; base += itemSize) {
      for (int i = 0, j = itemSize - 1; i < j; i++, j--) {
        byte t = data[base + i];
        data[base + i] = data[base + j];
        data[base + j] = t;
      }
    }
  }

  /**
   * Reorders elements stored in Fortran order (first index fastest) into C order (last index
   * fastest). Walks the source sequentially with a multi-index counter and keeps the destination
   * offset up to date incrementally, so there is no division per element.
   */
  static byte[] fortranToC(byte[] src, int[] shape, int itemSize) {
    int n = src.length / itemSize;
    byte[] dst = new byte[src.length];
    if (n == 0) {
      return dst;
    }
    int dims = shape.length;
    long[] cStride = new long[dims];
    long s = 1;
    for (int d = dims - 1; d >= 0; d--) {
      cStride[d] = s;
      s *= shape[d];
    }
    int[] index = new int[dims];
    long cOffset = 0;
    for (int f = 0; f < n; f++) {
      System.arraycopy(src, f * itemSize, dst, (int) (cOffset * itemSize), itemSize);
      for (int d = 0; d < dims; d++) {
        if (++index[d] < shape[d]) {
          cOffset += cStride[d];
          break;
        }
        index[d] = 0;
        cOffset -= cStride[d] * (shape[d] - 1);
      }
    }
    return dst;
  }

  /** The parsed header dict. */
  private static final class Header {
    final NpyArray.DType dtype;
    final boolean bigEndian;
    final boolean fortranOrder;
    final long[] shape;

    private Header(NpyArray.DType dtype, boolean bigEndian, boolean fortranOrder, long[] shape) {
      this.dtype = dtype;
      this.bigEndian = bigEndian;
      this.fortranOrder = fortranOrder;
      this.shape = shape;
    }

    static Header parse(String text) {
      Object parsed;
      try {
        parsed = new PyLiteralParser(text).parseTopLevel();
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            Reason.MALFORMED, ".npy header is not a valid dict literal: " + e.getMessage(), e);
      }
      if (!(parsed instanceof Map<?, ?> dict)) {
        throw new InvalidInputException(Reason.MALFORMED, ".npy header is not a dict: " + text);
      }
      Object descr = dict.get("descr");
      Object fortran = dict.get("fortran_order");
      Object shapeValue = dict.get("shape");
      if (descr == null || fortran == null || shapeValue == null) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            ".npy header lacks one of 'descr', 'fortran_order', 'shape': " + text.strip());
      }
      if (!(fortran instanceof Boolean fortranOrder)) {
        throw new InvalidInputException(
            Reason.MALFORMED, ".npy header 'fortran_order' is not True or False: " + fortran);
      }
      if (!(shapeValue instanceof List<?> extents)) {
        throw new InvalidInputException(
            Reason.MALFORMED, ".npy header 'shape' is not a tuple: " + shapeValue);
      }
      long[] shape = new long[extents.size()];
      for (int i = 0; i < shape.length; i++) {
        if (!(extents.get(i) instanceof Long extent)) {
          throw new InvalidInputException(
              Reason.MALFORMED, ".npy header 'shape' holds a non-integer: " + shapeValue);
        }
        if (extent < 0) {
          throw new InvalidInputException(
              Reason.MALFORMED, ".npy header 'shape' has a negative extent: " + shapeValue);
        }
        shape[i] = extent;
      }
      if (!(descr instanceof String d)) {
        throw new InvalidInputException(
            Reason.UNSUPPORTED, ".npy structured dtype " + descr + " is not supported");
      }
      if (d.length() < 2) {
        throw new InvalidInputException(Reason.MALFORMED, ".npy dtype '" + d + "' is malformed");
      }
      char order = d.charAt(0);
      String code = d.substring(1);
      if (code.startsWith("O")) {
        throw new InvalidInputException(
            Reason.UNSUPPORTED,
            ".npy object array (dtype '" + d + "', a Python pickle) is not supported");
      }
      NpyArray.DType dtype = NpyArray.DType.ofCode(code);
      if (order != '<' && order != '>' && order != '|') {
        throw new InvalidInputException(
            Reason.UNSUPPORTED, ".npy dtype '" + d + "' has no explicit byte order (<, > or |)");
      }
      if (dtype == null) {
        throw new InvalidInputException(
            Reason.UNSUPPORTED,
            ".npy dtype '"
                + d
                + "' is not supported (bool, int8..64, uint8..64, float32, float64 are)");
      }
      if (order == '|' && dtype.itemSize() > 1) {
        throw new InvalidInputException(
            Reason.MALFORMED, ".npy dtype '" + d + "' needs a byte order");
      }
      return new Header(dtype, order == '>', fortranOrder, shape);
    }
  }
}
