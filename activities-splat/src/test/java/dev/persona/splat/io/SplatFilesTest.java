package dev.persona.splat.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.splat.gaussian.Gaussians;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplatFilesTest {
  @TempDir Path dir;

  @Test
  void theExtensionChoosesTheFormatWhateverItsCase() throws IOException {
    Gaussians g = RandomGaussians.of(20, 1, 0, 4);
    Path ply = dir.resolve("a.PLY");
    SplatFiles.write(ply, g);
    assertEquals(g, SplatFiles.read(ply));
    assertTrue(
        new String(Files.readAllBytes(ply), 0, 3, java.nio.charset.StandardCharsets.US_ASCII)
            .equals("ply"));

    Path splat = dir.resolve("a.splat");
    SplatFiles.write(splat, g);
    assertEquals(20L * SplatFormat.RECORD_BYTES, Files.size(splat));
    assertEquals(0, SplatFiles.read(splat).shDegree());

    Path spz = dir.resolve("a.spz");
    SplatFiles.write(spz, g);
    byte[] head = Files.readAllBytes(spz);
    assertEquals(0x1F, head[0] & 0xFF);
    assertEquals(0x8B, head[1] & 0xFF);
    assertEquals(1, SplatFiles.read(spz).shDegree());
  }

  @Test
  void anUnknownExtensionIsRefusedNamingTheFile() {
    Path file = dir.resolve("scene.glb");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SplatFiles.read(file));
    assertEquals(Reason.UNSUPPORTED, e.reason());
    assertTrue(e.getMessage().contains("scene.glb"), e.getMessage());
    assertTrue(e.getMessage().contains(".spz"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> SplatFiles.write(file, new Gaussians(1, 0, 0)));
    assertTrue(Files.notExists(file));
  }
}
