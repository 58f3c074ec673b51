package dev.persona.splat.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetWriter;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.Image;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingFramesTest {
  private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

  /** 8-bit PNG storage: a linear value comes back within half an sRGB step, below 1e-2. */
  private static final double PNG = 1e-2;

  @Test
  void loadsPhotoAndTrainFramesNeverTestResizedAndComposited(@TempDir Path dir) throws IOException {
    DatasetWriter w = DatasetWriter.create(dir);
    add(w, "00000", FrameSplit.PHOTO, 40, 20);
    add(w, "00001", FrameSplit.TRAIN, 40, 20);
    add(w, "00002", FrameSplit.TEST, 40, 20);
    add(w, "00003", FrameSplit.TRAIN, 40, 20);
    Dataset d = w.finish();
    TrainingOptions.Background bg = new TrainingOptions.Background(0f, 0f, 1f);
    TrainingFrames frames = TrainingFrames.load(d, 20, bg);
    assertEquals("00000", frames.photo().id());
    assertEquals(2, frames.syntheticCount());
    assertEquals("00001", frames.synthetic().get(0).id());
    assertEquals("00003", frames.synthetic().get(1).id(), "the test frame is skipped");
    assertEquals(20, frames.width());
    assertEquals(10, frames.height());
    PinholeCamera c = frames.photo().camera();
    assertEquals(30.0 / 2, c.fx(), 1e-12, "intrinsics scale with the image");
    assertEquals(20.0 / 2, c.cx(), 1e-12);
    // Left half: mask 1 over red 0.5; right half: mask 0 -> the background (blue).
    float[] t = frames.photo().target();
    int left = 5 * 20 + 2;
    int right = 5 * 20 + 17;
    assertEquals(0.5, t[left * 3], PNG);
    assertEquals(0.0, t[left * 3 + 2], PNG);
    assertEquals(0.0, t[right * 3], PNG);
    assertEquals(1.0, t[right * 3 + 2], PNG);
    assertEquals(1.0, frames.photo().mask()[left], PNG);
  }

  @Test
  void aDatasetWithoutTrainFramesIsRefused(@TempDir Path dir) throws IOException {
    DatasetWriter w = DatasetWriter.create(dir);
    add(w, "00000", FrameSplit.PHOTO, 16, 16);
    add(w, "00001", FrameSplit.TEST, 16, 16);
    Dataset d = w.finish();
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> TrainingFrames.load(d, 0, TrainingOptions.Background.BLACK));
    assertEquals(InvalidInputException.Reason.TOO_SMALL, e.reason());
    assertTrue(e.getMessage().contains("train"), e.getMessage());
  }

  @Test
  void framesOfDifferentSizesAreRefused(@TempDir Path dir) throws IOException {
    DatasetWriter w = DatasetWriter.create(dir);
    add(w, "00000", FrameSplit.PHOTO, 16, 16);
    add(w, "00001", FrameSplit.TRAIN, 24, 16);
    Dataset d = w.finish();
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> TrainingFrames.load(d, 0, TrainingOptions.Background.BLACK));
    assertEquals(InvalidInputException.Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("differ in size"), e.getMessage());
  }

  /** A frame whose left half is a red 0.5 person (mask 1) and right half grey background. */
  private static void add(DatasetWriter w, String id, FrameSplit split, int width, int height)
      throws IOException {
    Image image = new Image(width, height, 3);
    Image mask = new Image(width, height, 1);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean person = x < width / 2;
        image.set(x, y, 0, person ? 0.5f : 0.8f);
        image.set(x, y, 1, person ? 0f : 0.8f);
        image.set(x, y, 2, person ? 0f : 0.8f);
        mask.set(x, y, 0, person ? 1f : 0f);
      }
    }
    PinholeCamera camera =
        new PinholeCamera(width, height, 30, 30, width / 2.0, height / 2.0, IDENTITY);
    w.addFrame(id, split, camera, SmplxParams.zero(), image, mask);
  }
}
