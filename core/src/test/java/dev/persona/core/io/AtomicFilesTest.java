package dev.persona.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @Test
  void writesTheContentReadableLikeAPlainFileAndLeavesNoTemporaryFile(@TempDir Path dir)
      throws IOException {
    Path target = dir.resolve("out.bin");
    AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
    Assumptions.assumeTrue(
        Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class));
    // Not the owner-only mode of the temporary file it was renamed from.
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }

  @Test
  void aFailedWriteLeavesTheOldContent(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("out.bin");
    Files.write(target, new byte[] {7});
    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                target,
                out -> {
                  out.write(new byte[] {1, 2});
                  throw new IOException("disk full");
                }));
    assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }
}
