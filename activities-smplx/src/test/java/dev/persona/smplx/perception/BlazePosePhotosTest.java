package dev.persona.smplx.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.smplx.models.MediaPipePoseModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BlazePose end to end through DJL on the real photos of {@code ../shared/photos} (skipped when the
 * folder is absent). The models are fetched into the user's model cache on first run (network to
 * the npm registry needed once). Overlays are written to {@code target/perception-overlays/}.
 */
class BlazePosePhotosTest {
  static final Path OVERLAYS = Path.of("target", "perception-overlays");

  private static BlazePose pose;

  @BeforeAll
  static void open() throws IOException {
    assumeTrue(SharedPhotos.present(), SharedPhotos.SKIP);
    pose = BlazePose.open(MediaPipePoseModels.inDefaultCache(), BlazePoseOptions.DEFAULTS);
    Files.createDirectories(OVERLAYS);
  }

  @AfterAll
  static void close() {
    if (pose != null) {
      pose.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "office_man_apose.jpg",
        "astronaut_aldrin_moon.jpg",
        "footballer_running.jpeg",
        "cutout_man_tpose_rgba.png"
      })
  void findsTheUprightPersonWithOrderedLandmarksInsideTheMask(String name) throws IOException {
    Image photo = ImageIo.read(SharedPhotos.folder().resolve(name));
    pose.perceive(photo); // warm-up: the first call pays for interpreter set-up
    // Timings: the fastest of three runs (the build machine is shared; medians are noise).
    PosePerceptionResult r = pose.perceive(photo);
    for (int run = 0; run < 2; run++) {
      PosePerceptionResult again = pose.perceive(photo);
      if (again.timings().total() < r.timings().total()) {
        r = again;
      }
    }
    PoseLandmarks lm = r.landmarks();
    String stem = name.substring(0, name.lastIndexOf('.'));
    ImageIo.writePng(
        OVERLAYS.resolve(stem + ".png"), PerceptionOverlay.draw(photo, lm, r.mask(), r.roi()));
    ImageIo.writePng(OVERLAYS.resolve(stem + "_mask.png"), r.mask().probability());
    Files.writeString(
        OVERLAYS.resolve("timings.txt"),
        String.format(
            Locale.ROOT,
            "%s %dx%d, fastest of 3: detection %.1f ms, landmarks %.1f ms, mask %.1f ms, total %.1f ms;"
                + " people %d, presence %.3f%n",
            name,
            photo.width(),
            photo.height(),
            r.timings().detection(),
            r.timings().landmarks(),
            r.timings().mask(),
            r.timings().total(),
            r.personCount(),
            r.presence()),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);

    assertTrue(r.presence() > 0.5f, "presence " + r.presence());
    if (name.startsWith("footballer")) {
      // Two players: the runner in front (right half) is kept, the one behind is counted.
      assertEquals(2, r.personCount());
      assertTrue(r.multiplePeople());
      assertTrue(r.person().keypointX(PersonDetection.HIP_CENTER) > photo.width() / 2f);
      assertTrue(r.detections().get(1).bodyRadius() < r.person().bodyRadius());
    } else {
      assertEquals(1, r.personCount(), name);
    }
    assertTrue(r.personCount() >= 1);
    assertEquals(r.person(), r.detections().get(0));
    // Every landmark of these full-body photos lies inside the photo.
    for (int i = 0; i < PoseLandmarks.COUNT; i++) {
      String what = name + " " + PoseLandmarks.NAMES.get(i) + " at " + lm.x(i) + "," + lm.y(i);
      assertTrue(lm.x(i) >= 0 && lm.x(i) < photo.width(), what);
      assertTrue(lm.y(i) >= 0 && lm.y(i) < photo.height(), what);
    }
    // Upright: nose above the shoulders above the hips above the knees above the ankles.
    for (int side = 0; side < 2; side++) {
      int shoulder = PoseLandmarks.LEFT_SHOULDER + side;
      int hip = PoseLandmarks.LEFT_HIP + side;
      int knee = PoseLandmarks.LEFT_KNEE + side;
      int ankle = PoseLandmarks.LEFT_ANKLE + side;
      assertTrue(lm.y(PoseLandmarks.NOSE) < lm.y(shoulder), name + " nose above shoulder");
      assertTrue(lm.y(shoulder) < lm.y(hip), name + " shoulder above hip");
      assertTrue(lm.y(hip) < lm.y(knee), name + " hip above knee");
      assertTrue(lm.y(knee) < lm.y(ankle), name + " knee above ankle");
    }
    // Facing the camera: the person's left shoulder and hip are on the photo's right.
    assertTrue(lm.x(PoseLandmarks.LEFT_SHOULDER) > lm.x(PoseLandmarks.RIGHT_SHOULDER), name);
    assertTrue(lm.x(PoseLandmarks.LEFT_HIP) > lm.x(PoseLandmarks.RIGHT_HIP), name);
    // The mask covers the body's landmarks (torso and limbs; not fingertips or face details).
    int covered = 0;
    int[] body = {11, 12, 13, 14, 23, 24, 25, 26, 27, 28};
    for (int i : body) {
      if (r.mask().at(lm.x(i), lm.y(i)) > 0.5f) {
        covered++;
      }
    }
    assertTrue(covered >= body.length - 1, name + ": mask covers " + covered + " of 10 joints");
    // ...and is a person, not the whole photo.
    double coverage = r.mask().coverage(0.5f);
    assertTrue(coverage > 0.02 && coverage < 0.6, name + " mask coverage " + coverage);
    // World landmarks: metric, hip-centred, head above feet (y down).
    assertTrue(lm.hasWorld());
    float hipMidY = 0.5f * (lm.world(23, 1) + lm.world(24, 1));
    assertEquals(0, hipMidY, 0.1, name + " world hip centre y");
    // The model's metric scale is its own guess (0.94 m for the bulky astronaut suit, about 1.4 m
    // for the others): only its order of magnitude is checked.
    float height = lm.world(27, 1) - lm.world(0, 1);
    assertTrue(height > 0.7 && height < 2.2, name + " nose-to-ankle height " + height + " m");
  }
}
