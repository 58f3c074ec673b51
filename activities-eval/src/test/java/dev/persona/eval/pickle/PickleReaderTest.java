package dev.persona.eval.pickle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.core.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pickles written here byte by byte, each opcode commented, in the forms Python and numpy produce
 * (checked against {@code pickletools.dis} of {@code pickle.dumps({...}, protocol=p)}): Python 3 at
 * protocol 2 (bytes through {@code _codecs.encode}), Python 2 style (raw data as a BINSTRING),
 * protocol 4 (FRAME, MEMOIZE, STACK_GLOBAL), Fortran order.
 */
class PickleReaderTest {
  private static byte[] floats32(float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  private static byte[] floats64(double... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      b.putDouble(d);
    }
    return b.array();
  }

  @Test
  void readsAPython3Protocol2DictOfArraysAndNumbers() {
    PickleBytes p = new PickleBytes();
    p.op(0x80, 2) // PROTO 2
        .op('}') // EMPTY_DICT
        .op('q', 0) // BINPUT 0
        .op('(') // MARK: the items
        .binunicode("betas"); // key
    PickleBytes.arrayHead(p, "f4", 2);
    p.op('C', 8) // SHORT_BINBYTES: the 8 data bytes
        .raw(floats32(0.5f, -1.25f))
        .op('t') // TUPLE: the state
        .op('b'); // BUILD: ndarray.__setstate__
    p.binunicode("transl");
    PickleBytes.arrayHead(p, "f8", 3);
    // Python 3 pickles bytes at protocol 2 as _codecs.encode(latin-1 text, 'latin1').
    p.global("_codecs", "encode")
        .binunicode(new String(floats64(0.1, -2, 3e-3), StandardCharsets.ISO_8859_1))
        .binunicode("latin1")
        .op(0x86) // TUPLE2
        .op('R') // REDUCE -> the bytes
        .op('t')
        .op('b');
    p.binunicode("frames").op('M').raw(new byte[] {(byte) 0x2c, 0x01}); // BININT2 300
    p.binunicode("scale").op('G'); // BINFLOAT, big-endian
    p.raw(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(0.75).array());
    p.binunicode("gender").op('N'); // None
    p.op('u') // SETITEMS
        .op('.'); // STOP
    @SuppressWarnings("unchecked")
    Map<Object, Object> m = (Map<Object, Object>) PickleReader.parse(p.bytes(), "test");
    assertEquals(List.of("betas", "transl", "frames", "scale", "gender"), List.copyOf(m.keySet()));
    NumpyArray betas = (NumpyArray) m.get("betas");
    assertEquals("float32", betas.dtype());
    assertArrayEquals(new int[] {2}, betas.shape());
    assertArrayEquals(new double[] {0.5, -1.25}, betas.values());
    assertArrayEquals(new double[] {0.1, -2, 3e-3}, ((NumpyArray) m.get("transl")).values());
    assertEquals(300L, m.get("frames"));
    assertEquals(0.75, m.get("scale"));
    assertNull(m.get("gender"));
  }

  @Test
  void readsPython2StyleDataAndFortranOrder() {
    PickleBytes p = new PickleBytes();
    p.op(0x80, 2) // PROTO 2
        .op('}') // EMPTY_DICT
        .op('(') // MARK
        .shortBinstring("pose".getBytes(StandardCharsets.US_ASCII)); // a Python 2 str key
    // A 2 x 3 float64 array in Fortran order: data 1 4 2 5 3 6 is [[1, 2, 3], [4, 5, 6]].
    PickleBytes.arrayHead(p, "f8", true, 2, 3);
    byte[] data = floats64(1, 4, 2, 5, 3, 6);
    p.op('T')
        .i32(data.length)
        .raw(data) // BINSTRING: Python 2 pickles the data as a str
        .op('t') // TUPLE: the state
        .op('b') // BUILD
        .op('u') // SETITEMS
        .op('.'); // STOP
    Map<?, ?> m = (Map<?, ?>) PickleReader.parse(p.bytes(), "test");
    NumpyArray pose = (NumpyArray) m.get("pose");
    assertArrayEquals(new int[] {2, 3}, pose.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, pose.values());
  }

  @Test
  void readsProtocol4WithFramesMemoAndStackGlobal() {
    byte[] ints =
        ByteBuffer.allocate(32)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(7)
            .putLong(-3)
            .putLong(1L << 40)
            .putLong(0)
            .array();
    PickleBytes body = new PickleBytes();
    body.op(']') // EMPTY_LIST
        .op(0x94) // MEMOIZE -> memo 0
        .op('(') // MARK
        .shortUnicode("numpy.core.multiarray") // module
        .op(0x94) // MEMOIZE -> memo 1
        .shortUnicode("_reconstruct") // name
        .op(0x94) // MEMOIZE -> memo 2
        .op(0x93) // STACK_GLOBAL
        .op(0x94) // MEMOIZE -> memo 3
        .shortUnicode("numpy")
        .shortUnicode("ndarray")
        .op(0x93) // STACK_GLOBAL
        .op('K', 0, 0x85) // (0,)
        .op('C', 1, 'b') // b'b'
        .op(0x87, 'R') // TUPLE3, REDUCE
        .op('(', 'K', 1) // MARK, version 1
        .op('K', 2, 'K', 2, 0x86) // shape (2, 2)
        .shortUnicode("numpy")
        .shortUnicode("dtype")
        .op(0x93) // STACK_GLOBAL
        .shortUnicode("i8")
        .op(0x89, 0x88, 0x87, 'R') // dtype('i8', False, True)
        .op('(', 'K', 3)
        .shortUnicode("<")
        .op('N', 'N', 'N', 'J')
        .i32(-1)
        .op('J')
        .i32(-1)
        .op('K', 0, 't', 'b')
        .op(0x89) // C order
        .op('C', 32)
        .raw(ints) // SHORT_BINBYTES
        .op('t', 'b') // TUPLE, BUILD
        .op('h', 2) // BINGET 2: the string "_reconstruct" again
        .op(0x8a, 2, 0x00, 0x80) // LONG1 of 2 bytes: -32768
        .op('e') // APPENDS
        .op('.'); // STOP
    byte[] frame = body.bytes();
    PickleBytes p = new PickleBytes();
    p.op(0x80, 4) // PROTO 4
        .op(0x95) // FRAME, 8-byte length
        .raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(frame.length).array())
        .raw(frame);
    List<?> list = (List<?>) PickleReader.parse(p.bytes(), "test");
    NumpyArray a = (NumpyArray) list.get(0);
    assertEquals("int64", a.dtype());
    assertArrayEquals(new int[] {2, 2}, a.shape());
    assertArrayEquals(new double[] {7, -3, 1L << 40, 0}, a.values());
    assertEquals("_reconstruct", list.get(1));
    assertEquals(-32768L, list.get(2));
  }

  @Test
  void refusesToCallAnythingElseAndReportsTruncation() {
    PickleBytes call = new PickleBytes();
    call.op(0x80, 2).global("os", "system").binunicode("echo hi").op(0x85, 'R', '.');
    InvalidInputException refused =
        assertThrows(InvalidInputException.class, () -> PickleReader.parse(call.bytes(), "evil"));
    assertEquals(InvalidInputException.Reason.UNSUPPORTED, refused.reason());

    PickleBytes cut = new PickleBytes();
    cut.op(0x80, 2, '}', 'X').i32(100);
    InvalidInputException truncated =
        assertThrows(InvalidInputException.class, () -> PickleReader.parse(cut.bytes(), "cut"));
    assertEquals(InvalidInputException.Reason.CORRUPT, truncated.reason());
  }
}
