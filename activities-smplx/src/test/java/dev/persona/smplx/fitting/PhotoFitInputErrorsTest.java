package dev.persona.smplx.fitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad photos surface as ImageIo's typed errors (or TOO_SMALL) before any model is opened, and leave
 * no output folder behind.
 */
class PhotoFitInputErrorsTest {
  @TempDir Path dir;

  private static BodyModel model;

  @BeforeAll
  static void body() {
    model = ProceduralBody.create().model();
  }

  private Reason reasonFor(Path photo) {
    Path out = dir.resolve("out");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                PhotoFit.run(
                    new PhotoFit.Request(photo, out, null, null),
                    model,
                    image -> {
                      throw new AssertionError("perception must not start for a bad photo");
                    },
                    ProgressListener.NONE));
    assertFalse(Files.exists(out), "no output for a failed fit");
    return e.reason();
  }

  @Test
  void notAnImageIsWrongFormat() throws IOException {
    Path text = dir.resolve("photo.jpg");
    Files.writeString(text, "this is not a photo");
    assertEquals(Reason.WRONG_FORMAT, reasonFor(text));
  }

  @Test
  void aTruncatedPngIsCorrupt() throws IOException {
    Path whole = dir.resolve("whole.png");
    Image image = new Image(300, 300, 3);
    Arrays.fill(image.data(), 0.5f);
    for (int i = 0; i < image.data().length; i += 7) {
      image.data()[i] = (i % 13) / 13f;
    }
    ImageIo.writePng(whole, image);
    byte[] bytes = Files.readAllBytes(whole);
    Path truncated = dir.resolve("truncated.png");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    assertEquals(Reason.CORRUPT, reasonFor(truncated));
  }

  @Test
  void aTinyPhotoIsTooSmall() throws IOException {
    Path tiny = dir.resolve("tiny.png");
    ImageIo.writePng(tiny, new Image(64, 96, 3));
    assertEquals(Reason.TOO_SMALL, reasonFor(tiny));
  }

  @Test
  void aMissingPhotoIsNotFound() {
    assertEquals(Reason.NOT_FOUND, reasonFor(dir.resolve("absent.jpg")));
    assertTrue(Files.isDirectory(dir));
  }
}
