package dev.persona.app.artifact;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.AtomicFiles;
import dev.persona.core.io.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A folder (a stage's dataset, an avatar bundle, a checkpoint folder) as one zip object for the
 * artifact store, and back.
 *
 * <p>{@link #zip} is deterministic, so the same content gives the same bytes and therefore the same
 * sha256 (what lets the stage cache and duplicate uploads compare archives by hash): entries are
 * the regular files in order of their '/'-separated relative paths, every entry has the same
 * timestamp (1980-01-01 00:00, the first DOS date, set as local date-time so the time zone does not
 * leak in), no extra fields, and one compression level. File permissions and empty folders are not
 * kept. The bytes are stable for a given zlib (the JDK's Deflater).
 *
 * <p>{@link #unzip} treats the archive as untrusted: an entry whose name is absolute or climbs out
 * with {@code ..} (zip-slip) is refused, and the entry count and the bytes actually inflated (not
 * the sizes the archive declares) are bounded by {@link Limits}. It extracts into a temporary
 * sibling folder and renames it into place at the end, so a refused or broken archive leaves
 * nothing behind.
 */
public final class FolderArchive {
  /** Bounds on what {@link #unzip} extracts. */
  public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {
    /** Generous for any stage output: 200 000 files, 8 GiB a file, 64 GiB in all. */
    public static final Limits DEFAULT = new Limits(200_000, 8L << 30, 64L << 30);
  }

  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private FolderArchive() {}

  /** Writes the regular files under {@code folder} into {@code zipFile} (atomically). */
  public static void zip(Path folder, Path zipFile) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(Reason.NOT_FOUND, "not a folder: " + folder);
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(file)) {
          names.add(
              folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"));
        }
      }
    }
    names.sort(Comparator.naturalOrder());
    Path parent = zipFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.write(
        zipFile,
        out -> {
          ZipOutputStream zip = new ZipOutputStream(out);
          zip.setLevel(6);
          for (String name : names) {
            ZipEntry entry = new ZipEntry(name);
            entry.setTimeLocal(FIXED_TIME);
            zip.putNextEntry(entry);
            Files.copy(folder.resolve(name), zip);
            zip.closeEntry();
          }
          zip.finish();
        });
  }

  /** {@link #unzip(Path, Path, Limits)} with {@link Limits#DEFAULT}. */
  public static void unzip(Path zipFile, Path folder) throws IOException {
    unzip(zipFile, folder, Limits.DEFAULT);
  }

  /**
   * Extracts {@code zipFile} into {@code folder}, which must not exist or be empty.
   *
   * @throws InvalidInputException CORRUPT (not a zip), MALFORMED (an entry escaping the folder),
   *     TOO_LARGE (over a limit)
   */
  public static void unzip(Path zipFile, Path folder, Limits limits) throws IOException {
    Path target = folder.toAbsolutePath().normalize();
    if (Files.exists(target)) {
      try {
        Files.delete(target);
      } catch (DirectoryNotEmptyException e) {
        throw new FileAlreadyExistsException(target.toString(), null, "folder is not empty");
      }
    }
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
    boolean done = false;
    try {
      extract(zipFile, tmp, limits);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      done = true;
    } finally {
      if (!done) {
        FileTrees.delete(tmp);
      }
    }
  }

  private static void extract(Path zipFile, Path into, Limits limits) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(zipFile.toFile());
    } catch (ZipException e) {
      throw new InvalidInputException(
          Reason.CORRUPT, "not a readable zip archive: " + zipFile + " (" + e.getMessage() + ")");
    }
    try (zip) {
      if (zip.size() > limits.maxEntries()) {
        throw new InvalidInputException(
            Reason.TOO_LARGE,
            zipFile + " has " + zip.size() + " entries, more than " + limits.maxEntries());
      }
      long total = 0;
      byte[] buffer = new byte[1 << 16];
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path out = entryPath(into, entry.getName(), zipFile);
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        long size = 0;
        try (InputStream in = zip.getInputStream(entry);
            OutputStream os = Files.newOutputStream(out)) {
          for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
            size += r;
            total += r;
            if (size > limits.maxEntryBytes()) {
              throw tooLarge(zipFile, entry.getName() + " inflates past", limits.maxEntryBytes());
            }
            if (total > limits.maxTotalBytes()) {
              throw tooLarge(zipFile, "its entries inflate past", limits.maxTotalBytes());
            }
            os.write(buffer, 0, r);
          }
        } catch (ZipException e) {
          throw new InvalidInputException(
              Reason.CORRUPT,
              "corrupt entry " + entry.getName() + " in " + zipFile + " (" + e.getMessage() + ")");
        }
      }
    }
  }

  /** Where {@code name} extracts to, refusing names that would land outside {@code into}. */
  private static Path entryPath(Path into, String name, Path zipFile) {
    String relative = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    Path out = into.resolve(relative).normalize();
    if (relative.isEmpty()
        || name.startsWith("/")
        || name.indexOf('\\') >= 0
        || !out.startsWith(into)
        || out.equals(into)) {
      throw new InvalidInputException(
          Reason.MALFORMED, zipFile + " has an entry outside its folder: \"" + name + "\"");
    }
    return out;
  }

  private static InvalidInputException tooLarge(Path zipFile, String what, long limit) {
    return new InvalidInputException(
        Reason.TOO_LARGE, zipFile + ": " + what + " the limit of " + limit + " bytes");
  }
}
