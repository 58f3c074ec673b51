package dev.persona.eval.neuman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.core.InvalidInputException;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.progress.ProgressListener;
import dev.persona.eval.colmap.ColmapModel;
import dev.persona.eval.colmap.ColmapTestModel;
import dev.persona.eval.colmap.ColmapTestModel.Camera;
import dev.persona.eval.colmap.ColmapTestModel.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COLMAP text models and NeuMan sequences written here, against hand-computed poses. */
class NeuManImportTest {
  private static final String CAMERAS =
      """
      # Camera list with one line of data per camera:
      #   CAMERA_ID, MODEL, WIDTH, HEIGHT, PARAMS[]
      1 PINHOLE 8 6 10 11 4 3
      2 SIMPLE_RADIAL 8 6 12 4.5 3.5 0
      """;

  /**
   * Image 1: q = (cos 45, 0, 0, sin 45), 90 degrees about z, t = (1, 2, 3). Image 2: q = (0, 2, 0,
   * 0), not normalised, 180 degrees about x, t = (0, 0, 5); its points line is empty.
   */
  private static final String IMAGES =
      """
      # Image list with two lines of data per image:
      1 0.7071067811865476 0 0 0.7071067811865476 1 2 3 1 00000.png
      2.0 3.0 -1 4.5 6.0 7
      2 0 2 0 0 0 0 5 2 00001.png

      3 1 0 0 0 0 0 4 1 00002.png
      1.0 2.0 -1
      """;

  private static void writeSparse(Path seq) throws IOException {
    Path sparse = Files.createDirectories(seq.resolve("sparse"));
    Files.writeString(sparse.resolve("cameras.txt"), CAMERAS);
    Files.writeString(sparse.resolve("images.txt"), IMAGES);
  }

  private static double[] apply(double[] m, double x, double y, double z) {
    return new double[] {
      m[0] * x + m[1] * y + m[2] * z + m[3],
      m[4] * x + m[5] * y + m[6] * z + m[7],
      m[8] * x + m[9] * y + m[10] * z + m[11]
    };
  }

  @Test
  void colmapPosesAreWorldToCameraAsComputedByHand(@TempDir Path dir) throws IOException {
    writeSparse(dir);
    Map<String, PinholeCamera> cams = ColmapModel.readText(dir.resolve("sparse"));
    assertEquals(List.of("00000.png", "00001.png", "00002.png"), List.copyOf(cams.keySet()));
    PinholeCamera a = cams.get("00000.png");
    assertEquals(10, a.fx(), 0);
    assertEquals(11, a.fy(), 0);
    assertEquals(4, a.cx(), 0);
    assertEquals(3, a.cy(), 0);
    // 90 degrees about z takes (1, 0, 0) to (0, 1, 0); plus t: (1, 3, 3).
    assertArrayEquals(new double[] {1, 3, 3}, apply(a.worldToCamera(), 1, 0, 0), 1e-12);
    // (0, 1, 0) to (-1, 0, 0); plus t: (0, 2, 3).
    assertArrayEquals(new double[] {0, 2, 3}, apply(a.worldToCamera(), 0, 1, 0), 1e-12);
    PinholeCamera b = cams.get("00001.png");
    assertEquals(12, b.fx(), 0);
    assertEquals(12, b.fy(), 0);
    // 180 degrees about x: (0, 1, 1) to (0, -1, -1); plus t: (0, -1, 4).
    assertArrayEquals(new double[] {0, -1, 4}, apply(b.worldToCamera(), 0, 1, 1), 1e-12);
  }

