package dev.persona.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.NpyArray.DType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The {@code .npy} reader against byte fixtures built here the way {@code np.save} lays them out
 * (magic, version, little-endian header length, dict padded with spaces and a newline to a multiple
 * of 64 bytes), and the writer against the exact bytes NumPy 1.24 produced for the same arrays.
 */
class NpyTest {
  private static final long LIMIT = 1L << 30;

  /** A .npy file: header {@code dict} padded as format.py's {@code _wrap_header} does. */
  static byte[] npy(int major, String dict, byte[] data) {
    byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    int lengthBytes = major == 1 ? 2 : 4;
    int prefix = 6 + 2 + lengthBytes;
    int hlen = text.length + 1;
    int pad = 64 - (prefix + hlen) % 64;
    ByteBuffer b =
        ByteBuffer.allocate(prefix + hlen + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      b.putShort((short) (hlen + pad));
    } else {
      b.putInt(hlen + pad);
    }
    b.put(text);
    for (int i = 0; i < pad; i++) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    b.put(data);
    return b.array();
  }

  static byte[] npy(String dict, byte[] data) {
    return npy(1, dict, data);
  }

  static String dict(String descr, boolean fortran, String shape) {
    return "{'descr': '"
        + descr
        + "', 'fortran_order': "
        + (fortran ? "True" : "False")
        + ", 'shape': "
        + shape
        + ", }";
  }

  static NpyArray read(byte[] file) throws IOException {
    return Npy.read(new ByteArrayInputStream(file), LIMIT);
  }

