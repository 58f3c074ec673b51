package dev.persona.core.io;

import dev.persona.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An n-dimensional NumPy array held in memory: a dtype, a shape, and the elements in C order (last
 * index fastest), whatever order and byte order the file used. Immutable: factories copy their
 * input, accessors return fresh arrays.
 *
 * <p>A 0-d array (a NumPy scalar saved with {@code np.save}) has shape {@code []} and size 1. A
 * shape with a zero extent has size 0.
 *
 * <p>Elements are kept as little-endian bytes so that every dtype, unsigned ones included, is held
 * exactly; the {@code to*} methods convert to the Java type the caller wants.
 */
public final class NpyArray {

  /** Element types this library reads and writes (NumPy's {@code b1 i1 u1 ... f4 f8}). */
  public enum DType {
    BOOL(1, "b1"),
    INT8(1, "i1"),
    UINT8(1, "u1"),
    INT16(2, "i2"),
    UINT16(2, "u2"),
    INT32(4, "i4"),
    UINT32(4, "u4"),
    INT64(8, "i8"),
    UINT64(8, "u8"),
    FLOAT32(4, "f4"),
    FLOAT64(8, "f8");

    private final int itemSize;
    private final String code;

    DType(int itemSize, String code) {
      this.itemSize = itemSize;
      this.code = code;
    }

    /** Bytes per element. */
    public int itemSize() {
      return itemSize;
    }

    /** NumPy's type code without the byte-order character, e.g. {@code "f4"}. */
    String code() {
      return code;
    }

    /** NumPy's little-endian descriptor as {@code np.save} writes it, e.g. {@code "<f4"}. */
    String littleEndianDescr() {
      return (itemSize == 1 ? "|" : "<") + code;
    }

    boolean isInteger() {
      return this != FLOAT32 && this != FLOAT64;
    }

    /** The dtype for a NumPy type code such as {@code "f8"}, or null when unknown. */
    static DType ofCode(String code) {
      for (DType t : values()) {
        if (t.code.equals(code)) {
          return t;
        }
      }
      return null;
    }
  }

  /** Largest element buffer: Java arrays are indexed by int. */
  static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

  private final DType dtype;
  private final int[] shape;
  private final int size;
  // Elements in C order, little-endian, size * dtype.itemSize() bytes. Never exposed.
  private final byte[] data;

