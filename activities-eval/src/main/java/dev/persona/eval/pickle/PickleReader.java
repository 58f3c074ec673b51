package dev.persona.eval.pickle;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the numeric content of Python pickles (protocols 2 to 4) without Python: dicts, lists,
 * tuples, strings, numbers and numpy arrays, which is what body-parameter pickles (X-Humans' {@code
 * SMPLX/*.pkl}, SMPL-X fits) hold. Nothing is executed: the only callables honoured are numpy's
 * array reconstruction ({@code numpy.core.multiarray._reconstruct} or {@code numpy._core...}, with
 * {@code numpy.ndarray} and {@code numpy.dtype}), numpy scalars ({@code multiarray.scalar}) and
 * {@code _codecs.encode} (how Python 3 pickles bytes at protocol 2); any other global yields an
 * opaque {@link Global} value, and calling it is refused.
 *
 * <p>Values come back as {@code Map<Object, Object>} (insertion order), {@code List<Object>}
 * (lists), {@link Tuple}, {@code String}, {@code byte[]}, {@code Long}, {@code Double}, {@code
 * Boolean}, null and {@link NumpyArray}.
 */
public final class PickleReader {
  /** Files larger than this are refused: parameter pickles are kilobytes. */
  public static final long MAX_BYTES = 64L << 20;

  /** A Python tuple. */
  public record Tuple(List<Object> items) {
    public Tuple {
      items = java.util.Collections.unmodifiableList(new ArrayList<>(items));
    }
  }

  /** A reference to a Python global (module, name) this reader does not interpret. */
  public record Global(String module, String name) {}

  /** numpy's dtype while it is being built: its name and, after BUILD, its byte order. */
  private static final class DType {
    final String name;
    char order = '|';

    DType(String name) {
      this.name = name;
    }
  }

  /** An ndarray between {@code _reconstruct} and BUILD. */
  private static final class PendingArray {
    NumpyArray array;
  }

  private final ByteBuffer in;
  private final String source;
  private final Deque<Object> stack = new ArrayDeque<>();
  private final Deque<Integer> marks = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();

  private PickleReader(byte[] bytes, String source) {
    this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    this.source = source;
  }

  /**
   * Reads the object pickled in {@code file}.
   *
   * @throws InvalidInputException TOO_LARGE above {@link #MAX_BYTES}; CORRUPT for a truncated or
   *     malformed pickle; UNSUPPORTED for opcodes or numpy layouts this reader does not handle
   */
  public static Object read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new InvalidInputException(
          Reason.TOO_LARGE, file + " is " + size + " bytes, more than a parameter pickle's limit");
    }
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** Reads the object pickled in {@code bytes}; {@code source} names it in errors. */
  public static Object parse(byte[] bytes, String source) {
    try {
      return new PickleReader(bytes, source).run();
    } catch (java.nio.BufferUnderflowException e) {
      throw new InvalidInputException(Reason.CORRUPT, source + ": the pickle ends early");
    } catch (ClassCastException | java.util.NoSuchElementException e) {
      throw new InvalidInputException(
          Reason.CORRUPT, source + ": malformed pickle (" + e.getMessage() + ")");
    }
  }

  private Object run() {
    while (true) {
      int op = in.get() & 0xFF;
      switch (op) {
        case 0x80 -> in.get(); // PROTO n
        case 0x95 -> in.getLong(); // FRAME length (protocol 4): the frame is read as it comes
        case '.' -> {
          return finish(pop());
        }
        case '(' -> marks.push(stack.size());
        case '}' -> stack.push(new LinkedHashMap<Object, Object>());
        case ']' -> stack.push(new ArrayList<Object>());
        case ')' -> stack.push(new Tuple(List.of()));
        case 'N' -> stack.push(MARK_NONE);
        case 0x88 -> stack.push(Boolean.TRUE);
        case 0x89 -> stack.push(Boolean.FALSE);
        case 'K' -> stack.push((long) (in.get() & 0xFF)); // BININT1
        case 'M' -> stack.push((long) (in.getShort() & 0xFFFF)); // BININT2
        case 'J' -> stack.push((long) in.getInt()); // BININT
        case 0x8a -> stack.push(long1()); // LONG1
        case 'G' -> stack.push(bigEndianDouble()); // BINFLOAT
        case 'X' -> stack.push(utf8(in.getInt())); // BINUNICODE
        case 0x8c -> stack.push(utf8(in.get() & 0xFF)); // SHORT_BINUNICODE
        case 0x8d -> stack.push(utf8(length(in.getLong()))); // BINUNICODE8
        case 'T' -> stack.push(latin1(in.getInt())); // BINSTRING (Python 2 str)
        case 'U' -> stack.push(latin1(in.get() & 0xFF)); // SHORT_BINSTRING
        case 'B' -> stack.push(bytes(in.getInt())); // BINBYTES
        case 'C' -> stack.push(bytes(in.get() & 0xFF)); // SHORT_BINBYTES
        case 0x8e -> stack.push(bytes(length(in.getLong()))); // BINBYTES8
        case 'c' -> stack.push(global(line(), line())); // GLOBAL module\nname\n
        case 0x93 -> { // STACK_GLOBAL
          String name = (String) pop();
          stack.push(global((String) pop(), name));
        }
        case 't' -> stack.push(new Tuple(popToMark()));
        case 0x85 -> stack.push(new Tuple(Arrays.asList(nullable(pop()))));
        case 0x86 -> {
          Object b = pop();
          stack.push(new Tuple(Arrays.asList(nullable(pop()), nullable(b))));
        }
        case 0x87 -> {
          Object c = pop();
          Object b = pop();
          stack.push(new Tuple(Arrays.asList(nullable(pop()), nullable(b), nullable(c))));
        }
        case 'l' -> stack.push(new ArrayList<>(popToMark())); // LIST
        case 'd' -> { // DICT
          List<Object> kv = popToMark();
          Map<Object, Object> m = new LinkedHashMap<>();
          for (int i = 0; i + 1 < kv.size(); i += 2) {
            m.put(kv.get(i), kv.get(i + 1));
          }
          stack.push(m);
        }
        case 'a' -> { // APPEND
          Object v = pop();
          list(stack.peek()).add(v);
        }
        case 'e' -> { // APPENDS
          List<Object> items = popToMark();
          list(stack.peek()).addAll(items);
        }
        case 's' -> { // SETITEM
          Object v = pop();
          Object k = pop();
          dict(stack.peek()).put(k, v);
        }
        case 'u' -> { // SETITEMS
          List<Object> kv = popToMark();
          Map<Object, Object> m = dict(stack.peek());
          for (int i = 0; i + 1 < kv.size(); i += 2) {
            m.put(kv.get(i), kv.get(i + 1));
          }
        }
        case 'q' -> memo.put((long) (in.get() & 0xFF), stack.peek()); // BINPUT
        case 'r' -> memo.put(in.getInt() & 0xFFFFFFFFL, stack.peek()); // LONG_BINPUT
        case 0x94 -> memo.put((long) memo.size(), stack.peek()); // MEMOIZE
        case 'h' -> stack.push(memoGet(in.get() & 0xFF)); // BINGET
        case 'j' -> stack.push(memoGet(in.getInt() & 0xFFFFFFFFL)); // LONG_BINGET
        case 'R' -> { // REDUCE: callable(*args)
          Tuple args = (Tuple) pop();
          stack.push(call(pop(), args.items()));
        }
        case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args)
          Tuple args = (Tuple) pop();
          stack.push(call(pop(), args.items()));
        }
        case 'b' -> { // BUILD: obj.__setstate__(state)
          Object state = pop();
          build(stack.peek(), state);
        }
        default ->
            throw new InvalidInputException(
                Reason.UNSUPPORTED,
                String.format(
                    "%s: pickle opcode 0x%02x at byte %d is not supported (numeric pickles of"
                        + " protocols 2-4 only)",
                    source, op, in.position() - 1));
      }
    }
  }

  /** None on the stack (ArrayDeque holds no nulls). */
  private static final Object MARK_NONE = new Object();

  private Object pop() {
    if (!marks.isEmpty() && stack.size() <= marks.peek()) {
      throw new InvalidInputException(Reason.CORRUPT, source + ": a mark where a value belongs");
    }
    return stack.pop();
  }

  private static Object nullable(Object o) {
    return o == MARK_NONE ? null : o;
  }

  private List<Object> popToMark() {
    int mark = marks.pop();
    List<Object> items = new ArrayList<>();
    while (stack.size() > mark) {
      items.add(0, nullable(stack.pop()));
    }
    return items;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object o) {
    return (List<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dict(Object o) {
    return (Map<Object, Object>) o;
  }

  private Object memoGet(long key) {
    Object o = memo.get(key);
    if (o == null) {
      throw new InvalidInputException(Reason.CORRUPT, source + ": memo " + key + " is unset");
    }
    return o;
  }

  private double bigEndianDouble() {
    double v = in.order(ByteOrder.BIG_ENDIAN).getDouble();
    in.order(ByteOrder.LITTLE_ENDIAN);
    return v;
  }

  private int length(long n) {
    if (n < 0 || n > in.remaining()) {
      throw new InvalidInputException(Reason.CORRUPT, source + ": a length past the pickle's end");
    }
    return (int) n;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[length(n)];
    in.get(b);
    return b;
  }

  private String utf8(int n) {
    return new String(bytes(n), StandardCharsets.UTF_8);
  }

  /** Python 2 str: read as latin-1, as {@code pickle.load(f, encoding='latin1')} does. */
  private String latin1(int n) {
    return new String(bytes(n), StandardCharsets.ISO_8859_1);
  }

  private String line() {
    StringBuilder b = new StringBuilder();
    byte c;
    while ((c = in.get()) != '\n') {
      b.append((char) (c & 0xFF));
    }
    return b.toString();
  }

  /** LONG1: a little-endian two's-complement integer of n bytes (n <= 8 here). */
  private Object long1() {
    int n = in.get() & 0xFF;
    if (n > 8) {
      throw new InvalidInputException(Reason.UNSUPPORTED, source + ": an integer beyond 64 bits");
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (long) (in.get() & 0xFF) << (8 * i);
    }
    if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
      v |= -1L << (8 * n);
    }
    return v;
  }

  private static Object global(String module, String name) {
    return new Global(module, name);
  }

  private static boolean isNumpy(Global g, String name) {
    return g.name().equals(name)
        && (g.module().equals("numpy.core.multiarray")
            || g.module().equals("numpy._core.multiarray")
            || g.module().equals("numpy"));
  }

  private Object call(Object callable, List<Object> args) {
    if (callable instanceof Global g) {
      if (isNumpy(g, "_reconstruct")) {
        return new PendingArray();
      }
      if (isNumpy(g, "dtype")) {
        return new DType((String) args.get(0));
      }
      if (isNumpy(g, "scalar")) {
        DType dtype = (DType) args.get(0);
        byte[] data =
            args.get(1) instanceof String s
                ? s.getBytes(StandardCharsets.ISO_8859_1)
                : (byte[]) args.get(1);
        return decode(new int[0], dtype, data);
      }
      if (g.module().equals("_codecs") && g.name().equals("encode")) {
        return ((String) args.get(0)).getBytes(StandardCharsets.ISO_8859_1);
      }
    }
    throw new InvalidInputException(
        Reason.UNSUPPORTED,
        source + ": the pickle calls " + callable + ", which a numeric reader does not run");
  }

  private void build(Object target, Object state) {
    if (target instanceof DType d) {
      // dtype state: (version, byteorder, subarray, names, fields, elsize, alignment, flags)
      Tuple t = (Tuple) state;
      d.order = ((String) t.items().get(1)).charAt(0);
    } else if (target instanceof PendingArray p) {
      // ndarray state: (version, shape, dtype, is_fortran, raw data)
      Tuple t = (Tuple) state;
      List<Object> s = t.items();
      Tuple shapeTuple = (Tuple) s.get(1);
      int[] shape = new int[shapeTuple.items().size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = Math.toIntExact((Long) shapeTuple.items().get(i));
      }
      DType dtype = (DType) s.get(2);
      boolean fortran = Boolean.TRUE.equals(s.get(3)) || Long.valueOf(1).equals(s.get(3));
      Object raw = s.get(4);
      if (raw instanceof List<?>) {
        throw new InvalidInputException(
            Reason.UNSUPPORTED, source + ": an object array (dtype " + dtype.name + ")");
      }
      byte[] data =
          raw instanceof String str ? str.getBytes(StandardCharsets.ISO_8859_1) : (byte[]) raw;
      NumpyArray a = decode(shape, dtype, data);
      p.array = fortran && shape.length > 1 ? fromFortran(a) : a;
    } else {
      throw new InvalidInputException(
          Reason.UNSUPPORTED, source + ": BUILD on " + target + " is not supported");
    }
  }

  private NumpyArray decode(int[] shape, DType dtype, byte[] data) {
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    String kind = dtype.name.replaceAll("[<>|=]", "");
    int width;
    String name;
    switch (kind) {
      case "f4", "float32" -> {
        width = 4;
        name = "float32";
      }
      case "f8", "float64" -> {
        width = 8;
        name = "float64";
      }
      case "i4", "int32" -> {
        width = 4;
        name = "int32";
      }
      case "i8", "int64" -> {
        width = 8;
        name = "int64";
      }
      case "i2", "int16" -> {
        width = 2;
        name = "int16";
      }
      case "u1", "uint8" -> {
        width = 1;
        name = "uint8";
      }
      case "b1", "bool" -> {
        width = 1;
        name = "bool";
      }
      default ->
          throw new InvalidInputException(
              Reason.UNSUPPORTED, source + ": numpy dtype '" + dtype.name + "' is not supported");
    }
    if (count * width != data.length) {
      throw new InvalidInputException(
          Reason.CORRUPT,
          source
              + ": an array of "
              + count
              + " "
              + name
              + " values holds "
              + data.length
              + " bytes");
    }
    ByteBuffer b =
        ByteBuffer.wrap(data)
            .order(dtype.order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    double[] v = new double[(int) count];
    for (int i = 0; i < v.length; i++) {
      v[i] =
          switch (name) {
            case "float32" -> b.getFloat();
            case "float64" -> b.getDouble();
            case "int32" -> b.getInt();
            case "int64" -> (double) b.getLong();
            case "int16" -> b.getShort();
            default -> b.get() & 0xFF;
          };
    }
    return new NumpyArray(shape, name, v);
  }

  /** Column-major values to row-major. */
  private static NumpyArray fromFortran(NumpyArray a) {
    int[] shape = a.shape();
    double[] src = a.values();
    double[] dst = new double[src.length];
    int[] index = new int[shape.length];
    for (int f = 0; f < src.length; f++) {
      // f enumerates column-major: the first index varies fastest.
      int c = 0;
      for (int k = 0; k < shape.length; k++) {
        c = c * shape[k] + index[k];
      }
      dst[c] = src[f];
      for (int k = 0; k < shape.length; k++) {
        if (++index[k] < shape[k]) {
          break;
        }
        index[k] = 0;
      }
    }
    return new NumpyArray(shape, a.dtype(), dst);
  }

  /** Replaces every finished ndarray by its {@link NumpyArray}, and the None marker by null. */
  private Object finish(Object o) {
    if (o == MARK_NONE) {
      return null;
    }
    if (o instanceof PendingArray p) {
      if (p.array == null) {
        throw new InvalidInputException(Reason.CORRUPT, source + ": an ndarray without its state");
      }
      return p.array;
    }
    if (o instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(finish(e.getKey()), finish(e.getValue()));
      }
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object x : l) {
        out.add(finish(x));
      }
      return out;
    }
    if (o instanceof Tuple t) {
      List<Object> out = new ArrayList<>(t.items().size());
      for (Object x : t.items()) {
        out.add(finish(x));
      }
      return new Tuple(out);
    }
    if (o instanceof DType d) {
      return new Global("numpy", "dtype(" + d.name + ")");
    }
    return o;
  }
}
