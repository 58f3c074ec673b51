package dev.persona.core.body;

import java.util.List;

/**
 * SMPL-X's 55 joints: names, kinematic tree and the split of the full pose vector into the
 * parameter groups of {@link SmplxParams}. Indices are SMPL-X's own.
 */
public final class SmplxJoints {
  private SmplxJoints() {}

  public static final int COUNT = 55;

  /** Number of joints in {@code body_pose} (joints 1..21). */
  public static final int BODY_JOINTS = 21;

  /** Number of joints per hand pose (15 each: index, middle, pinky, ring, thumb x 3). */
  public static final int HAND_JOINTS = 15;

  public static final int PELVIS = 0;
  public static final int JAW = 22;
  public static final int LEFT_EYE = 23;
  public static final int RIGHT_EYE = 24;
  public static final int LEFT_HAND_FIRST = 25;
  public static final int RIGHT_HAND_FIRST = 40;

  public static final List<String> NAMES =
      List.of(
          "pelvis",
          "left_hip",
          "right_hip",
          "spine1",
          "left_knee",
          "right_knee",
          "spine2",
          "left_ankle",
          "right_ankle",
          "spine3",
          "left_foot",
          "right_foot",
          "neck",
          "left_collar",
          "right_collar",
          "head",
          "left_shoulder",
          "right_shoulder",
          "left_elbow",
          "right_elbow",
          "left_wrist",
          "right_wrist",
          "jaw",
          "left_eye_smplhf",
          "right_eye_smplhf",
          "left_index1",
          "left_index2",
          "left_index3",
          "left_middle1",
          "left_middle2",
          "left_middle3",
          "left_pinky1",
          "left_pinky2",
          "left_pinky3",
          "left_ring1",
          "left_ring2",
          "left_ring3",
          "left_thumb1",
          "left_thumb2",
          "left_thumb3",
          "right_index1",
          "right_index2",
          "right_index3",
          "right_middle1",
          "right_middle2",
          "right_middle3",
          "right_pinky1",
          "right_pinky2",
          "right_pinky3",
          "right_ring1",
          "right_ring2",
          "right_ring3",
          "right_thumb1",
          "right_thumb2",
          "right_thumb3");

  private static final int[] PARENTS = {
    -1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19, 15, 15, 15, 20, 25,
    26, 20, 28, 29, 20, 31, 32, 20, 34, 35, 20, 37, 38, 21, 40, 41, 21, 43, 44, 21, 46, 47, 21, 49,
    50, 21, 52, 53
  };

  /** SMPL-X's kinematic tree: the parent of each joint, -1 for the root (pelvis). A copy. */
  public static int[] parents() {
    return PARENTS.clone();
  }

  public static int parent(int joint) {
    return PARENTS[joint];
  }

  public static int index(String name) {
    int i = NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("not an SMPL-X joint: " + name);
    }
    return i;
  }
}
