package dev.persona.splat.checkpoint;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.AtomicFiles;
import dev.persona.core.io.Npy;
import dev.persona.core.io.NpyArray;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Encodes a {@link CheckpointState} as one NumPy {@code .npz} archive (a zip of {@code .npy}
 * entries, stored uncompressed as {@code np.savez} writes them), so a checkpoint opens in numpy
 * with {@code np.load}. Entries, in order:
 *
 * <ol>
 *   <li>{@code checkpoint.version}: int32 scalar, the format version ({@link #FORMAT_VERSION});
 *   <li>one entry per state value in the state's order: float arrays as float32 {@code [n]}, long
 *       arrays as int64 {@code [n]}, longs as int64 scalars, ints as int32 scalars;
 *   <li>{@code checkpoint.crc32c}: int64 scalar, CRC-32C over, for each value entry in order, its
 *       name (UTF-8), a type byte, its element count (8 bytes LE) and its elements (LE).
 * </ol>
 *
 * <p>Reading checks the zip's per-entry CRC-32, the end-of-archive record (a truncated file lacks
 * it), the version and the checksum, and refuses anything else with {@link InvalidInputException}.
 * Values come back bit-identical. Files are written atomically (core's {@link AtomicFiles}); the
 * byte form serves core's {@code CheckpointStore}.
 */
public final class CheckpointCodec {
  /** The version this code writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  /** Default limit on a checkpoint's size: the paper's avatar state is well under 100 MB. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  static final String VERSION_ENTRY = CheckpointState.RESERVED_PREFIX + "version";
  static final String CHECKSUM_ENTRY = CheckpointState.RESERVED_PREFIX + "crc32c";

  private static final String SUFFIX = ".npy";
  private static final byte FLOATS = 1;
  private static final byte LONGS = 2;
  private static final byte LONG = 3;
  private static final byte INT = 4;

  /** Zip end-of-central-directory signature and record size without a comment. */
  private static final int END_SIGNATURE = 0x06054b50;

  private static final int END_RECORD_BYTES = 22;

  private CheckpointCodec() {}

  /** The archive's bytes. */
  public static byte[] encode(CheckpointState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      writeEntry(zip, VERSION_ENTRY, NpyArray.ofInts(new int[] {FORMAT_VERSION}));
      CRC32C checksum = new CRC32C();
      for (Map.Entry<String, Object> e : state.values().entrySet()) {
        Object v = e.getValue();
        NpyArray array;
        if (v instanceof float[] f) {
          array = NpyArray.ofFloats(f, f.length);
        } else if (v instanceof long[] l) {
          array = NpyArray.ofLongs(l, l.length);
        } else if (v instanceof Long l) {
          array = NpyArray.ofLongs(new long[] {l});
        } else {
          array = NpyArray.ofInts(new int[] {(Integer) v});
        }
        update(checksum, e.getKey(), v);
        writeEntry(zip, e.getKey(), array);
      }
      writeEntry(zip, CHECKSUM_ENTRY, NpyArray.ofLongs(new long[] {checksum.getValue()}));
    }
    return bytes.toByteArray();
  }

  /** Writes {@code state} to {@code file} atomically: readers see the old file or the new one. */
  public static void write(Path file, CheckpointState state) throws IOException {
    byte[] bytes = encode(state);
    AtomicFiles.write(file, out -> out.write(bytes));
  }

  /** {@link #read(Path, long)} with {@link #DEFAULT_MAX_BYTES}. */
  public static CheckpointState read(Path file) throws IOException {
    return read(file, DEFAULT_MAX_BYTES);
  }

  /**
   * Reads a checkpoint file.
   *
   * @throws InvalidInputException NOT_FOUND without the file; TOO_LARGE over {@code maxBytes};
   *     otherwise as {@link #decode}, with the file named
   */
  public static CheckpointState read(Path file, long maxBytes) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(Reason.NOT_FOUND, file + ": no such checkpoint", e);
    }
    if (size > maxBytes) {
      throw new InvalidInputException(
          Reason.TOO_LARGE, file + ": checkpoint of " + size + " bytes exceeds " + maxBytes);
    }
    try {
      return decode(Files.readAllBytes(file));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.reason(), file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes an archive made by {@link #encode}.
   *
   * @throws InvalidInputException WRONG_FORMAT when it is not a checkpoint archive; CORRUPT when
   *     truncated or damaged (zip CRC, missing end record, checksum mismatch); UNSUPPORTED for a
   *     newer format version; MALFORMED for entries of an unexpected type or shape, or duplicates
   */
  public static CheckpointState decode(byte[] bytes) throws IOException {
    if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4) {
      throw new InvalidInputException(Reason.WRONG_FORMAT, "not a checkpoint (.npz) archive");
    }
    if (bytes.length < END_RECORD_BYTES
        || ByteBuffer.wrap(bytes, bytes.length - END_RECORD_BYTES, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt()
            != END_SIGNATURE) {
      throw new InvalidInputException(
          Reason.CORRUPT, "checkpoint archive is truncated: no end-of-archive record");
    }
    CheckpointState state = new CheckpointState();
    CRC32C checksum = new CRC32C();
    Long storedChecksum = null;
    boolean versionSeen = false;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        String file = entry.getName();
        if (!file.endsWith(SUFFIX)) {
          throw new InvalidInputException(
              Reason.MALFORMED, "checkpoint entry '" + file + "' is not an .npy array");
        }
        String name = file.substring(0, file.length() - SUFFIX.length());
        NpyArray array = readEntry(zip, name, bytes.length);
        if (!versionSeen) {
          if (!name.equals(VERSION_ENTRY)) {
            throw new InvalidInputException(
                Reason.WRONG_FORMAT, "an .npz archive but not a checkpoint: no version entry");
          }
          int version = scalarInt(array, name);
          if (version < 1 || version > FORMAT_VERSION) {
            throw new InvalidInputException(
                Reason.UNSUPPORTED,
                "checkpoint format version " + version + "; this build reads 1.." + FORMAT_VERSION);
          }
          versionSeen = true;
          continue;
        }
        if (storedChecksum != null) {
          throw new InvalidInputException(
              Reason.MALFORMED, "checkpoint entry '" + name + "' after the checksum");
        }
        if (name.equals(CHECKSUM_ENTRY)) {
          storedChecksum = scalarLong(array, name);
          continue;
        }
        try {
          CheckpointState.checkName(name);
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(Reason.MALFORMED, e.getMessage(), e);
        }
        if (state.contains(name) || name.startsWith(CheckpointState.RESERVED_PREFIX)) {
          throw new InvalidInputException(
              Reason.MALFORMED, "duplicate or reserved checkpoint entry '" + name + "'");
        }
        Object value = valueOf(array, name);
        update(checksum, name, value);
        state.putDecoded(name, value);
      }
    } catch (ZipException | EOFException e) {
      throw new InvalidInputException(
          Reason.CORRUPT, "checkpoint archive is damaged: " + e.getMessage(), e);
    }
    if (!versionSeen) {
      throw new InvalidInputException(Reason.WRONG_FORMAT, "empty archive: not a checkpoint");
    }
    if (storedChecksum == null) {
      throw new InvalidInputException(Reason.CORRUPT, "checkpoint is truncated: no checksum");
    }
    if (storedChecksum != checksum.getValue()) {
      throw new InvalidInputException(
          Reason.CORRUPT, "checkpoint checksum mismatch: its contents are damaged");
    }
    return state;
  }

  private static void writeEntry(ZipOutputStream zip, String name, NpyArray array)
      throws IOException {
    ByteArrayOutputStream npy = new ByteArrayOutputStream();
    Npy.write(npy, array);
    byte[] data = npy.toByteArray();
    // STORED entries need their size and CRC before the data, as np.savez writes them.
    CRC32 crc = new CRC32();
    crc.update(data);
    ZipEntry entry = new ZipEntry(name + SUFFIX);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  private static NpyArray readEntry(ZipInputStream zip, String name, long maxBytes)
      throws IOException {
    NpyArray array;
    try {
      array = Npy.read(zip, maxBytes);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          e.reason(), "checkpoint entry '" + name + "': " + e.getMessage(), e);
    }
    // Reading to the entry's end makes ZipInputStream verify its CRC-32.
    if (zip.read() != -1) {
      throw new InvalidInputException(
          Reason.MALFORMED, "checkpoint entry '" + name + "' has bytes after its array");
    }
    return array;
  }

  private static Object valueOf(NpyArray array, String name) {
    int[] shape = array.shape();
    NpyArray.DType type = array.dtype();
    if (shape.length == 1 && type == NpyArray.DType.FLOAT32) {
      return array.toFloats();
    }
    if (shape.length == 1 && type == NpyArray.DType.INT64) {
      return array.toLongs();
    }
    if (shape.length == 0 && type == NpyArray.DType.INT64) {
      return array.toLongs()[0];
    }
    if (shape.length == 0 && type == NpyArray.DType.INT32) {
      return array.toInts()[0];
    }
    throw new InvalidInputException(
        Reason.MALFORMED,
        "checkpoint entry '"
            + name
            + "' is "
            + array
            + "; expected a float32 or int64 vector or an int32/int64 scalar");
  }

  private static int scalarInt(NpyArray array, String name) {
    if (array.shape().length != 0 || array.dtype() != NpyArray.DType.INT32) {
      throw new InvalidInputException(
          Reason.MALFORMED, "checkpoint entry '" + name + "' must be an int32 scalar");
    }
    return array.toInts()[0];
  }

  private static long scalarLong(NpyArray array, String name) {
    if (array.shape().length != 0 || array.dtype() != NpyArray.DType.INT64) {
      throw new InvalidInputException(
          Reason.MALFORMED, "checkpoint entry '" + name + "' must be an int64 scalar");
    }
    return array.toLongs()[0];
  }

  /** Feeds one value's name, type, count and little-endian elements to the checksum. */
  private static void update(CRC32C checksum, String name, Object value) {
    checksum.update(name.getBytes(StandardCharsets.UTF_8));
    ByteBuffer head = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer data;
    if (value instanceof float[] f) {
      head.put(FLOATS).putLong(f.length);
      data = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      data.asFloatBuffer().put(f);
    } else if (value instanceof long[] l) {
      head.put(LONGS).putLong(l.length);
      data = ByteBuffer.allocate(l.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      data.asLongBuffer().put(l);
    } else if (value instanceof Long l) {
      head.put(LONG).putLong(1);
      data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, l);
    } else {
      head.put(INT).putLong(1);
      data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (Integer) value);
    }
    checksum.update(head.array());
    checksum.update(data.array());
  }
}
