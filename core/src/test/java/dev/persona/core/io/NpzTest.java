package dev.persona.core.io;

import static dev.persona.core.io.NpyTest.dict;
import static dev.persona.core.io.NpyTest.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.NpyArray.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
  @TempDir Path dir;

  /**
   * Made by NumPy 1.24 (Debian python3-numpy), not by this code: {@code np.savez_compressed(f,
   * kintree_table=np.array([[0xFFFFFFFF, 0, 0], [0, 1, 2]], dtype=np.uint32),
   * v=np.asfortranarray(np.arange(6.).reshape(2, 3) / 4), flag=np.array(True), meta=np.array([{'a':
   * 1}], dtype=object))}. Deflated entries with zip64 extra fields, a Fortran-order array, a 0-d
   * bool and a pickled object array.
   */
  private static final String NUMPY_SAVEZ_COMPRESSED =
      "UEsDBBQAAAAIAAAAIQAUt1hFUAAAAJgAAAARABQAa2ludHJlZV90YWJsZS5ucHkBABAAmAAAAAAAAABQAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG5TaqKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6CsaaOgq1CmQDrv9AwIAEGIGYCYgBUEsDBBQAAAAIAAAAIQBY2NYlVgAAALAAAAAFABQAdi5ucHkBABAAsAAAAAAAAABWAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqGuo6Cell9UUpSYF59flJIKEg8pKk0FChdnJBakArkaRjoKxpo6CrUK5AMuBhTwwh5CX4DSH6D0Ayj9xR4AUEsDBBQAAAAIAAAAIQCCLfjTQwAAAIEAAAAIABQAZmxhZy5ucHkBABAAgQAAAAAAAABDAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loF6TZKiuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5Gpo6CrUKFAEuRgBQSwMEFAAAAAgAAAAhAAMyIdPUAAAAJwEAAAgAFABtZXRhLm5weQEAEAAnAQAAAAAAANQAAAAAAAAAm+wX6hsQychQxlCtnpJanFykbqWgXuOvrqOgnpZfVFKUmBefX5SSChJ2S8wpTgWKF2ckFqQC+RqGOpo6CrUKlACuBubkvNLcgkq95PyiVL3c0pySzMSiosRKrvii1OT8vOKSotLkEq5CBogqrrwUiGwhozdDayGTM2NSIXN7IUtQIauGN6M3Y2shG1RhSkllQSpXIXsEEwMDg79FIUdnR3shZ1Ahl4Y3cwQjUKymkNvPz8/rPxCACW/7kkKepM7YQt7aQj6wisRCfm/G4sSSQoEkPQBQSwECFAMUAAAACAAAACEAFLdYRVAAAACYAAAAEQAAAAAAAAAAAAAAgAEAAAAAa2ludHJlZV90YWJsZS5ucHlQSwECFAMUAAAACAAAACEAWNjWJVYAAACwAAAABQAAAAAAAAAAAAAAgAGTAAAAdi5ucHlQSwECFAMUAAAACAAAACEAgi3400MAAACBAAAACAAAAAAAAAAAAAAAgAEgAQAAZmxhZy5ucHlQSwECFAMUAAAACAAAACEAAzIh09QAAAAnAQAACAAAAAAAAAAAAAAAgAGdAQAAbWV0YS5ucHlQSwUGAAAAAAQABADeAAAAqwIAAAAA";

  private Path numpyFile() throws IOException {
    return Files.write(
        dir.resolve("numpy.npz"), Base64.getDecoder().decode(NUMPY_SAVEZ_COMPRESSED));
  }

  @Test
  void readsAnArchiveWrittenByNumpy() throws IOException {
    Path file = numpyFile();
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npz.read(file));
    assertEquals(Reason.UNSUPPORTED, e.reason());
    assertEquals(true, e.getMessage().contains("meta.npy"), e.getMessage());

    Map<String, NpyArray> arrays = Npz.read(file, Npz.DEFAULT_MAX_TOTAL_BYTES, true);
    assertEquals(List.of("kintree_table", "v", "flag"), List.copyOf(arrays.keySet()));
    NpyArray kintree = arrays.get("kintree_table");
    assertEquals(DType.UINT32, kintree.dtype());
    assertArrayEquals(new int[] {2, 3}, kintree.shape());
    assertArrayEquals(new int[] {-1, 0, 0, 0, 1, 2}, kintree.toInts());
    NpyArray v = arrays.get("v");
    assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1, 1.25}, v.toDoubles());
    NpyArray flag = arrays.get("flag");
    assertEquals(DType.BOOL, flag.dtype());
    assertArrayEquals(new int[0], flag.shape());
    assertArrayEquals(new int[] {1}, flag.toInts());
  }

  @Test
  void roundTripKeepsKeysOrderAndValues() throws IOException {
    Map<String, NpyArray> in = new LinkedHashMap<>();
    in.put("v_template", NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    in.put("f", NpyArray.ofInts(new int[] {0, 1, 2}, 1, 3));
    in.put("a_last_but_alphabetically_first", NpyArray.ofDoubles(new double[] {0.5}));
    in.put("kintree_table", NpyArray.ofLongs(new long[] {-1, 0}, 1, 2));
    in.put("mask", NpyArray.ofBytes(new byte[] {1, 0}, 2));
    Path file = dir.resolve("model.npz");
    Npz.write(file, in);
    Map<String, NpyArray> out = Npz.read(file);
    assertEquals(List.copyOf(in.keySet()), List.copyOf(out.keySet()));
    for (String key : in.keySet()) {
      assertEquals(in.get(key).dtype(), out.get(key).dtype(), key);
      assertArrayEquals(in.get(key).shape(), out.get(key).shape(), key);
      assertArrayEquals(in.get(key).toDoubles(), out.get(key).toDoubles(), key);
    }
  }

  @Test
  void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("out.npz");
    Npz.write(file, Map.of("a", NpyArray.ofInts(new int[] {1}, 1)));
    Npz.write(file, Map.of("b", NpyArray.ofInts(new int[] {2}, 1)));
    assertEquals(List.of("b"), List.copyOf(Npz.read(file).keySet()));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void readsDeflatedAndStoredEntriesAndKeepsNamesWithoutNpy() throws IOException {
    byte[] a = npy(dict("<f4", false, "(2,)"), new byte[] {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40});
    byte[] b = npy(dict("|u1", false, "(3,)"), new byte[] {7, 8, 9});
    Path file = dir.resolve("mixed.npz");
    ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
      zip.putNextEntry(new ZipEntry("deflated.npy")); // DEFLATED is ZipOutputStream's default
      zip.write(a);
      zip.closeEntry();
      ZipEntry stored = new ZipEntry("stored.npy");
      stored.setMethod(ZipEntry.STORED);
      stored.setSize(b.length);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(b);
      stored.setCrc(crc.getValue());
      zip.putNextEntry(stored);
      zip.write(b);
      zip.closeEntry();
    }
    Files.write(file, zipBytes.toByteArray());
    Map<String, NpyArray> arrays = Npz.read(file);
    assertEquals(List.of("deflated", "stored"), List.copyOf(arrays.keySet()));
    assertArrayEquals(new float[] {1, 2}, arrays.get("deflated").toFloats());
    assertArrayEquals(new int[] {7, 8, 9}, arrays.get("stored").toInts());
  }

  @Test
  void refusesBadArchives() throws IOException {
    Path missing = dir.resolve("missing.npz");
    assertEquals(Reason.NOT_FOUND, refused(missing).reason());

    Path text = Files.writeString(dir.resolve("text.npz"), "hello, not a zip at all");
    assertEquals(Reason.WRONG_FORMAT, refused(text).reason());

    Path good = dir.resolve("good.npz");
    Npz.write(good, Map.of("x", NpyArray.ofFloats(new float[1000], 1000)));
    byte[] whole = Files.readAllBytes(good);

    Path truncated =
        Files.write(dir.resolve("truncated.npz"), Arrays.copyOf(whole, whole.length / 2));
    assertEquals(Reason.CORRUPT, refused(truncated).reason());

    // One flipped bit inside the stored float data: only the CRC-32 can notice.
    byte[] flipped = whole.clone();
    flipped[whole.length / 2] ^= 1;
    Path damaged = Files.write(dir.resolve("damaged.npz"), flipped);
    assertEquals(Reason.CORRUPT, refused(damaged).reason());

    InvalidInputException tooLarge =
        assertThrows(InvalidInputException.class, () -> Npz.read(good, 3999));
    assertEquals(Reason.TOO_LARGE, tooLarge.reason());
    assertEquals(1000, Npz.read(good, 4000).get("x").size());
  }

  @Test
  void theLimitIsOnTheTotalOfAllEntries() throws IOException {
    Path file = dir.resolve("two.npz");
    Map<String, NpyArray> two = new LinkedHashMap<>();
    two.put("a", NpyArray.ofFloats(new float[100], 100));
    two.put("b", NpyArray.ofFloats(new float[100], 100));
    Npz.write(file, two);
    assertEquals(
        Reason.TOO_LARGE,
        assertThrows(InvalidInputException.class, () -> Npz.read(file, 799)).reason());
    assertEquals(2, Npz.read(file, 800).size());
  }

  @Test
  void aDeflatedEntryWhoseHeaderLiesIsCorrupt() throws IOException {
    // Header promises 1000 floats, the (deflated) entry holds 10.
    byte[] liar = npy(dict("<f4", false, "(1000,)"), new byte[40]);
    Path file = dir.resolve("liar.npz");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("x.npy"));
      zip.write(liar);
      zip.closeEntry();
    }
    InvalidInputException e = refused(file);
    assertEquals(Reason.CORRUPT, e.reason());
    assertFalse(e.getMessage().isEmpty());
  }

  private static InvalidInputException refused(Path file) {
    return assertThrows(InvalidInputException.class, () -> Npz.read(file));
  }
}
