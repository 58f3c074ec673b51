package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fit command's bad-input paths: one clear line, exit 2, nothing written (issue 5). */
class FitCommandTest {
  @TempDir Path dir;

  @Test
  void aFileThatIsNotAnImageIsRefusedWithOneLineAndNoOutput() throws Exception {
    Path photo = dir.resolve("photo.jpg");
    Files.writeString(photo, "this is not a JPEG");
    Path out = dir.resolve("fitted");

    CliRun r = CliRun.of("fit", photo.toString(), "--out", out.toString());

    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("not an image"), r.err());
    assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aPhotoTooSmallToFitIsRefusedBeforePerception() throws Exception {
    Path photo = dir.resolve("tiny.png");
    ImageIo.writePng(photo, new Image(64, 48, 3, new float[64 * 48 * 3]));
    Path out = dir.resolve("fitted");

    CliRun r = CliRun.of("fit", photo.toString(), "--out", out.toString());

    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("the photo is 64x48"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aMissingPhotoIsNamed() {
    Path out = dir.resolve("fitted");

    CliRun r = CliRun.of("fit", dir.resolve("nowhere.jpg").toString(), "--out", out.toString());

    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("nowhere.jpg"), r.err());
    assertFalse(Files.exists(out));
  }
}
