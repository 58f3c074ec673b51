package dev.persona.app.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.io.Sha256;
import dev.persona.workflows.artifact.ArtifactRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalArtifactStoreTest extends ArtifactStoreContract {
  private LocalArtifactStore store;

  @BeforeEach
  void open() throws IOException {
    store = new LocalArtifactStore(tmp.resolve("store"));
  }

  @Override
  ArtifactStore store() {
    return store;
  }

  @Override
  void tamper(String key, byte[] bytes) throws IOException {
    Files.write(store.pathOf(key), bytes);
  }

  @Test
  void objectsAreFilesUnderTheRootWithFileUris() throws Exception {
    ArtifactRef ref = store.put("jobs/acme/j/fit.zip", new byte[] {9});
    Path file = tmp.resolve("store/jobs/acme/j/fit.zip").toAbsolutePath();
    assertTrue(Files.isRegularFile(file));
    assertEquals(file.toUri().toString(), ref.uri());
    assertEquals("jobs/acme/j/fit.zip", store.keyOf(ref));
  }

  @Test
  void aFileUriOutsideTheRootIsRefused() throws Exception {
    Path outside = tmp.resolve("outside.bin");
    Files.write(outside, new byte[] {1});
    ArtifactRef ref = new ArtifactRef(outside.toUri().toString(), Sha256.of(outside), 1);
    assertThrows(InvalidInputException.class, () -> store.read(ref));
  }
}
