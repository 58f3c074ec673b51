package dev.persona.core.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.core.io.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
  /**
   * 8-bit sRGB quantisation: half a code step is at most 0.0044 in linear light (at the bright end,
   * where the sRGB curve is steepest in linear terms).
   */
  private static final double SRGB_8BIT = 0.0045;

  /** Masks are stored linearly: half a code step. */
  private static final double LINEAR_8BIT = 0.5 / 255 + 1e-6;

  @TempDir Path dir;

  private static final int W = 16;
  private static final int H = 12;

  private static PinholeCamera camera(double tz) {
    return new PinholeCamera(
        W, H, 20, 21, 8, 6.5, new double[] {1, 0, 0, 0.1, 0, -1, 0, 0.2, 0, 0, -1, tz, 0, 0, 0, 1});
  }

  private static Image image(Random random, int channels) {
    float[] data = new float[W * H * channels];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat();
    }
    return new Image(W, H, channels, data);
  }

  private static SmplxParams params(Random random) {
    double[] pose = new double[SmplxJoints.COUNT * 3];
    for (int i = 0; i < pose.length; i++) {
      pose[i] = 0.1 * random.nextGaussian();
    }
    return SmplxParams.fromFullPose(
        new double[] {random.nextGaussian()}, new double[0], pose, new double[] {0, 0.1, 0});
  }

  /** Writes frames 00000 (photo), 00001 (train), 00002 (test) and returns the writer finished. */
  private Dataset writeThree(Path folder, Image[] images, Image[] masks, SmplxParams[] params)
      throws IOException {
    Random random = new Random(3);
    DatasetWriter writer = DatasetWriter.create(folder);
    writer.put("notes", JsonFiles.nodes().textNode("kept"));
    FrameSplit[] splits = {FrameSplit.PHOTO, FrameSplit.TRAIN, FrameSplit.TEST};
    for (int i = 0; i < 3; i++) {
      images[i] = image(random, 3);
      masks[i] = image(random, 1);
      params[i] = params(random);
      ObjectNode extra = JsonFiles.object();
      extra.put("pose_family", "walk" + i);
      writer.addFrame(
          FrameIds.of(i), splits[i], camera(2 + i), params[i], images[i], masks[i], extra);
    }
    return writer.finish();
  }

  private static void assertClose(Image expected, Image actual, double tolerance) {
    assertEquals(expected.width(), actual.width());
    assertEquals(expected.height(), actual.height());
    assertEquals(expected.channels(), actual.channels());
    for (int i = 0; i < expected.data().length; i++) {
      assertEquals(expected.data()[i], actual.data()[i], tolerance, "value " + i);
    }
  }

  @Test
  void writeThenReadRoundTripsEveryPart() throws IOException {
    Image[] images = new Image[3];
    Image[] masks = new Image[3];
    SmplxParams[] params = new SmplxParams[3];
    Path folder = dir.resolve("d");
    writeThree(folder, images, masks, params);

    Dataset dataset = Dataset.open(folder);

    assertEquals("00000", dataset.photoId());
    assertEquals(List.of("00000", "00001", "00002"), dataset.frameIds());
    assertEquals(List.of("00000", "00001"), dataset.trainingFrameIds());
    assertEquals(List.of("00002"), dataset.frameIds(FrameSplit.TEST));
    for (int i = 0; i < 3; i++) {
      String id = FrameIds.of(i);
      assertEquals(camera(2 + i), dataset.camera(id));
      assertEquals(params[i], dataset.params(id));
      assertClose(images[i], dataset.image(id), SRGB_8BIT);
      assertClose(masks[i], dataset.mask(id), LINEAR_8BIT);
      assertEquals("walk" + i, dataset.frameEntry(id).get("pose_family").textValue());
    }
    assertEquals("kept", dataset.description().get("notes").textValue());
  }

  @Test
  void appendKeepsUnknownKeysAndOldFrames() throws IOException {
    Path folder = dir.resolve("d");
    Dataset first = writeThree(folder, new Image[3], new Image[3], new SmplxParams[3]);
    ObjectNode description = (ObjectNode) JsonFiles.read(DatasetLayout.description(folder));
    description.putObject("producer").put("version", 7);
    ((ObjectNode) description.get("frames").get("00001")).put("quality", 0.5);
    JsonFiles.write(DatasetLayout.description(folder), description);
    ObjectNode cameras = (ObjectNode) JsonFiles.read(DatasetLayout.cameras(folder));
    cameras.put("comment", "not a frame");
    JsonFiles.write(DatasetLayout.cameras(folder), cameras);

    DatasetWriter writer = DatasetWriter.append(Dataset.open(folder));
    Random random = new Random(9);
    writer.addFrame(
        "00003", FrameSplit.TRAIN, camera(5), params(random), image(random, 3), image(random, 1));
    Dataset appended = writer.finish();

    assertEquals(List.of("00000", "00001", "00002", "00003"), appended.frameIds());
    ObjectNode kept = appended.description();
    assertEquals(7, kept.get("producer").get("version").intValue());
    assertEquals("kept", kept.get("notes").textValue());
    assertEquals(0.5, appended.frameEntry("00001").get("quality").doubleValue());
    assertEquals("walk1", appended.frameEntry("00001").get("pose_family").textValue());
    assertEquals(first.camera("00002"), appended.camera("00002"));
    assertEquals(
        "not a frame", JsonFiles.read(DatasetLayout.cameras(folder)).get("comment").textValue());
  }

  @Test
  void sameContentGivesTheSameDescriptionBytes() throws IOException {
    writeThree(dir.resolve("a"), new Image[3], new Image[3], new SmplxParams[3]);
    writeThree(dir.resolve("b"), new Image[3], new Image[3], new SmplxParams[3]);

    assertEquals(
        Files.readString(DatasetLayout.description(dir.resolve("a"))),
        Files.readString(DatasetLayout.description(dir.resolve("b"))));
  }

  @Test
  void aMissingFrameFileIsNotFoundAndNamed() throws IOException {
    Path folder = dir.resolve("d");
    writeThree(folder, new Image[3], new Image[3], new SmplxParams[3]);
    Files.delete(DatasetLayout.mask(folder, "00001"));

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Dataset.open(folder));

    assertEquals(Reason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("00001.png"), e.getMessage());
  }

  @Test
  void anUnfinishedDatasetIsRecognised() throws IOException {
    Path folder = dir.resolve("d");
    DatasetWriter writer = DatasetWriter.create(folder);
    Random random = new Random(1);
    writer.addFrame(
        "00000", FrameSplit.PHOTO, camera(2), params(random), image(random, 3), image(random, 1));

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Dataset.open(folder));

    assertEquals(Reason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> Dataset.open(dir.resolve("nothing")));
  }

  private InvalidInputException refusedDescription(String json) throws IOException {
    Path folder = dir.resolve("d");
    writeThree(folder, new Image[3], new Image[3], new SmplxParams[3]);
    Files.writeString(DatasetLayout.description(folder), json);
    return assertThrows(InvalidInputException.class, () -> Dataset.open(folder));
  }

  @Test
  void noPhotoFrameIsMalformed() throws IOException {
    InvalidInputException e =
        refusedDescription("{\"frames\": {\"00001\": {\"split\": \"train\"}}}");
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("photo"), e.getMessage());
  }

  @Test
  void aPhotoThatIsNotAFrameIsMalformed() throws IOException {
    InvalidInputException e =
        refusedDescription(
            "{\"photo\": \"00007\", \"frames\": {\"00000\": {\"split\": \"photo\"}}}");
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("00007"), e.getMessage());
  }

  @Test
  void idsThatAreNotFiveDigitsAreMalformed() throws IOException {
    InvalidInputException e =
        refusedDescription(
            "{\"photo\": \"00000\", \"frames\": {\"00000\": {\"split\": \"photo\"},"
                + " \"12\": {\"split\": \"train\"}}}");
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("\"12\""), e.getMessage());
  }

  @Test
  void anUnknownSplitIsMalformed() throws IOException {
    InvalidInputException e =
        refusedDescription(
            "{\"photo\": \"00000\", \"frames\": {\"00000\": {\"split\": \"photo\"},"
                + " \"00001\": {\"split\": \"validation\"}}}");
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("validation"), e.getMessage());
  }

  @Test
  void aFrameReferencedButAbsentIsReported() throws IOException {
    InvalidInputException e =
        refusedDescription(
            "{\"photo\": \"00000\", \"frames\": {\"00000\": {\"split\": \"photo\"},"
                + " \"00009\": {\"split\": \"train\"}}}");
    // No camera for it in cameras.json (checked before its files).
    assertEquals(Reason.MALFORMED, e.reason());
    assertTrue(e.getMessage().contains("00009"), e.getMessage());
  }
}
