package dev.persona.diffusion.guidance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.ColorTransfer;
import dev.persona.core.image.Image;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PoseGuidanceTest {
  /** Identity extrinsics: the camera at the origin looking down +z. */
  private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

  @Test
  void keypointsProjectWhereThePinholeModelPutsThem() {
    PinholeCamera camera = new PinholeCamera(200, 100, 100, 100, 100, 50, IDENTITY);
    // (0.2, -0.1, 2) -> (100 * 0.1 + 100, 100 * -0.05 + 50) = (110, 45); behind: NaN.
    double[] world = {0.2, -0.1, 2, 0, 0, -1};
    double[] pixels = new double[4];
    PoseKeypoints.project(world, camera, pixels);
    assertEquals(110, pixels[0], 1e-12);
    assertEquals(45, pixels[1], 1e-12);
    assertTrue(Double.isNaN(pixels[2]) && Double.isNaN(pixels[3]));
  }

  @Test
  void eachLimbHasItsOpenPoseColourDimmedAndEachKeypointItsFullColour() {
    int width = 200;
    int height = 200;
    double[] pixels = new double[PoseKeypoints.COUNT * 2];
    Arrays.fill(pixels, Double.NaN);
    // Neck (1) at (100.5, 40.5), right shoulder (2) at (60.5, 40.5), right elbow (3) at
    // (60.5, 100.5): limb 0 is neck -> right shoulder, limb 2 right shoulder -> right elbow.
    set(pixels, 1, 100.5, 40.5);
    set(pixels, 2, 60.5, 40.5);
    set(pixels, 3, 60.5, 100.5);
    Image image = PoseGuidance.draw(pixels, width, height);
    // Mid-limb pixels: 0.6 x the limb's colour, truncated as numpy does.
    assertSrgb(image, 80, 40, 153, 0, 0);
    assertSrgb(image, 60, 70, 153, 102, 0);
    // 3 pixels across the limb (inside its 4-pixel half-width) still limb; 6 pixels off: black.
    assertSrgb(image, 80, 43, 153, 0, 0);
    assertSrgb(image, 80, 46, 0, 0, 0);
    // Keypoint discs in full colour: neck (255, 85, 0), right elbow (255, 255, 0).
    assertSrgb(image, 100, 40, 255, 85, 0);
    assertSrgb(image, 60, 100, 255, 255, 0);
    // Radius 4: a pixel centre 4 away is in, 5 away is out (elbow at (60.5, 100.5)).
    assertSrgb(image, 64, 100, 255, 255, 0);
    assertSrgb(image, 65, 100, 0, 0, 0);
  }

  @Test
  void handBonesAreColouredByHueAndHandKeypointsBlue() {
    double[] pixels = new double[PoseKeypoints.COUNT * 2];
    Arrays.fill(pixels, Double.NaN);
    int wrist = PoseKeypoints.LEFT_HAND;
    set(pixels, wrist, 20.5, 50.5);
    set(pixels, wrist + 1, 80.5, 50.5);
    Image image = PoseGuidance.draw(pixels, 100, 100);
    // Bone 0 has hue 0: red. Line width 2 around y = 50.5: rows 50 (centre 50.5) in.
    assertSrgb(image, 50, 50, 255, 0, 0);
    assertSrgb(image, 50, 52, 0, 0, 0);
    assertSrgb(image, 20, 50, 0, 0, 255);
    // Bone 10 of 20 has hue 0.5: cyan.
    assertArrayEquals(new int[] {0, 255, 255}, PoseGuidance.hue(0.5));
  }

  @Test
  void bodyKeypointsAreTheNamedSmplxJoints() {
    ProceduralBody procedural = ProceduralBody.create();
    PosedBody posed = new BodyRig(procedural.model()).forward(SmplxParams.zero());
    double[] joints = posed.joints();
    double[] keypoints = PoseKeypoints.of(posed);
    // OpenPose 2 = right shoulder = SMPL-X 17; 11 = left hip = SMPL-X 1; neck = shoulders' mean.
    assertArrayEquals(slice(joints, 17), slice(keypoints, 2), 0);
    assertArrayEquals(slice(joints, 1), slice(keypoints, 11), 0);
    for (int c = 0; c < 3; c++) {
      assertEquals(0.5 * (joints[16 * 3 + c] + joints[17 * 3 + c]), keypoints[3 + c], 1e-12);
    }
    // In the rest pose (head frame = world) the nose is in front of the eyes and the left ear
    // (OpenPose 17) on the body's left (+x).
    assertTrue(keypoints[2] > 0.5 * (joints[23 * 3 + 2] + joints[24 * 3 + 2]));
    assertTrue(keypoints[17 * 3] > keypoints[16 * 3]);
    // Left-hand keypoint 0 is the left wrist; keypoint 5 (index base) is SMPL-X left_index1.
    assertArrayEquals(slice(joints, 20), slice(keypoints, PoseKeypoints.LEFT_HAND), 0);
    assertArrayEquals(slice(joints, 25), slice(keypoints, PoseKeypoints.LEFT_HAND + 5), 0);
    // Thumb base (1) is SMPL-X left_thumb1 (37).
    assertArrayEquals(slice(joints, 37), slice(keypoints, PoseKeypoints.LEFT_HAND + 1), 0);
  }

  private static double[] slice(double[] a, int k) {
    return Arrays.copyOfRange(a, k * 3, k * 3 + 3);
  }

  private static void set(double[] pixels, int k, double x, double y) {
    pixels[k * 2] = x;
    pixels[k * 2 + 1] = y;
  }

  private static void assertSrgb(Image image, int x, int y, int r, int g, int b) {
    int[] got = {
      ColorTransfer.linearToSrgb8(image.get(x, y, 0)),
      ColorTransfer.linearToSrgb8(image.get(x, y, 1)),
      ColorTransfer.linearToSrgb8(image.get(x, y, 2))
    };
    assertArrayEquals(new int[] {r, g, b}, got, "pixel (" + x + ", " + y + ")");
  }
}
