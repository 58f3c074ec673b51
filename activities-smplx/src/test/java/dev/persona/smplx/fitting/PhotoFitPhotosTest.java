package dev.persona.smplx.fitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.progress.ProgressListener;
import dev.persona.smplx.models.MediaPipePoseModels;
import dev.persona.smplx.perception.BlazePose;
import dev.persona.smplx.perception.BlazePoseOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code fit} end to end on the real photos of {@code ../shared/photos} (skipped when absent): each
 * ends with a fit dataset or a typed error, never anything else. The overlays are copied to {@code
 * target/fit-overlays/} for a person to look at.
 */
class PhotoFitPhotosTest {
  static final Path OVERLAYS = Path.of("target", "fit-overlays");

  @TempDir static Path temp;

  private static BlazePose pose;
  private static BodyModel model;

  @BeforeAll
  static void open() throws IOException {
    assumeTrue(Files.isDirectory(photos()), "shared/photos is absent: skipped");
    pose = BlazePose.open(MediaPipePoseModels.inDefaultCache(), BlazePoseOptions.DEFAULTS);
    model = ProceduralBody.create().model();
    Files.createDirectories(OVERLAYS);
  }

  @AfterAll
  static void close() {
    if (pose != null) {
      pose.close();
    }
  }

  static Path photos() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared").resolve("photos");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return Path.of("shared-photos-not-found");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "office_man_apose.jpg",
        "astronaut_aldrin_moon.jpg",
        "footballer_running.jpeg",
        "cutout_man_tpose_rgba.png"
      })
  void endsWithAFitOrATypedError(String name) throws IOException {
    Path out = temp.resolve(name + "-fit");
    PhotoFit.Outcome outcome;
    try {
      outcome =
          PhotoFit.run(
              new PhotoFit.Request(photos().resolve(name), out, null, null),
              model,
              pose::perceive,
              ProgressListener.NONE);
    } catch (InvalidInputException e) {
      System.out.println(name + ": typed error " + e.reason() + ": " + e.getMessage());
      assertTrue(Files.notExists(out), "nothing is left behind");
      return;
    }
    FitResult fit = outcome.fit();
    System.out.printf(
        Locale.ROOT,
        "%s: landmark error %.1f px, limb joints %.1f px, IoU %.3f, perception %.2f s, fit %.2f s,"
            + " warnings %s%n",
        name,
        fit.landmarkErrorPx(),
        fit.jointErrorPx(),
        fit.silhouetteIou(),
        outcome.times().get("perception"),
        outcome.times().get("fit"),
        fit.warnings());
    Dataset dataset = Dataset.open(out);
    assertEquals(FrameSplit.PHOTO, dataset.split(dataset.photoId()));
    assertTrue(Files.isRegularFile(out.resolve(FitOutput.FIT_FILE)));
    assertTrue(Files.isRegularFile(out.resolve(FitOutput.LANDMARKS_FILE)));
    Files.copy(
        out.resolve(FitOutput.OVERLAY_FILE),
        OVERLAYS.resolve(name.replaceAll("\\.[a-z]+$", "") + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
    if (name.equals("office_man_apose.jpg")) {
      // BlazePose's mask includes hair and clothes the body does not have; 0.75 is "agrees".
      assertTrue(fit.silhouetteIou() > 0.75, "IoU " + fit.silhouetteIou());
    }
  }
}
