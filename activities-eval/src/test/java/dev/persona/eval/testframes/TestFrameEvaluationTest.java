package dev.persona.eval.testframes;

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
import dev.persona.core.image.ImageIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFrameEvaluationTest {
  private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

  /** Frames whose cameras differ in cx, so a renderer can tell which frame it is asked for. */
  private static PinholeCamera camera(int frame) {
    return new PinholeCamera(40, 48, 50, 50, 20 + frame, 24, IDENTITY);
  }

  private static Dataset dataset(Path dir, boolean withTest) throws IOException {
    DatasetWriter w = DatasetWriter.create(dir);
    SplittableRandom r = new SplittableRandom(7);
    for (int f = 0; f < 3; f++) {
      Image image = new Image(40, 48, 3);
      Image mask = new Image(40, 48, 1);
      for (int y = 0; y < 48; y++) {
        for (int x = 0; x < 40; x++) {
          boolean person = x >= 12 + f && x < 26 && y >= 6 && y < 42;
          mask.set(x, y, 0, person ? 1f : 0f);
          for (int c = 0; c < 3; c++) {
            image.set(x, y, c, person ? (float) (0.2 + 0.5 * r.nextDouble()) : 0.8f);
          }
        }
      }
      FrameSplit split = f == 0 ? FrameSplit.PHOTO : withTest ? FrameSplit.TEST : FrameSplit.TRAIN;
      w.addFrame("0000" + f, split, camera(f), SmplxParams.zero(), image, mask);
    }
    return w.finish();
  }

  private static Image groundTruthFor(Dataset d, PinholeCamera cam) {
    try {
      return d.image("0000" + (int) Math.round(cam.cx() - 20));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aRendererThatReproducesTheFramesScoresPerfectlyWhateverItDrawsOutsideThePerson(
      @TempDir Path dir) throws IOException {
    Dataset d = dataset(dir.resolve("data"), true);
    FrameRenderer exact =
        (params, cam) -> {
          Image im = groundTruthFor(d, cam).copy();
          // Background the protocol must ignore: the ground-truth mask decides what counts.
          im.set(0, 0, 0, 0f);
          im.set(39, 47, 1, 0f);
          return im;
        };
    Path sides = dir.resolve("sides");
    TestFrameReport report = TestFrameEvaluation.evaluate(d, exact, sides);
    assertEquals(List.of("00001", "00002"), report.frames().stream().map(FrameScore::id).toList());
    assertEquals(Double.POSITIVE_INFINITY, report.meanPsnr());
    assertEquals(1.0, report.meanSsim(), 1e-12);
    Image side = ImageIo.read(sides.resolve("00001.png"));
    assertTrue(Files.exists(sides.resolve("00002.png")));
    // Frame 1's person spans 13 x 36 px: widened to 27 x 36 (0.75), x1.25 -> 33.75 x 45 -> 34 x 45;
    // the side-by-side image is twice as wide.
    assertEquals(68, side.width());
    assertEquals(45, side.height());
  }

  @Test
  void aWorseRendererScoresLower(@TempDir Path dir) throws IOException {
    Dataset d = dataset(dir, true);
    FrameRenderer dim =
        (params, cam) -> {
          Image im = groundTruthFor(d, cam).copy();
          for (int i = 0; i < im.data().length; i++) {
            im.data()[i] *= 0.7f;
          }
          return im;
        };
    TestFrameReport report = TestFrameEvaluation.evaluate(d, dim, null);
    assertTrue(report.meanPsnr() > 10 && report.meanPsnr() < 30, "PSNR " + report.meanPsnr());
    assertTrue(report.meanSsim() < 0.99, "SSIM " + report.meanSsim());
  }

  @Test
  void framesAreScaledToTheRequestedResolution(@TempDir Path dir) throws IOException {
    Dataset d = dataset(dir, true);
    List<Integer> widths = new java.util.ArrayList<>();
    FrameRenderer grey =
        (params, cam) -> {
          widths.add(cam.width());
          // The intrinsics scale with the image: half the size, half the focal length.
          assertEquals(25.0, cam.fx(), 1e-9);
          Image im = new Image(cam.width(), cam.height(), 3);
          java.util.Arrays.fill(im.data(), 0.5f);
          return im;
        };
    TestFrameReport report = TestFrameEvaluation.evaluate(d, grey, null, 24);
    // 40 x 48 frames with a longest side of 24: 20 x 24.
    assertEquals(List.of(20, 20), widths);
    assertTrue(Double.isFinite(report.meanPsnr()));
  }

  @Test
  void aDatasetWithoutTestFramesIsRefused(@TempDir Path dir) throws IOException {
    Dataset d = dataset(dir, false);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> TestFrameEvaluation.evaluate(d, (p, c) -> new Image(40, 48, 3), null));
    assertEquals(InvalidInputException.Reason.NOT_FOUND, e.reason());
  }
}