  /** Takes ownership of {@code littleEndianData} (not copied); {@code shape} is copied. */
  NpyArray(DType dtype, int[] shape, byte[] littleEndianData) {
    this.dtype = dtype;
    this.shape = shape.clone();
    long n = elementCount(this.shape);
    if (n * dtype.itemSize() != littleEndianData.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " of "
              + dtype
              + " needs "
              + n * dtype.itemSize()
              + " bytes, got "
              + littleEndianData.length);
    }
    this.size = (int) n;
    this.data = littleEndianData;
  }

  /**
   * Number of elements for {@code shape}, or {@code -1} when it overflows a long or an extent is
   * negative. An empty shape (0-d) has one element.
   */
  static long elementCountOrMinusOne(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        return -1;
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return n;
  }

  private static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
      }
      n *= d;
      if (n > MAX_DATA_BYTES) {
        throw new IllegalArgumentException("shape too large: " + Arrays.toString(shape));
      }
    }
    return n;
  }

  /** A zeroed little-endian element buffer for {@code count} items of {@code shape}. */
  private static byte[] allocate(int count, int itemSize, int[] shape) {
    long n = elementCount(shape);
    if (n != count) {
      throw new IllegalArgumentException(
          "data has "
              + count
              + " elements but shape "
              + Arrays.toString(shape)
              + " needs "
              + n
              + " (a 0-d array has shape [] and one element)");
    }
    if (n * itemSize > MAX_DATA_BYTES) {
      throw new IllegalArgumentException("array too large: " + Arrays.toString(shape));
    }
    return new byte[count * itemSize];
  }

  /**
   * A float32 array. {@code data} is in C order; the product of {@code shape} must equal its length
   * (no shape at all means a 0-d array of one element).
   */
  public static NpyArray ofFloats(float[] data, int... shape) {
    byte[] b = allocate(data.length, 4, shape);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data);
    return new NpyArray(DType.FLOAT32, shape, b);
  }

  /** A float64 array; see {@link #ofFloats} for the shape rule. */
  public static NpyArray ofDoubles(double[] data, int... shape) {
    byte[] b = allocate(data.length, 8, shape);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(data);
    return new NpyArray(DType.FLOAT64, shape, b);
  }

  /** An int32 array; see {@link #ofFloats} for the shape rule. */
  public static NpyArray ofInts(int[] data, int... shape) {
    byte[] b = allocate(data.length, 4, shape);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(data);
    return new NpyArray(DType.INT32, shape, b);
  }

  /** An int64 array; see {@link #ofFloats} for the shape rule. */
  public static NpyArray ofLongs(long[] data, int... shape) {
    byte[] b = allocate(data.length, 8, shape);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(data);
    return new NpyArray(DType.INT64, shape, b);
  }

  /** A uint8 array (bytes read as 0..255); see {@link #ofFloats} for the shape rule. */
  public static NpyArray ofBytes(byte[] data, int... shape) {
    byte[] b = allocate(data.length, 1, shape);
    System.arraycopy(data, 0, b, 0, data.length);
    return new NpyArray(DType.UINT8, shape, b);
  }

  public DType dtype() {
    return dtype;
  }

  /** The extents, outermost first (a copy); {@code []} for a 0-d array. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements: the product of the shape, 1 for a 0-d array. */
  public int size() {
    return size;
  }

  /** The raw little-endian C-order element bytes (not a copy), for writing. */
  byte[] littleEndianBytes() {
    return data;
  }

  private ByteBuffer buffer() {
    return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The elements as float32 in C order, from any dtype (bool reads as 0 or 1; float64 and wide
   * integers round to the nearest float).
   */
  public float[] toFloats() {
    float[] out = new float[size];
    ByteBuffer b = buffer();
    switch (dtype) {
      case FLOAT32 -> b.asFloatBuffer().get(out);
      case FLOAT64 -> {
        for (int i = 0; i < size; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      case UINT64 -> {
        for (int i = 0; i < size; i++) {
          out[i] = (float) unsignedLongToDouble(b.getLong(i * 8));
        }
      }
      default -> {
        for (int i = 0; i < size; i++) {
          out[i] = (float) integerAt(b, i, "float32");
        }
      }
    }
    return out;
  }

  /** The elements as float64 in C order, from any dtype (bool reads as 0 or 1). */
  public double[] toDoubles() {
    double[] out = new double[size];
    ByteBuffer b = buffer();
    switch (dtype) {
      case FLOAT64 -> b.asDoubleBuffer().get(out);
      case FLOAT32 -> {
        for (int i = 0; i < size; i++) {
          out[i] = b.getFloat(i * 4);
        }
      }
      case UINT64 -> {
        for (int i = 0; i < size; i++) {
          out[i] = unsignedLongToDouble(b.getLong(i * 8));
        }
      }
      default -> {
        for (int i = 0; i < size; i++) {
          out[i] = integerAt(b, i, "float64");
        }
      }
    }
    return out;
  }

  /**
   * The elements as int32 in C order, from an integer or bool dtype. The all-ones value of uint32
   * and uint64 ({@code 0xFFFFFFFF}, as SMPL-X's {@code kintree_table} marks the root's parent in
   * some files) maps to {@code -1}, as int64 {@code -1} does in others.
   *
   * @throws InvalidInputException MALFORMED for a float dtype or a value outside the int range
   */
  public int[] toInts() {
    requireInteger("int32");
    int[] out = new int[size];
    ByteBuffer b = buffer();
    if (dtype == DType.INT32) {
      b.asIntBuffer().get(out);
      return out;
    }
    for (int i = 0; i < size; i++) {
      long v = integerAt(b, i, "int32");
      if (v != (int) v) {
        if (dtype == DType.UINT32 && v == 0xFFFFFFFFL) {
          v = -1;
        } else {
          throw outOfRange(i, v, "int32");
        }
      }
      out[i] = (int) v;
    }
    return out;
  }

  /**
   * The elements as int64 in C order, from an integer or bool dtype. uint32 values are read
   * unsigned, except that, as in {@link #toInts}, the all-ones uint32 and uint64 values map to
   * {@code -1}.
   *
   * @throws InvalidInputException MALFORMED for a float dtype or a uint64 value above {@code
   *     Long.MAX_VALUE} other than all ones
   */
  public long[] toLongs() {
    requireInteger("int64");
    long[] out = new long[size];
    ByteBuffer b = buffer();
    if (dtype == DType.INT64) {
      b.asLongBuffer().get(out);
      return out;
    }
    for (int i = 0; i < size; i++) {
      long v = integerAt(b, i, "int64");
      if (dtype == DType.UINT32 && v == 0xFFFFFFFFL) {
        v = -1;
      }
      out[i] = v;
    }
    return out;
  }

  private void requireInteger(String target) {
    if (!dtype.isInteger()) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED,
          "array "
              + Arrays.toString(shape)
              + " is "
              + dtype
              + ", expected an integer for "
              + target);
    }
  }

  private InvalidInputException outOfRange(int index, long value, String target) {
    String shown = dtype == DType.UINT64 ? Long.toUnsignedString(value) : Long.toString(value);
    return new InvalidInputException(
        InvalidInputException.Reason.MALFORMED,
        dtype + " value " + shown + " at flat index " + index + " does not fit in " + target);
  }

  /**
   * Element {@code i} of an integer or bool dtype as a long. uint64 values above {@code
   * Long.MAX_VALUE} are refused, except all ones, which is {@code -1} as a long anyway.
   */
  private long integerAt(ByteBuffer b, int i, String target) {
    return switch (dtype) {
      case BOOL -> b.get(i) != 0 ? 1 : 0;
      case INT8 -> b.get(i);
      case UINT8 -> b.get(i) & 0xFF;
      case INT16 -> b.getShort(i * 2);
      case UINT16 -> b.getShort(i * 2) & 0xFFFF;
      case INT32 -> b.getInt(i * 4);
      case UINT32 -> b.getInt(i * 4) & 0xFFFFFFFFL;
      case INT64 -> b.getLong(i * 8);
      case UINT64 -> {
        long v = b.getLong(i * 8);
        if (v < -1) {
          throw outOfRange(i, v, target);
        }
        yield v;
      }
      case FLOAT32, FLOAT64 -> throw new IllegalStateException("not an integer dtype: " + dtype);
    };
  }

  private static double unsignedLongToDouble(long v) {
    double d = (double) (v >>> 1) * 2.0;
    return d + (v & 1);
  }

  @Override
  public String toString() {
    return "NpyArray[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}
