package dev.persona.diffusion.guidance;

import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.camera.PinholeCamera;

/**
 * The keypoints MimicMotion's pose guidance draws (DWPose's output in OpenPose order), taken from a
 * posed SMPL-X body: the 18 OpenPose BODY-18 (COCO) body keypoints, then 21 left-hand and 21
 * right-hand keypoints in OpenPose's hand order (wrist; thumb, index, middle, ring, pinky, four
 * each from the base to the tip).
 *
 * <p>Most keypoints are SMPL-X joints: shoulders, elbows, wrists, hips, knees, ankles and eyes are
 * the joints of those names; the neck is the shoulders' midpoint (as DWPose computes it); finger
 * bases and middle joints are SMPL-X's {@code *1..3} finger joints. Points that are not joints are
 * placed in the head's or finger's own frame: the nose {@value #NOSE_FORWARD} m in front of and
 * {@value #NOSE_DOWN} m below the eyes' midpoint, the ears {@value #EAR_SIDE} m to each side of and
 * {@value #EAR_BACK} m behind it (adult head proportions), and each fingertip {@value
 * #TIP_EXTENSION} of the last phalanx beyond the last finger joint.
 */
public final class PoseKeypoints {
  /** Body keypoints (OpenPose BODY-18). */
  public static final int BODY = 18;

  /** Keypoints per hand (OpenPose hand). */
  public static final int HAND = 21;

  /** Body, left hand, right hand. */
  public static final int COUNT = BODY + 2 * HAND;

  /** Index of the first left-hand keypoint (the left wrist). */
  public static final int LEFT_HAND = BODY;

  /** Index of the first right-hand keypoint (the right wrist). */
  public static final int RIGHT_HAND = BODY + HAND;

  static final double NOSE_FORWARD = 0.035;
  static final double NOSE_DOWN = 0.035;
  static final double EAR_SIDE = 0.075;
  static final double EAR_BACK = 0.09;
  static final double TIP_EXTENSION = 0.8;

  /** OpenPose BODY-18 keypoints that are SMPL-X joints: {keypoint, joint}. */
  private static final int[][] BODY_JOINTS = {
    {2, 17}, {3, 19}, {4, 21}, {5, 16}, {6, 18}, {7, 20}, {8, 2}, {9, 5}, {10, 8}, {11, 1}, {12, 4},
    {13, 7}, {14, 24}, {15, 23}
  };

  /**
   * SMPL-X's hand joints (offsets from the hand's first joint) in OpenPose's finger order: thumb,
   * index, middle, ring, pinky, each base to last joint. SMPL-X orders a hand index, middle, pinky,
   * ring, thumb.
   */
  private static final int[] HAND_FINGERS = {12, 0, 3, 9, 6};

  private static final int HEAD = 15;

  private PoseKeypoints() {}

  /**
   * @param body a posed body with SMPL-X's 55 joints
   * @return {@code [COUNT*3]} world positions, metres
   */
  public static double[] of(PosedBody body) {
    double[] joints = body.joints();
    double[] out = new double[COUNT * 3];
    for (int[] pair : BODY_JOINTS) {
      System.arraycopy(joints, pair[1] * 3, out, pair[0] * 3, 3);
    }
    for (int c = 0; c < 3; c++) {
      out[3 + c] = 0.5 * (joints[16 * 3 + c] + joints[17 * 3 + c]);
    }
    double[] head = body.jointRotations();
    double[] eyes = new double[3];
    for (int c = 0; c < 3; c++) {
      eyes[c] = 0.5 * (joints[23 * 3 + c] + joints[24 * 3 + c]);
    }
    // Head frame columns: x toward the body's left, y up, z forward (SMPL-X's rest axes).
    place(out, 0, eyes, head, HEAD, 0, -NOSE_DOWN, NOSE_FORWARD);
    place(out, 16, eyes, head, HEAD, -EAR_SIDE, 0, -EAR_BACK);
    place(out, 17, eyes, head, HEAD, EAR_SIDE, 0, -EAR_BACK);
    hand(joints, 20, SmplxJoints.LEFT_HAND_FIRST, out, LEFT_HAND);
    hand(joints, 21, SmplxJoints.RIGHT_HAND_FIRST, out, RIGHT_HAND);
    return out;
  }

  /** {@code out[k] = origin + G_joint (x, y, z)}. */
  private static void place(
      double[] out,
      int k,
      double[] origin,
      double[] rotations,
      int joint,
      double x,
      double y,
      double z) {
    int g = joint * 9;
    for (int r = 0; r < 3; r++) {
      out[k * 3 + r] =
          origin[r]
              + rotations[g + r * 3] * x
              + rotations[g + r * 3 + 1] * y
              + rotations[g + r * 3 + 2] * z;
    }
  }

  private static void hand(double[] joints, int wrist, int first, double[] out, int start) {
    System.arraycopy(joints, wrist * 3, out, start * 3, 3);
    for (int f = 0; f < 5; f++) {
      int base = first + HAND_FINGERS[f];
      int k = start + 1 + 4 * f;
      for (int j = 0; j < 3; j++) {
        System.arraycopy(joints, (base + j) * 3, out, (k + j) * 3, 3);
      }
      for (int c = 0; c < 3; c++) {
        double last = joints[(base + 2) * 3 + c];
        out[(k + 3) * 3 + c] = last + TIP_EXTENSION * (last - joints[(base + 1) * 3 + c]);
      }
    }
  }

  /**
   * Projects keypoints into a camera.
   *
   * @param world {@code [N*3]} world positions, metres
   * @param pixels {@code [N*2]} filled with pixel coordinates (x right, y down, pixel centres at
   *     integer + 0.5); NaN for a point at or behind the camera
   */
  public static void project(double[] world, PinholeCamera camera, double[] pixels) {
    double[] point = new double[3];
    double[] pixel = new double[2];
    for (int k = 0; k < world.length / 3; k++) {
      System.arraycopy(world, k * 3, point, 0, 3);
      double depth = camera.project(point, pixel);
      boolean inFront = depth > 0;
      pixels[k * 2] = inFront ? pixel[0] : Double.NaN;
      pixels[k * 2 + 1] = inFront ? pixel[1] : Double.NaN;
    }
  }
}
