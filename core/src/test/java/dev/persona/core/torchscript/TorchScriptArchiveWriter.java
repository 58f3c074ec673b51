package dev.persona.core.torchscript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript file ({@code torch.jit.save}'s archive) by hand, so the mimicmotion runtime
 * and the splat trainer's LPIPS term can be tested without PyTorch or real weights: a zip, every
 * entry stored under one top folder {@code NAME/}, holding
 *
 * <ul>
 *   <li>{@code data.pkl}: the module object as libtorch's {@code Pickler} writes it (protocol 2):
 *       {@code GLOBAL __torch__ CLASS, EMPTY_TUPLE, NEWOBJ}, then a dict of every attribute, then
 *       {@code BUILD}; each tensor is {@code torch._utils._rebuild_tensor_v2(storage, offset, size,
 *       stride, requires_grad, OrderedDict())} with the storage a persistent id {@code ('storage',
 *       torch.FloatStorage, key, 'cpu', numel)};
 *   <li>{@code data/KEY}: each storage's raw little-endian float32 values;
 *   <li>{@code code/__torch__.py}: the class in TorchScript source (the source importer reads the
 *       class {@code __torch__.CLASS} from the file of its qualifier, {@code __torch__}), with
 *       {@code __parameters__}, {@code __buffers__}, the attributes' annotations and the methods;
 *   <li>{@code constants.pkl}: the empty tuple of tensor constants;
 *   <li>{@code version}: the file-format version.
 * </ul>
 *
 * <p>Only what the stand-in modules need: float32 parameters on the CPU, methods written by the
 * test in TorchScript's Python subset.
 */
public final class TorchScriptArchiveWriter {
  /** libtorch 2.1 reads file-format versions 1 to 10; 3 is what it writes for plain modules. */
  public static final String FILE_FORMAT_VERSION = "3";

  private record Parameter(String name, float[] data, long[] shape) {}

  private final String className;
  private final List<Parameter> parameters = new ArrayList<>();
  private final List<String> methods = new ArrayList<>();

  /** A module of class {@code __torch__.CLASS}. */
  public TorchScriptArchiveWriter(String className) {
    this.className = className;
  }

  /** A float32 parameter of the given shape (row-major data). */
  public TorchScriptArchiveWriter parameter(String name, float[] data, long... shape) {
    long numel = 1;
    for (long d : shape) {
      numel *= d;
    }
    if (numel != data.length) {
      throw new IllegalArgumentException(name + ": " + data.length + " values for " + numel);
    }
    parameters.add(new Parameter(name, data.clone(), shape.clone()));
    return this;
  }

  /**
   * A method in TorchScript source, starting at column 0 with {@code def}, its first argument
   * {@code self: __torch__.CLASS}; the writer indents it into the class.
   */
  public TorchScriptArchiveWriter method(String source) {
    methods.add(source);
    return this;
  }

  /** Writes the archive to {@code file}; its top folder is the file name without extension. */
  public void write(Path file) throws IOException {
    String fileName = file.getFileName().toString();
    String top = fileName.contains(".") ? fileName.substring(0, fileName.indexOf('.')) : fileName;
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      stored(zip, top + "/data.pkl", dataPickle());
      stored(zip, top + "/code/__torch__.py", source().getBytes(StandardCharsets.UTF_8));
      stored(zip, top + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
      for (int i = 0; i < parameters.size(); i++) {
        float[] data = parameters.get(i).data();
        ByteBuffer bytes = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        stored(zip, top + "/data/" + i, bytes.array());
      }
      stored(zip, top + "/version", (FILE_FORMAT_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The class source, as {@code torch.jit.save}'s Python printer lays it out. */
  String source() {
    StringBuilder out = new StringBuilder();
    out.append("class ").append(className).append("(Module):\n");
    out.append("  __parameters__ = [");
    for (Parameter p : parameters) {
      out.append('"').append(p.name()).append("\", ");
    }
    out.append("]\n");
    out.append("  __buffers__ = []\n");
    for (Parameter p : parameters) {
      out.append("  ").append(p.name()).append(" : Tensor\n");
    }
    out.append("  training : bool\n");
    for (String method : methods) {
      for (String line : method.strip().split("\n", -1)) {
        out.append("  ").append(line).append('\n');
      }
    }
    return out.toString();
  }

  private byte[] dataPickle() {
    Pickle p = new Pickle();
    p.global("__torch__", className);
    p.op(')'); // EMPTY_TUPLE
    p.op(0x81); // NEWOBJ
    p.op('}'); // EMPTY_DICT
    p.op('('); // MARK
    for (int i = 0; i < parameters.size(); i++) {
      Parameter param = parameters.get(i);
      p.string(param.name());
      tensor(p, Integer.toString(i), param.data().length, param.shape());
    }
    p.string("training");
    p.op(0x89); // NEWFALSE: modules are saved and loaded in eval mode here
    p.op('u'); // SETITEMS
    p.op('b'); // BUILD
    p.op('.'); // STOP
    return p.bytes();
  }

  /** {@code torch._utils._rebuild_tensor_v2} of a contiguous float32 CPU storage. */
  private static void tensor(Pickle p, String key, int numel, long[] shape) {
    p.global("torch._utils", "_rebuild_tensor_v2");
    p.op('('); // MARK: the arguments
    p.op('('); // MARK: the persistent id
    p.string("storage");
    p.global("torch", "FloatStorage");
    p.string(key);
    p.string("cpu");
    p.integer(numel);
    p.op('t'); // TUPLE
    p.op('Q'); // BINPERSID
    p.integer(0); // storage offset
    p.op('(');
    for (long d : shape) {
      p.integer(d);
    }
    p.op('t');
    p.op('(');
    long stride = 1;
    long[] strides = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      strides[d] = stride;
      stride *= shape[d];
    }
    for (long s : strides) {
      p.integer(s);
    }
    p.op('t');
    p.op(0x89); // requires_grad False
    p.global("collections", "OrderedDict");
    p.op(')');
    p.op('R'); // REDUCE: OrderedDict(), the backward hooks
    p.op('t'); // TUPLE of the arguments
    p.op('R'); // REDUCE: _rebuild_tensor_v2(*args)
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  /** The few pickle opcodes libtorch's unpickler needs for a module (protocol 2). */
  private static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle() {
      out.write(0x80); // PROTO
      out.write(2);
    }

    void op(int code) {
      out.write(code);
    }

    void global(String module, String name) {
      out.write('c');
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void string(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.write('X'); // BINUNICODE
      int32(out, utf8.length);
      out.writeBytes(utf8);
    }

    void integer(long v) {
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("int out of BININT range: " + v);
      }
      out.write('J'); // BININT
      int32(out, (int) v);
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private static void int32(OutputStream out, int v) {
      try {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
