package dev.persona.smplx.fitting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.dataset.synth.PoseFamily;
import dev.persona.core.dataset.synth.PoseLibrary;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.JsonFiles;
import dev.persona.smplx.perception.PersonMask;
import dev.persona.smplx.perception.PoseLandmarks;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fit's dataset folder: readable by {@link Dataset}, complete, and atomic. */
class FitOutputTest {
  private static final int W = 200;
  private static final int H = 300;

  @TempDir Path dir;

  private static BodyModel model;
  private static FitResult fit;
  private static PoseLandmarks landmarks;
  private static PersonMask mask;

  @BeforeAll
  static void aFit() {
    model = ProceduralBody.create().model();
    PinholeCamera camera = PhotoCamera.withFocalPixels(W, H, 400);
    SmplxParams params =
        SmplxParams.fromFullPose(
            new double[] {0.3, -0.2},
            new double[0],
            PoseLibrary.pose(PoseFamily.A_POSE, 0),
            new double[] {0, 0.1, -5});
    LandmarkMap map = LandmarkMap.of(model);
    landmarks = GroundTruthLandmarks.of(model, map, params, camera, 0, 0, 1);
    mask = GroundTruthLandmarks.mask(model, params, camera);
    fit =
        new FitResult(
            params, camera, List.of(), new double[66], 1.5, 1.2, 0.93, List.of("a note"), 2.0);
  }

  private static Image photo() {
    Image photo = new Image(W, H, 3);
    java.util.Arrays.fill(photo.data(), 0.4f);
    return photo;
  }

  @Test
  void writesAPhotoFrameTheDatasetReaderOpens() throws IOException {
    Path out = dir.resolve("fit");
    FitOutput.write(out, photo(), mask, landmarks, "test", model, fit, Map.of("perception", 0.5));
    Dataset dataset = Dataset.open(out);
    assertEquals("00000", dataset.photoId());
    assertEquals(FrameSplit.PHOTO, dataset.split("00000"));
    assertArrayEquals(fit.params().fullPose(), dataset.params("00000").fullPose(), 1e-12);
    assertArrayEquals(fit.params().transl(), dataset.params("00000").transl(), 1e-12);
    assertEquals(fit.camera(), dataset.camera("00000"));
    assertEquals(W, dataset.mask("00000").width());

    JsonNode lm = JsonFiles.read(out.resolve(FitOutput.LANDMARKS_FILE));
    assertEquals(33, lm.path("landmarks").size());
    assertEquals("left_ankle", lm.path("landmarks").get(27).path("name").asText());
    assertEquals(landmarks.x(27), lm.path("landmarks").get(27).path("x").floatValue(), 1e-4);

    JsonNode f = JsonFiles.read(out.resolve(FitOutput.FIT_FILE));
    assertEquals(0.93, f.path("silhouette_iou").asDouble(), 1e-12);
    assertEquals(1.2 / H, f.path("joint_error_fraction_of_height").asDouble(), 1e-12);
    assertEquals("a note", f.path("warnings").get(0).asText());
    assertEquals(0.5, f.path("times_s").path("perception").asDouble(), 0);

    Image overlay = ImageIo.read(out.resolve(FitOutput.OVERLAY_FILE));
    assertEquals(W, overlay.width());
    assertEquals(H, overlay.height());
    assertEquals(List.of(out.getFileName()), listing(dir));
  }

  @Test
  void refusesANonEmptyFolderAndLeavesItAlone() throws IOException {
    Path out = dir.resolve("taken");
    Files.createDirectories(out);
    Files.writeString(out.resolve("mine.txt"), "keep me");
    assertThrows(
        FileAlreadyExistsException.class,
        () -> FitOutput.write(out, photo(), mask, landmarks, "test", model, fit, Map.of()));
    assertEquals("keep me", Files.readString(out.resolve("mine.txt")));
    assertEquals(List.of(out.getFileName()), listing(dir));
  }

  @Test
  void aFailureHalfwayLeavesNothing() throws IOException {
    Path out = dir.resolve("fit");
    PersonMask wrongSize = new PersonMask(new Image(W / 2, H / 2, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> FitOutput.write(out, photo(), wrongSize, landmarks, "test", model, fit, Map.of()));
    assertTrue(listing(dir).isEmpty(), "no output and no partial folder: " + listing(dir));
  }

  private static List<Path> listing(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(Path::getFileName).sorted().toList();
    }
  }
}
