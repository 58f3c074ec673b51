package dev.persona.smplx.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.smplx.perception.PoseLandmarks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenPoseKeypointsTest {
  @TempDir Path dir;

  /** A person whose keypoint k sits at (offset + 10 k, 2 k) with confidence 0.9 (k = 1: 0). */
  private static String person(int keypoints, double offset) {
    StringBuilder sb = new StringBuilder("{\"person_id\":[-1],\"pose_keypoints_2d\":[");
    for (int k = 0; k < keypoints; k++) {
      double c = k == 1 ? 0 : 0.9;
      sb.append(
          String.format(
              Locale.ROOT, "%s%.1f,%.1f,%.2f", k == 0 ? "" : ",", offset + 10 * k, 2.0 * k, c));
    }
    return sb.append("],\"face_keypoints_2d\":[]}").toString();
  }

  private static String file(String... people) {
    return "{\"version\":1.3,\"people\":[" + String.join(",", people) + "]}";
  }

  @Test
  void body25MapsOntoBlazePoseIndices() throws IOException {
    Path f = dir.resolve("k.json");
    Files.writeString(f, file(person(25, 0)));
    OpenPoseKeypoints k = OpenPoseKeypoints.read(f);
    assertEquals(OpenPoseKeypoints.Format.BODY_25, k.format());
    assertEquals(1, k.peopleCount());
    PoseLandmarks lm = k.landmarks();
    // OpenPose 2 (right shoulder) -> BlazePose 12; 5 (left shoulder) -> 11; 24 (right heel) -> 30;
    // 19 (left big toe) -> 31 (left foot index).
    assertEquals(20f, lm.x(PoseLandmarks.RIGHT_SHOULDER));
    assertEquals(4f, lm.y(PoseLandmarks.RIGHT_SHOULDER));
    assertEquals(50f, lm.x(PoseLandmarks.LEFT_SHOULDER));
    assertEquals(240f, lm.x(PoseLandmarks.RIGHT_HEEL));
    assertEquals(190f, lm.x(PoseLandmarks.LEFT_FOOT_INDEX));
    assertEquals(0.9f, lm.visibility(PoseLandmarks.NOSE), 1e-6);
    assertEquals(1f, lm.presence(PoseLandmarks.NOSE));
    // No counterpart: mouth corners, eye corners, hand points.
    assertEquals(0f, lm.visibility(PoseLandmarks.MOUTH_LEFT));
    assertEquals(0f, lm.presence(PoseLandmarks.LEFT_PINKY));
    assertFalse(lm.hasWorld());
  }

  @Test
  void coco18MapsHipsKneesAndAnkles() {
    OpenPoseKeypoints k = OpenPoseKeypoints.parse(file(person(18, 0)), "test");
    assertEquals(OpenPoseKeypoints.Format.COCO_18, k.format());
    PoseLandmarks lm = k.landmarks();
    assertEquals(80f, lm.x(PoseLandmarks.RIGHT_HIP)); // COCO 8
    assertEquals(110f, lm.x(PoseLandmarks.LEFT_HIP)); // COCO 11
    assertEquals(130f, lm.x(PoseLandmarks.LEFT_ANKLE)); // COCO 13
    assertEquals(170f, lm.x(PoseLandmarks.LEFT_EAR)); // COCO 17
    assertEquals(0f, lm.visibility(PoseLandmarks.LEFT_HEEL)); // not in COCO-18
  }

  @Test
  void theLargestPersonIsTakenAndTheCountReported() {
    String small = person(25, 1000); // a 240 x 48 px box
    String big =
        "{\"pose_keypoints_2d\":["
            + "0,0,0.9,".repeat(24)
            + "400,900,0.8]}"; // only nose-at-origin and right heel far away: a large box
    OpenPoseKeypoints k = OpenPoseKeypoints.parse(file(small, big), "test");
    assertEquals(2, k.peopleCount());
    assertEquals(400f, k.landmarks().x(PoseLandmarks.RIGHT_HEEL));
  }

  @Test
  void badFilesAreTypedErrors() {
    assertEquals(
        Reason.MALFORMED,
        assertThrows(InvalidInputException.class, () -> OpenPoseKeypoints.parse("{", "t"))
            .reason());
    assertEquals(
        Reason.MALFORMED,
        assertThrows(InvalidInputException.class, () -> OpenPoseKeypoints.parse("{}", "t"))
            .reason());
    assertEquals(
        Reason.UNSUPPORTED,
        assertThrows(
                InvalidInputException.class,
                () -> OpenPoseKeypoints.parse(file("{\"pose_keypoints_2d\":[1,2,3]}"), "t"))
            .reason());
    assertEquals(
        Reason.NO_PERSON,
        assertThrows(InvalidInputException.class, () -> OpenPoseKeypoints.parse(file(), "t"))
            .reason());
    InvalidInputException missing =
        assertThrows(
            InvalidInputException.class, () -> OpenPoseKeypoints.read(dir.resolve("none.json")));
    assertEquals(Reason.NOT_FOUND, missing.reason());
    assertTrue(missing.getMessage().contains("none.json"));
  }
}
