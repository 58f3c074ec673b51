package dev.persona.smplx.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.smplx.models.MediaPipePoseModels.ModelFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaPipePoseModelsTest {
  /** Nothing listens on port 9 of the loopback: connection refused, at once. */
  private static final URI UNREACHABLE = URI.create("http://127.0.0.1:9/pose.tgz");

  @TempDir Path dir;

  @Test
  void theCacheRootFollowsPropertyThenEnvironmentThenXdgThenHome() {
    assertEquals(
        Path.of("/p").toAbsolutePath(), ModelCache.root("/p", Map.of(ModelCache.ENV, "/e")));
    assertEquals(Path.of("/e"), ModelCache.root(null, Map.of(ModelCache.ENV, "/e")));
    assertEquals(
        Path.of("/x", "persona", "models"), ModelCache.root(null, Map.of("XDG_CACHE_HOME", "/x")));
    assertTrue(ModelCache.root(null, Map.of()).endsWith(Path.of(".cache", "persona", "models")));
  }

  @Test
  void anUnreachableRegistryIsATypedErrorSayingWhatToDo() {
    MediaPipePoseModels models = new MediaPipePoseModels(dir.resolve("cache"), UNREACHABLE);
    ModelUnavailableException e =
        assertThrows(ModelUnavailableException.class, () -> models.ensure(ModelFile.DETECTOR));
    assertEquals(ModelUnavailableException.Kind.DOWNLOAD_FAILED, e.kind());
    assertTrue(e.getMessage().contains(MediaPipePoseModels.TARBALL.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(dir.resolve("cache").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(ModelCache.ENV), e.getMessage());
  }

  @Test
  void aWrongTarballDroppedInByHandIsRefused() throws IOException {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Files.writeString(cache.resolve(MediaPipePoseModels.TARBALL_FILE), "not the package");
    MediaPipePoseModels models = new MediaPipePoseModels(cache, UNREACHABLE);
    ModelUnavailableException e =
        assertThrows(ModelUnavailableException.class, () -> models.ensure(ModelFile.LANDMARK_FULL));
    assertEquals(ModelUnavailableException.Kind.INTEGRITY_MISMATCH, e.kind());
  }

  @Test
  void cachedFilesAreUsedOfflineAndCorruptOnesAreNot() throws IOException {
    // Fills the user's cache on first run (network); later runs reuse it.
    MediaPipePoseModels shared = MediaPipePoseModels.inDefaultCache();
    Path detector = shared.ensure(ModelFile.DETECTOR);
    Path cache = Files.createDirectories(dir.resolve("offline"));
    Files.copy(detector, cache.resolve(ModelFile.DETECTOR.fileName()));
    MediaPipePoseModels offline = new MediaPipePoseModels(cache, UNREACHABLE);
    assertEquals(cache.resolve(ModelFile.DETECTOR.fileName()), offline.ensure(ModelFile.DETECTOR));
    assertTrue(offline.isCached(ModelFile.DETECTOR));

    byte[] bytes = Files.readAllBytes(detector);
    bytes[1000] ^= 1;
    Files.write(cache.resolve(ModelFile.DETECTOR.fileName()), bytes);
    MediaPipePoseModels corrupt = new MediaPipePoseModels(cache, UNREACHABLE);
    assertTrue(!corrupt.isCached(ModelFile.DETECTOR));
    assertThrows(ModelUnavailableException.class, () -> corrupt.ensure(ModelFile.DETECTOR));
  }

  @Test
  void theDetectorIsTheLoaderNamedRangeAndMustBeATfliteModel() throws IOException {
    byte[] packed = new byte[64];
    byte[] model = "....TFL3-model-bytes".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(model, 0, packed, 10, model.length);
    String loader =
        "loadPackage({\"files\": [{\"filename\": \"/third_party/mediapipe/modules/pose_detection/"
            + "pose_detection.tflite\", \"start\": 10, \"end\": "
            + (10 + model.length)
            + "}]})";
    assertArrayEquals(model, MediaPipePoseModels.detectorBytes(packed, loader));
    String wrong = loader.replace("\"start\": 10", "\"start\": 11");
    assertThrows(
        ModelUnavailableException.class, () -> MediaPipePoseModels.detectorBytes(packed, wrong));
    String outside = loader.replace("\"end\": " + (10 + model.length), "\"end\": 999");
    assertThrows(
        ModelUnavailableException.class, () -> MediaPipePoseModels.detectorBytes(packed, outside));
  }

  @Test
  void theTarReaderReadsUstarEntriesAndPrefixes() throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    writeEntry(tar, "package/a.txt", null, "hello".getBytes(StandardCharsets.US_ASCII));
    byte[] big = new byte[1300];
    big[1299] = 7;
    writeEntry(tar, "b.bin", "package/deep", big);
    tar.write(new byte[1024]);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      tar.writeTo(out);
    }
    try (TarGzReader r = new TarGzReader(new ByteArrayInputStream(gz.toByteArray()))) {
      TarGzReader.Entry a = r.next();
      assertEquals("package/a.txt", a.name());
      assertEquals(5, a.size());
      // b is read without reading a's content: the reader skips it.
      TarGzReader.Entry b = r.next();
      assertEquals("package/deep/b.bin", b.name());
      assertArrayEquals(big, r.content());
      assertNull(r.next());
    }
  }

  private static void writeEntry(ByteArrayOutputStream tar, String name, String prefix, byte[] data)
      throws IOException {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 124, String.format("%011o", data.length));
    h[156] = '0';
    put(h, 257, "ustar");
    h[263] = '0';
    h[264] = '0';
    if (prefix != null) {
      put(h, 345, prefix);
    }
    tar.write(h);
    tar.write(data);
    tar.write(new byte[(512 - data.length % 512) % 512]);
  }

  private static void put(byte[] h, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, offset, b.length);
  }
}