  private static ByteBuffer buf(int bytes, boolean bigEndian) {
    return ByteBuffer.allocate(bytes)
        .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  private static InvalidInputException refused(byte[] file) {
    return assertThrows(InvalidInputException.class, () -> read(file));
  }

  @Test
  void readsEveryDtypeInBothByteOrders() throws IOException {
    for (boolean big : new boolean[] {false, true}) {
      String o = big ? ">" : "<";
      // Each case: the values -3, 0, 7 (or their unsigned/bool counterparts) in that dtype.
      NpyArray i2 =
          read(
              npy(
                  dict(o + "i2", false, "(3,)"),
                  buf(6, big)
                      .putShort((short) -3)
                      .putShort((short) 0)
                      .putShort((short) 7)
                      .array()));
      assertEquals(DType.INT16, i2.dtype());
      assertArrayEquals(new int[] {-3, 0, 7}, i2.toInts());

      NpyArray u2 =
          read(
              npy(
                  dict(o + "u2", false, "(2,)"),
                  buf(4, big).putShort((short) 0xFFFE).putShort((short) 5).array()));
      assertEquals(DType.UINT16, u2.dtype());
      assertArrayEquals(new int[] {65534, 5}, u2.toInts());

      NpyArray i4 =
          read(
              npy(
                  dict(o + "i4", false, "(3,)"),
                  buf(12, big).putInt(-3).putInt(0).putInt(7).array()));
      assertEquals(DType.INT32, i4.dtype());
      assertArrayEquals(new int[] {-3, 0, 7}, i4.toInts());

      NpyArray u4 =
          read(
              npy(dict(o + "u4", false, "(2,)"), buf(8, big).putInt(0x80000001).putInt(9).array()));
      assertEquals(DType.UINT32, u4.dtype());
      assertArrayEquals(new long[] {0x80000001L, 9}, u4.toLongs());

      NpyArray i8 =
          read(
              npy(
                  dict(o + "i8", false, "(3,)"),
                  buf(24, big).putLong(-3).putLong(1L << 40).putLong(7).array()));
      assertEquals(DType.INT64, i8.dtype());
      assertArrayEquals(new long[] {-3, 1L << 40, 7}, i8.toLongs());

      NpyArray u8 =
          read(
              npy(
                  dict(o + "u8", false, "(2,)"),
                  buf(16, big).putLong(1L << 62).putLong(2).array()));
      assertEquals(DType.UINT64, u8.dtype());
      assertArrayEquals(new long[] {1L << 62, 2}, u8.toLongs());

      NpyArray f4 =
          read(
              npy(
                  dict(o + "f4", false, "(3,)"),
                  buf(12, big).putFloat(-1.5f).putFloat(0.1f).putFloat(1e30f).array()));
      assertEquals(DType.FLOAT32, f4.dtype());
      assertArrayEquals(new float[] {-1.5f, 0.1f, 1e30f}, f4.toFloats());

      NpyArray f8 =
          read(
              npy(
                  dict(o + "f8", false, "(3,)"),
                  buf(24, big).putDouble(-1.5).putDouble(0.1).putDouble(1e300).array()));
      assertEquals(DType.FLOAT64, f8.dtype());
      assertArrayEquals(new double[] {-1.5, 0.1, 1e300}, f8.toDoubles());
    }
    NpyArray b1 = read(npy(dict("|b1", false, "(3,)"), new byte[] {1, 0, 1}));
    assertEquals(DType.BOOL, b1.dtype());
    assertArrayEquals(new int[] {1, 0, 1}, b1.toInts());
    assertArrayEquals(new float[] {1, 0, 1}, b1.toFloats());

    NpyArray i1 = read(npy(dict("|i1", false, "(2,)"), new byte[] {-128, 127}));
    assertEquals(DType.INT8, i1.dtype());
    assertArrayEquals(new int[] {-128, 127}, i1.toInts());

    NpyArray u1 = read(npy(dict("|u1", false, "(2,)"), new byte[] {(byte) 200, 3}));
    assertEquals(DType.UINT8, u1.dtype());
    assertArrayEquals(new int[] {200, 3}, u1.toInts());
    assertArrayEquals(new double[] {200, 3}, u1.toDoubles());
  }

  @Test
  void convertsBetweenNumericTypes() throws IOException {
    NpyArray f8 =
        read(npy(dict("<f8", false, "(2,)"), buf(16, false).putDouble(0.1).putDouble(-2).array()));
    assertArrayEquals(new float[] {0.1f, -2f}, f8.toFloats());
    NpyArray i8 =
        read(npy(dict("<i8", false, "(2,)"), buf(16, false).putLong(-5).putLong(1L << 33).array()));
    assertArrayEquals(new double[] {-5, 8589934592.0}, i8.toDoubles());
    // 2^64 - 2 as uint64: converted as an unsigned value, not as the long -2.
    NpyArray u8 = read(npy(dict("<u8", false, "(1,)"), buf(8, false).putLong(-2L).array()));
    // 2^64 - 2 is not a double; its nearest double is 2^64 (tolerance: one ulp there, 4096).
    assertEquals(Math.pow(2, 64), u8.toDoubles()[0], 4096.0);
  }

  @Test
  void fortranOrderIsTransposedToCOrder() throws IOException {
    // A (2, 3) int16 array [[0, 1, 2], [10, 11, 12]] stored column by column, big-endian, as
    // np.save writes np.asfortranarray(a.astype('>i2')).
    ByteBuffer col = buf(12, true);
    for (short v : new short[] {0, 10, 1, 11, 2, 12}) {
      col.putShort(v);
    }
    NpyArray a = read(npy(dict(">i2", true, "(2, 3)"), bytes(col)));
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(new int[] {0, 1, 2, 10, 11, 12}, a.toInts());

    // (2, 3, 4): element (i, j, k) has value 100 i + 10 j + k; Fortran order puts i fastest.
    ByteBuffer f = buf(24 * 4, false);
    for (int k = 0; k < 4; k++) {
      for (int j = 0; j < 3; j++) {
        for (int i = 0; i < 2; i++) {
          f.putFloat(100 * i + 10 * j + k);
        }
      }
    }
    float[] c = read(npy(dict("<f4", true, "(2, 3, 4)"), bytes(f))).toFloats();
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          assertEquals(100 * i + 10 * j + k, c[(i * 3 + j) * 4 + k]);
        }
      }
    }
  }

  @Test
  void zeroDimensionalAndEmptyArrays() throws IOException {
    NpyArray scalar = read(npy(dict("<f8", false, "()"), buf(8, false).putDouble(2.5).array()));
    assertArrayEquals(new int[0], scalar.shape());
    assertEquals(1, scalar.size());
    assertArrayEquals(new double[] {2.5}, scalar.toDoubles());

    NpyArray empty = read(npy(dict("<f4", false, "(0, 3)"), new byte[0]));
    assertArrayEquals(new int[] {0, 3}, empty.shape());
    assertEquals(0, empty.size());
  }

  @Test
  void readsFormatVersionsTwoAndThreeAndPython2Headers() throws IOException {
    byte[] data = buf(8, false).putInt(4).putInt(-1).array();
    assertArrayEquals(new int[] {4, -1}, read(npy(2, dict("<i4", false, "(2,)"), data)).toInts());
    assertArrayEquals(new int[] {4, -1}, read(npy(3, dict("<i4", false, "(2,)"), data)).toInts());
    // Python 2's numpy wrote long extents with an L suffix (handled by format.py's _filter_header).
    NpyArray py2 = read(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (1L, 2L), }", data));
    assertArrayEquals(new int[] {1, 2}, py2.shape());
    // Key order and spacing are not fixed by the format.
    NpyArray reordered =
        read(npy("{\"shape\":(2,),\"fortran_order\":False,\"descr\":\"<i4\"}", data));
    assertArrayEquals(new int[] {4, -1}, reordered.toInts());
  }

  @Test
  void toIntsMapsTheSmplxRootMarkerToMinusOne() throws IOException {
    // kintree_table parents: uint32 0xFFFFFFFF in some SMPL-X files, int64 -1 in others.
    NpyArray u4 =
        read(
            npy(
                dict("<u4", false, "(3,)"),
                buf(12, false).putInt(0xFFFFFFFF).putInt(0).putInt(1).array()));
    assertArrayEquals(new int[] {-1, 0, 1}, u4.toInts());
    assertArrayEquals(new long[] {-1, 0, 1}, u4.toLongs());
    NpyArray i8 =
        read(
            npy(
                dict("<i8", false, "(3,)"),
                buf(24, false).putLong(-1).putLong(0).putLong(1).array()));
    assertArrayEquals(new int[] {-1, 0, 1}, i8.toInts());
    NpyArray u8 = read(npy(dict("<u8", false, "(1,)"), buf(8, false).putLong(-1L).array()));
    assertArrayEquals(new int[] {-1}, u8.toInts());

    NpyArray big = read(npy(dict("<i8", false, "(1,)"), buf(8, false).putLong(1L << 40).array()));
    assertEquals(Reason.MALFORMED, assertThrows(InvalidInputException.class, big::toInts).reason());
    NpyArray u4Big =
        read(npy(dict("<u4", false, "(1,)"), buf(4, false).putInt(0x80000000).array()));
    assertEquals(
        Reason.MALFORMED, assertThrows(InvalidInputException.class, u4Big::toInts).reason());
    NpyArray u8Big = read(npy(dict("<u8", false, "(1,)"), buf(8, false).putLong(-2L).array()));
    assertEquals(
        Reason.MALFORMED, assertThrows(InvalidInputException.class, u8Big::toLongs).reason());
    NpyArray floats = NpyArray.ofFloats(new float[] {1}, 1);
    assertEquals(
        Reason.MALFORMED, assertThrows(InvalidInputException.class, floats::toInts).reason());
  }

  @Test
  void writesExactlyWhatNumpyWrites() throws IOException {
    // Bytes of np.save(f, np.arange(12, dtype='<f4').reshape(3, 4)) with NumPy 1.24: the dict, 21
    // minus len('3') growth spaces, padding to 128 bytes, newline.
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
    byte[] expectedHeader = new byte[128];
    Arrays.fill(expectedHeader, (byte) ' ');
    System.arraycopy(
        new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x76, 0}, 0, expectedHeader, 0, 10);
    System.arraycopy(
        header.getBytes(StandardCharsets.US_ASCII), 0, expectedHeader, 10, header.length());
    expectedHeader[127] = '\n';
    float[] values = new float[12];
    for (int i = 0; i < 12; i++) {
      values[i] = i;
    }
    byte[] written = write(NpyArray.ofFloats(values, 3, 4));
    assertEquals(128 + 48, written.length);
    assertArrayEquals(expectedHeader, Arrays.copyOf(written, 128));
    assertEquals(
        5f, ByteBuffer.wrap(written, 128 + 20, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());

    // np.save of np.array(5.0): shape () gets no growth spaces; file is 136 bytes. Of
    // np.arange(3, dtype=np.uint8): '|u1', shape (3,), 131 bytes.
    byte[] scalar = write(NpyArray.ofDoubles(new double[] {5}));
    assertEquals(136, scalar.length);
    assertTrue(
        new String(scalar, 10, 118, StandardCharsets.US_ASCII)
            .startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (), }     "));
    byte[] bytes = write(NpyArray.ofBytes(new byte[] {0, 1, 2}, 3));
    assertEquals(131, bytes.length);
    assertTrue(
        new String(bytes, 10, 118, StandardCharsets.US_ASCII)
            .startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }  "));
  }

  private static byte[] write(NpyArray a) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(out, a);
    return out.toByteArray();
  }

  @Test
  void roundTripsEveryFactory() throws IOException {
    NpyArray f = read(write(NpyArray.ofFloats(new float[] {1.5f, -0f, Float.NaN, 3}, 2, 1, 2)));
    assertEquals(DType.FLOAT32, f.dtype());
    assertArrayEquals(new int[] {2, 1, 2}, f.shape());
    assertArrayEquals(new float[] {1.5f, -0f, Float.NaN, 3}, f.toFloats());

    NpyArray d = read(write(NpyArray.ofDoubles(new double[] {Math.PI, -1e-300}, 2)));
    assertArrayEquals(new double[] {Math.PI, -1e-300}, d.toDoubles());
    NpyArray i = read(write(NpyArray.ofInts(new int[] {Integer.MIN_VALUE, 7}, 2)));
    assertEquals(DType.INT32, i.dtype());
    assertArrayEquals(new int[] {Integer.MIN_VALUE, 7}, i.toInts());
    NpyArray l = read(write(NpyArray.ofLongs(new long[] {Long.MAX_VALUE, -1}, 1, 2)));
    assertEquals(DType.INT64, l.dtype());
    assertArrayEquals(new long[] {Long.MAX_VALUE, -1}, l.toLongs());
    NpyArray b = read(write(NpyArray.ofBytes(new byte[] {(byte) 255, 0}, 2)));
    assertArrayEquals(new int[] {255, 0}, b.toInts());
  }

  @Test
  void factoriesCheckTheShape() {
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(new float[3], 2, 2));
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofFloats(new float[3]));
    assertThrows(IllegalArgumentException.class, () -> NpyArray.ofInts(new int[0], -1));
    // Inputs are copied: changing the source afterwards does not change the array.
    float[] src = {1, 2};
    NpyArray a = NpyArray.ofFloats(src, 2);
    src[0] = 9;
    assertArrayEquals(new float[] {1, 2}, a.toFloats());
  }

  @Test
  void refusesMaliciousOrBrokenHeaders() {
    assertEquals(
        Reason.WRONG_FORMAT,
        refused("PK\3\4 not numpy".getBytes(StandardCharsets.ISO_8859_1)).reason());
    assertEquals(Reason.WRONG_FORMAT, refused(new byte[0]).reason());
    // A shape whose product is 10^15 elements: refused from the header, nothing allocated.
    assertEquals(
        Reason.TOO_LARGE,
        refused(npy(dict("<f4", false, "(100000, 100000, 100000)"), new byte[0])).reason());
    // A product that overflows a long.
    assertEquals(
        Reason.TOO_LARGE,
        refused(npy(dict("<f8", false, "(4294967296, 4294967296)"), new byte[0])).reason());
    assertEquals(
        Reason.MALFORMED, refused(npy(dict("<f4", false, "(-1, 3)"), new byte[0])).reason());
    assertEquals(
        Reason.MALFORMED, refused(npy(dict("<f4", false, "(1.5,)"), new byte[0])).reason());
    assertEquals(
        Reason.MALFORMED, refused(npy("{'descr': '<f4', 'shape': (1,)}", new byte[4])).reason());
    assertEquals(
        Reason.MALFORMED,
        refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,", new byte[4]))
            .reason());
    assertEquals(Reason.MALFORMED, refused(npy("(".repeat(5000), new byte[0])).reason());
    assertEquals(
        Reason.UNSUPPORTED, refused(npy(dict("|O", false, "(2,)"), new byte[16])).reason());
    assertEquals(
        Reason.UNSUPPORTED, refused(npy(dict("<f2", false, "(2,)"), new byte[4])).reason());
    assertEquals(
        Reason.UNSUPPORTED, refused(npy(dict("<U5", false, "(1,)"), new byte[20])).reason());
    assertEquals(
        Reason.UNSUPPORTED,
        refused(
                npy(
                    "{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                    new byte[4]))
            .reason());
    // Version 4 does not exist.
    byte[] v4 = npy(dict("<f4", false, "(1,)"), new byte[4]);
    v4[6] = 4;
    assertEquals(Reason.UNSUPPORTED, refused(v4).reason());
    // Version 2 header claiming 4 GiB of header text.
    byte[] hugeHeader = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, -1, -1, -1, -1};
    assertEquals(Reason.TOO_LARGE, refused(hugeHeader).reason());
  }

  @Test
  void truncatedFilesAreCorrupt() {
    byte[] whole = npy(dict("<f8", false, "(4,)"), new byte[32]);
    assertEquals(Reason.CORRUPT, refused(Arrays.copyOf(whole, whole.length - 1)).reason());
    assertEquals(Reason.CORRUPT, refused(Arrays.copyOf(whole, 40)).reason());
    assertEquals(Reason.CORRUPT, refused(Arrays.copyOf(whole, 9)).reason());
  }

  @Test
  void aHeaderPromisingMoreThanIsPresentCostsOnlyWhatIsPresent() {
    // 400 MB promised (under the 1 GiB limit), 8 bytes present: refused as CORRUPT quickly.
    byte[] liar = npy(dict("<f4", false, "(100000000,)"), new byte[8]);
    InvalidInputException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refused(liar));
    assertEquals(Reason.CORRUPT, e.reason());
    assertTrue(e.getMessage().contains("400000000"), e.getMessage());
  }

  @Test
  void respectsTheCallersLimit() {
    byte[] file = npy(dict("<f4", false, "(4,)"), new byte[16]);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Npy.read(new ByteArrayInputStream(file), 15));
    assertEquals(Reason.TOO_LARGE, e.reason());
  }
}
