package dev.persona.app.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.Sha256;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderArchiveTest {
  @TempDir Path tmp;

  private static final byte[] BIG = new byte[200_000];

  static {
    new Random(3).nextBytes(BIG);
  }

  /** Writes the same three files in the given order, with the given modification time. */
  private static Path folder(Path dir, List<String> order, long mtime) throws Exception {
    for (String name : order) {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      byte[] bytes =
          name.endsWith(".bin") ? BIG : ("content of " + name).getBytes(StandardCharsets.UTF_8);
      Files.write(file, bytes);
      Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    }
    return dir;
  }

  @Test
  void sameContentGivesSameBytesWhateverTheOrderAndTimes() throws Exception {
    Path a = folder(tmp.resolve("a"), List.of("x.json", "sub/y.png", "sub/z.bin"), 1_000_000L);
    Path b = folder(tmp.resolve("b"), List.of("sub/z.bin", "x.json", "sub/y.png"), 9_999_000_000L);
    FolderArchive.zip(a, tmp.resolve("a.zip"));
    FolderArchive.zip(b, tmp.resolve("b.zip"));
    assertEquals(Sha256.of(tmp.resolve("a.zip")), Sha256.of(tmp.resolve("b.zip")));

    Files.writeString(b.resolve("x.json"), "changed");
    FolderArchive.zip(b, tmp.resolve("b2.zip"));
    assertFalse(Sha256.of(tmp.resolve("a.zip")).equals(Sha256.of(tmp.resolve("b2.zip"))));
  }

  @Test
  void unzipRestoresEveryFile() throws Exception {
    Path a = folder(tmp.resolve("a"), List.of("x.json", "sub/y.png", "sub/z.bin"), 0L);
    FolderArchive.zip(a, tmp.resolve("a.zip"));
    Path out = tmp.resolve("out");
    FolderArchive.unzip(tmp.resolve("a.zip"), out);
    for (String name : List.of("x.json", "sub/y.png", "sub/z.bin")) {
      assertArrayEquals(Files.readAllBytes(a.resolve(name)), Files.readAllBytes(out.resolve(name)));
    }
    try (Stream<Path> files = Files.walk(out)) {
      assertEquals(3, files.filter(Files::isRegularFile).count());
    }
  }

  private Path zipWith(String entryName, byte[] content) throws Exception {
    Path zip = tmp.resolve("crafted.zip");
    try (OutputStream os = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(os)) {
      out.putNextEntry(new ZipEntry("fine.txt"));
      out.write(1);
      out.closeEntry();
      out.putNextEntry(new ZipEntry(entryName));
      out.write(content);
      out.closeEntry();
    }
    return zip;
  }

  @Test
  void zipSlipIsRefusedAndNothingIsLeft() throws Exception {
    for (String evil : List.of("../evil.txt", "sub/../../evil.txt", "/tmp/evil.txt")) {
      Path zip = zipWith(evil, new byte[] {1});
      Path out = tmp.resolve("x/out");
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> FolderArchive.unzip(zip, out), evil);
      assertEquals(Reason.MALFORMED, e.reason());
      assertFalse(Files.exists(tmp.resolve("evil.txt")));
      assertFalse(Files.exists(out));
      try (Stream<Path> left = Files.list(tmp.resolve("x"))) {
        assertEquals(0, left.count(), "the temporary folder is removed");
      }
    }
  }

  @Test
  void inflatedSizeIsBoundedByWhatIsReadNotDeclared() throws Exception {
    // 1 MB of zeros deflates to about 1 KB: a small archive that inflates large.
    Path zip = zipWith("zeros.bin", new byte[1 << 20]);
    Path out = tmp.resolve("out");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> FolderArchive.unzip(zip, out, new FolderArchive.Limits(10, 100_000, 1L << 30)));
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertFalse(Files.exists(out));
    assertThrows(
        InvalidInputException.class,
        () -> FolderArchive.unzip(zip, out, new FolderArchive.Limits(1, 1L << 30, 1L << 30)));
  }

  @Test
  void notAZipIsCorrupt() throws Exception {
    Path junk = tmp.resolve("junk.zip");
    Files.writeString(junk, "not a zip");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> FolderArchive.unzip(junk, tmp.resolve("out")));
    assertEquals(Reason.CORRUPT, e.reason());
  }
}
