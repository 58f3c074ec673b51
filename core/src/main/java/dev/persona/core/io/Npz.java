package dev.persona.core.io;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npz} archives: a zip file with one {@code .npy} entry per array,
 * named by its key plus {@code .npy} ({@code np.savez} stores entries, {@code np.savez_compressed}
 * deflates them; both read here). Keys come back without the {@code .npy} suffix, in the archive's
 * order.
 */
public final class Npz {
  /**
   * Default limit on the total element bytes of one archive: the official SMPL-X models hold about
   * 250 MB of float64 arrays, so this leaves room without letting a hostile file exhaust the heap.
   */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 1L << 30;

  private static final String SUFFIX = ".npy";

  /** Bytes tolerated after an entry's array; more means the entry is not one plain array. */
  private static final int MAX_TRAILING_BYTES = 4096;

  private Npz() {}

  /** {@link #read(Path, long, boolean)} with {@link #DEFAULT_MAX_TOTAL_BYTES}, skipping nothing. */
  public static Map<String, NpyArray> read(Path file) throws IOException {
    return read(file, DEFAULT_MAX_TOTAL_BYTES, false);
  }

  /** {@link #read(Path, long, boolean)} skipping nothing. */
  public static Map<String, NpyArray> read(Path file, long maxTotalBytes) throws IOException {
    return read(file, maxTotalBytes, false);
  }

  /**
   * Reads every array of an {@code .npz} archive.
   *
   * @param maxTotalBytes the most element bytes, summed over all arrays, to accept
   * @param skipUnsupported when true, entries that are well-formed but hold what {@link Npy} does
   *     not read (object arrays such as the pickled metadata some SMPL-X files carry, strings,
   *     structured dtypes) are left out of the result instead of failing the whole read; corrupt or
   *     oversized entries fail either way
   * @return arrays by key (entry name without {@code .npy}), in archive order
   * @throws InvalidInputException NOT_FOUND when the file does not exist; WRONG_FORMAT when it is
   *     not a zip; CORRUPT for damaged or truncated entries; TOO_LARGE over the limit; UNSUPPORTED
   *     (unless skipped) and MALFORMED as {@link Npy#read} throws them, with the entry named
   */
  public static Map<String, NpyArray> read(Path file, long maxTotalBytes, boolean skipUnsupported)
      throws IOException {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    try (ZipFile zip = openZip(file)) {
      long remaining = maxTotalBytes;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        String key =
            name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
        NpyArray array;
        try (CheckedInputStream in =
            new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
          array = Npy.read(in, remaining);
          verifyRest(in, entry);
        } catch (InvalidInputException e) {
          if (skipUnsupported && e.reason() == Reason.UNSUPPORTED) {
            continue;
          }
          throw new InvalidInputException(
              e.reason(), file + ": entry '" + name + "': " + e.getMessage(), e);
        } catch (ZipException | EOFException e) {
          throw new InvalidInputException(
              Reason.CORRUPT, file + ": entry '" + name + "' is damaged: " + e.getMessage(), e);
        }
        remaining -= (long) array.size() * array.dtype().itemSize();
        arrays.put(key, array);
      }
    }
    return arrays;
  }

  /**
   * Reads what follows the array in the entry (normally nothing) and checks the entry's CRC-32:
   * {@link ZipFile} does not, so a flipped bit in a stored entry would otherwise pass unnoticed.
   */
  private static void verifyRest(CheckedInputStream in, ZipEntry entry) throws IOException {
    byte[] rest = in.readNBytes(MAX_TRAILING_BYTES + 1);
    if (rest.length > MAX_TRAILING_BYTES) {
      throw new InvalidInputException(
          Reason.MALFORMED, "more than " + MAX_TRAILING_BYTES + " bytes follow the array");
    }
    if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc()) {
      throw new InvalidInputException(Reason.CORRUPT, "CRC-32 mismatch: the entry is damaged");
    }
  }

  private static ZipFile openZip(Path file) throws IOException {
    try {
      return new ZipFile(file.toFile());
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new InvalidInputException(Reason.NOT_FOUND, file + ": no such file", e);
    } catch (ZipException e) {
      if (startsWithZipSignature(file)) {
        throw new InvalidInputException(
            Reason.CORRUPT, file + ": damaged or truncated zip archive: " + e.getMessage(), e);
      }
      throw new InvalidInputException(Reason.WRONG_FORMAT, file + ": not an .npz (zip) archive", e);
    }
  }

  /** Whether the file begins with a zip local file header ({@code PK\3\4}). */
  private static boolean startsWithZipSignature(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(4);
      return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }
  }

  /**
   * Writes {@code arrays} as an {@code .npz} archive in map order, entries stored uncompressed as
   * {@code np.savez} does. The archive is written to a temporary file in the same folder and then
   * moved over {@code file}, so readers never see a half-written archive.
   *
   * @param arrays arrays by key; keys must be non-empty and become the entry names plus {@code
   *     .npy}
   */
  public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
    for (String key : arrays.keySet()) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("npz keys must be non-empty");
      }
    }
    AtomicFiles.write(
        file,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            writeStored(zip, e.getKey() + SUFFIX, e.getValue());
          }
          // finish() writes the central directory; AtomicFiles closes the underlying stream.
          zip.finish();
        });
  }

  private static void writeStored(ZipOutputStream zip, String name, NpyArray array)
      throws IOException {
    byte[] header = Npy.headerFor(array);
    byte[] data = array.littleEndianBytes();
    // STORED entries need size and CRC before their data; both are known here.
    CRC32 crc = new CRC32();
    crc.update(header);
    crc.update(data);
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize((long) header.length + data.length);
    entry.setCompressedSize((long) header.length + data.length);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(header);
    zip.write(data);
    zip.closeEntry();
  }
}
