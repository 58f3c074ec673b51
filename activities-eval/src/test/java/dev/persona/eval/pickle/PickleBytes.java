package dev.persona.eval.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A pickle under construction, opcode by opcode (tests write the pickles they read). */
public final class PickleBytes {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  public PickleBytes op(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  public PickleBytes raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  public PickleBytes i32(int v) {
    return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
  }

  /** BINUNICODE: 'X', 4-byte length, UTF-8. */
  public PickleBytes binunicode(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return op('X').i32(b.length).raw(b);
  }

  /** SHORT_BINUNICODE: 0x8c, 1-byte length, UTF-8 (protocol 4). */
  public PickleBytes shortUnicode(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return op(0x8c, b.length).raw(b);
  }

  /** SHORT_BINSTRING: 'U', 1-byte length, bytes (a Python 2 str). */
  public PickleBytes shortBinstring(byte[] b) {
    return op('U', b.length).raw(b);
  }

  /** GLOBAL: 'c', module, newline, name, newline. */
  public PickleBytes global(String module, String name) {
    return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  public byte[] bytes() {
    return out.toByteArray();
  }

  /**
   * numpy's array reduction at protocol 2, up to the raw data: {@code _reconstruct(ndarray, (0,),
   * b'b')} then the state tuple's first four items (version 1, shape, dtype, C order).
   */
  public static void arrayHead(PickleBytes p, String dtype, int... shape) {
    arrayHead(p, dtype, false, shape);
  }

  /** As above; {@code fortran} sets the order flag (NEWTRUE) instead of C order (NEWFALSE). */
  public static void arrayHead(PickleBytes p, String dtype, boolean fortran, int... shape) {
    p.global("numpy.core.multiarray", "_reconstruct") // GLOBAL the reconstructor
        .global("numpy", "ndarray") // GLOBAL ndarray
        .op('K', 0) // BININT1 0
        .op(0x85) // TUPLE1 -> (0,)
        .op('C', 1, 'b') // SHORT_BINBYTES b'b'
        .op(0x87) // TUPLE3 -> (ndarray, (0,), b'b')
        .op('R') // REDUCE -> an empty ndarray
        .op('(') // MARK: the state tuple
        .op('K', 1); // BININT1 1: state version
    p.op('(');
    for (int d : shape) {
      p.op('K', d); // BININT1 each dimension
    }
    p.op('t'); // TUPLE -> the shape
    p.global("numpy", "dtype") // GLOBAL dtype
        .binunicode(dtype) // its name, 'f4'
        .op(0x89) // NEWFALSE (align)
        .op(0x88) // NEWTRUE (copy)
        .op(0x87) // TUPLE3
        .op('R') // REDUCE -> dtype('f4')
        .op('(') // MARK: the dtype state
        .op('K', 3) // version 3
        .binunicode("<") // little-endian
        .op('N', 'N', 'N') // subarray, names, fields: None
        .op('J')
        .i32(-1) // BININT -1: elsize
        .op('J')
        .i32(-1) // BININT -1: alignment
        .op('K', 0) // flags
        .op('t') // TUPLE
        .op('b') // BUILD: dtype.__setstate__
        .op(fortran ? 0x88 : 0x89); // NEWTRUE: Fortran order, NEWFALSE: C order
  }

  /**
   * A protocol-2 dict of float64 numpy arrays, as {@code pickle.dump(d, f, protocol=2)} writes it
   * in Python 2 (data as BINSTRING), the form of SMPL-X parameter pickles.
   */
  public static byte[] dictOfFloat64(Map<String, double[][]> arrays) {
    PickleBytes p = new PickleBytes();
    p.op(0x80, 2).op('}').op('(');
    for (Map.Entry<String, double[][]> e : arrays.entrySet()) {
      double[][] rows = e.getValue();
      int cols = rows[0].length;
      ByteBuffer b = ByteBuffer.allocate(rows.length * cols * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (double[] r : rows) {
        for (double v : r) {
          b.putDouble(v);
        }
      }
      p.shortBinstring(e.getKey().getBytes(StandardCharsets.US_ASCII));
      arrayHead(p, "f8", rows.length, cols);
      p.op('T').i32(b.capacity()).raw(b.array()).op('t').op('b');
    }
    return p.op('u').op('.').bytes();
  }
}
