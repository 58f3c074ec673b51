package dev.persona.core.progress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCheckpointStoreTest {
  @Test
  void savesReplacesAndLoadsByName(@TempDir Path dir) throws IOException {
    FolderCheckpointStore store = new FolderCheckpointStore(dir.resolve("ckpt"));
    assertEquals(Optional.empty(), store.load("train"));
    store.save("train", new byte[] {1, 2, 3});
    store.save("clip-0003", new byte[] {9});
    store.save("train", new byte[] {4, 5});
    assertArrayEquals(new byte[] {4, 5}, store.load("train").orElseThrow());
    assertArrayEquals(new byte[] {9}, store.load("clip-0003").orElseThrow());
    try (Stream<Path> files = Files.list(dir.resolve("ckpt"))) {
      // No temporary files are left beside the two checkpoints.
      assertEquals(2, files.count());
    }
    store.delete("train");
    assertTrue(store.load("train").isEmpty());
  }

  @Test
  void refusesNamesThatWouldLeaveTheFolder(@TempDir Path dir) {
    FolderCheckpointStore store = new FolderCheckpointStore(dir);
    assertThrows(IllegalArgumentException.class, () -> store.save("../x", new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> store.load("a/b"));
  }
}
