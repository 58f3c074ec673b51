package dev.persona.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * half-written file: the bytes go to a temporary file in the target's folder (same file system, so
 * the final rename is atomic), which is then moved over the target.
 */
public final class AtomicFiles {

  /** Produces a file's content; the stream is closed by {@link AtomicFiles}. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * {@code rw-r--r--}: what a plain file write gives under the usual umask. Temporary files are
   * created owner-only, and the rename would carry that onto the result.
   */
  private static final Set<PosixFilePermission> PLAIN_FILE =
      PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFiles() {}

  private static void makeReadable(Path tmp) throws IOException {
    if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(tmp, PLAIN_FILE);
    }
  }

  /**
   * Writes {@code content} to {@code target} atomically. On failure the target is untouched and the
   * temporary file is removed.
   */
  public static void write(Path target, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      makeReadable(tmp);
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        content.writeTo(out);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