  @Test
  void distortionIsRefused(@TempDir Path dir) throws IOException {
    writeSparse(dir);
    Files.writeString(dir.resolve("sparse/cameras.txt"), "1 OPENCV 8 6 10 11 4 3 0.1 0 0 0\n");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> ColmapModel.readText(dir.resolve("sparse")));
    assertEquals(InvalidInputException.Reason.UNSUPPORTED, e.reason());
  }

  /** The frames, NeuMan segmentations, SMPL-X fits and a test split of three 8x6 frames. */
  private static void writeFrames(Path seq) throws IOException {
    Files.createDirectories(seq.resolve("images"));
    Files.createDirectories(seq.resolve("segmentations"));
    Path params = Files.createDirectories(seq.resolve("smplx_optimized/smplx_params"));
    for (int f = 0; f < 3; f++) {
      String name = String.format("%05d.png", f);
      ImageIo.writePng(seq.resolve("images").resolve(name), new Image(8, 6, 3));
      // NeuMan's segmentation: black person (left half), white background.
      Image seg = new Image(8, 6, 1);
      for (int y = 0; y < 6; y++) {
        for (int x = 4; x < 8; x++) {
          seg.set(x, y, 0, 1f);
        }
      }
      ImageIo.writePng(seq.resolve("segmentations").resolve(name), seg);
      double[] body = new double[63];
      body[0] = 0.1 * f;
      Files.writeString(
          params.resolve(f + ".json"),
          "{\"root_pose\": [0, 0, "
              + f
              + "], \"body_pose\": "
              + java.util.Arrays.toString(body)
              + ", \"trans\": [[1, 2, 3]], \"expr\": [0.5, 0.25]}");
    }
    Files.writeString(seq.resolve("smplx_optimized/shape_param.json"), "[0.1, 0.2, 0.3]");
    Files.writeString(seq.resolve("test_split.txt"), "00002.png\n");
  }

  @Test
  void aSequenceBecomesADatasetWithItsSplitsMasksAndFits(@TempDir Path dir) throws IOException {
    Path seq = dir.resolve("bike");
    writeSparse(seq);
    writeFrames(seq);
    Dataset d = NeuManImport.convert(seq, dir.resolve("out"), ProgressListener.NONE);
    assertEquals("00000", d.photoId());
    assertEquals(List.of("00001"), d.frameIds(FrameSplit.TRAIN));
    assertEquals(List.of("00002"), d.frameIds(FrameSplit.TEST));
    assertArrayEquals(new double[] {0, 0, 2}, d.params("00002").globalOrient(), 0);
    assertArrayEquals(new double[] {1, 2, 3}, d.params("00002").transl(), 0);
    assertArrayEquals(new double[] {0.1, 0.2, 0.3}, d.params("00001").betas(), 0);
    assertEquals(0.1, d.params("00001").bodyPose()[0], 1e-12);
    assertArrayEquals(new double[] {0.5, 0.25}, d.params("00001").expression(), 0);
    assertEquals(1f, d.mask("00001").get(1, 2, 0), 0f);
    assertEquals(0f, d.mask("00001").get(6, 2, 0), 0f);
    // Frame 00002 is the COLMAP image 00002.png: identity rotation, t = (0, 0, 4).
    assertArrayEquals(
        new double[] {0, 0, 4}, apply(d.camera("00002").worldToCamera(), 0, 0, 0), 1e-12);
  }

  @Test
  void aSequenceWithABinaryModelImportsAsWithItsTextModel(@TempDir Path dir) throws IOException {
    Path text = dir.resolve("text");
    writeSparse(text);
    writeFrames(text);
    // The same model as CAMERAS and IMAGES, in COLMAP's binary form only.
    Path bin = dir.resolve("bin");
    double s45 = 0.7071067811865476;
    ColmapTestModel.writeBinary(
        bin.resolve("sparse"),
        List.of(
            Camera.of(1, "PINHOLE", 1, 8, 6, 10, 11, 4, 3),
            Camera.of(2, "SIMPLE_RADIAL", 2, 8, 6, 12, 4.5, 3.5, 0)),
        List.of(
            new ColmapTestModel.Image(
                1,
                new double[] {s45, 0, 0, s45},
                new double[] {1, 2, 3},
                1,
                "00000.png",
                List.of(new Point(2, 3, -1), new Point(4.5, 6, 7))),
            new ColmapTestModel.Image(
                2, new double[] {0, 2, 0, 0}, new double[] {0, 0, 5}, 2, "00001.png", List.of()),
            new ColmapTestModel.Image(
                3,
                new double[] {1, 0, 0, 0},
                new double[] {0, 0, 4},
                1,
                "00002.png",
                List.of(new Point(1, 2, -1)))));
    writeFrames(bin);
    try (Stream<Path> files = Files.list(bin.resolve("sparse"))) {
      assertEquals(
          List.of("cameras.bin", "images.bin"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    Dataset fromText = NeuManImport.convert(text, dir.resolve("out-text"), ProgressListener.NONE);
    Dataset fromBin = NeuManImport.convert(bin, dir.resolve("out-bin"), ProgressListener.NONE);
    assertEquals(fromText.frameIds(FrameSplit.TRAIN), fromBin.frameIds(FrameSplit.TRAIN));
    for (String id : List.of("00000", "00001", "00002")) {
      PinholeCamera t = fromText.camera(id);
      PinholeCamera b = fromBin.camera(id);
      assertEquals(t.fx(), b.fx(), 0, id);
      assertEquals(t.fy(), b.fy(), 0, id);
      assertEquals(t.cx(), b.cx(), 0, id);
      assertEquals(t.cy(), b.cy(), 0, id);
      assertArrayEquals(t.worldToCamera(), b.worldToCamera(), 0, id);
    }
    // Frame 00000: 90 degrees about z, t = (1, 2, 3), as by hand in the text test.
    assertArrayEquals(
        new double[] {1, 3, 3}, apply(fromBin.camera("00000").worldToCamera(), 1, 0, 0), 1e-12);
  }
}
