package dev.persona.app.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.io.Sha256;
import dev.persona.workflows.artifact.ArtifactRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ArtifactStore} must do; each store's test supplies the store and a tamperer.
 */
abstract class ArtifactStoreContract {
  @TempDir Path tmp;

  abstract ArtifactStore store();

  /** Replaces the stored bytes under {@code key} behind the store's back (bit rot, a swap). */
  abstract void tamper(String key, byte[] bytes) throws Exception;

  /** The hex sha256 of "abc", FIPS 180-2 appendix B.1: an independent check of the hashing. */
  static final String SHA256_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void bytesRoundTripWithKnownHash() throws Exception {
    ArtifactRef ref = store().put("jobs/t/j1/hello.txt", "abc".getBytes(StandardCharsets.UTF_8));
    assertEquals(SHA256_ABC, ref.sha256());
    assertEquals(3, ref.size());
    assertEquals("abc", new String(store().read(ref), StandardCharsets.UTF_8));
    assertEquals(Optional.of(ref), store().find("jobs/t/j1/hello.txt"));
  }

  @Test
  void fileRoundTripAndReplace() throws Exception {
    byte[] content = new byte[300_000]; // several 64 KiB copy blocks
    new Random(7).nextBytes(content);
    Path source = tmp.resolve("source.bin");
    Files.write(source, content);
    ArtifactRef ref = store().put("a/b/c.bin", source);
    assertEquals(Sha256.of(source), ref.sha256());
    Path target = tmp.resolve("out/copy.bin");
    store().get(ref, target);
    assertArrayEquals(content, Files.readAllBytes(target));

    ArtifactRef replaced = store().put("a/b/c.bin", "new".getBytes(StandardCharsets.UTF_8));
    assertEquals(ref.uri(), replaced.uri());
    assertEquals(Optional.of(replaced), store().find("a/b/c.bin"));
  }

  @Test
  void missingKeyIsEmpty() throws Exception {
    assertEquals(Optional.empty(), store().find("nothing/here.bin"));
  }

  @Test
  void corruptionIsDetectedAndLeavesTargetAlone() throws Exception {
    ArtifactRef ref = store().put("ckpt/state.bin", "original".getBytes(StandardCharsets.UTF_8));
    tamper("ckpt/state.bin", "tampered".getBytes(StandardCharsets.UTF_8));

    ArtifactCorruptException e =
        assertThrows(ArtifactCorruptException.class, () -> store().read(ref));
    assertEquals(ref.sha256(), e.expectedSha256());
    assertEquals(Sha256.of("tampered".getBytes(StandardCharsets.UTF_8)), e.actualSha256());
    assertTrue(e.getMessage().contains("ckpt/state.bin"), e.getMessage());

    Path target = tmp.resolve("target.bin");
    Files.writeString(target, "previous");
    assertThrows(ArtifactCorruptException.class, () -> store().get(ref, target));
    assertEquals("previous", Files.readString(target));
    try (var files = Files.list(tmp)) {
      assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".target")).count());
    }
  }

  @Test
  void aShorterObjectIsCorruptToo() throws Exception {
    ArtifactRef ref = store().put("x.bin", new byte[] {1, 2, 3, 4});
    tamper("x.bin", new byte[] {1, 2, 3});
    assertThrows(ArtifactCorruptException.class, () -> store().read(ref));
  }

  @Test
  void keysThatEscapeAreRefused() {
    for (String key :
        new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "", "a\\b", "c:/x"}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> store().put(key, new byte[1]), key);
      assertEquals(InvalidInputException.Reason.MALFORMED, e.reason());
    }
  }

  @Test
  void aReferenceFromElsewhereIsRefused() {
    ArtifactRef foreign = new ArtifactRef("http://example.com/x", SHA256_ABC, 3);
    assertThrows(InvalidInputException.class, () -> store().read(foreign));
    assertFalse(foreign.uri().isEmpty());
  }
}
