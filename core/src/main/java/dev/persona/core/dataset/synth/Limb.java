package dev.persona.core.dataset.synth;

import dev.persona.core.body.SmplxJoints;

/**
 * A coarse body part, found for every vertex by the nearest bone of the rest skeleton (see {@link
 * RestGeometry}). Each limb carries its own cylindrical frame so fabric patterns wrap around it
 * like cloth around an arm or a torso.
 */
public enum Limb {
  HEAD,
  TORSO,
  LEFT_ARM,
  RIGHT_ARM,
  LEFT_HAND,
  RIGHT_HAND,
  LEFT_LEG,
  RIGHT_LEG,
  LEFT_FOOT,
  RIGHT_FOOT;

  private static final Limb[] VALUES = values();

  static Limb of(int ordinal) {
    return VALUES[ordinal];
  }

  /**
   * The limb a bone belongs to, the bone named by its child joint (the segment from {@code
   * parent(joint)} to {@code joint}, in SMPL-X indices).
   */
  static Limb ofBone(int childJoint) {
    if (childJoint >= SmplxJoints.RIGHT_HAND_FIRST) {
      return RIGHT_HAND;
    }
    if (childJoint >= SmplxJoints.LEFT_HAND_FIRST) {
      return LEFT_HAND;
    }
    return switch (SmplxJoints.NAMES.get(childJoint)) {
      case "head", "jaw", "left_eye_smplhf", "right_eye_smplhf" -> HEAD;
      case "left_elbow", "left_wrist" -> LEFT_ARM;
      case "right_elbow", "right_wrist" -> RIGHT_ARM;
      case "left_knee", "left_ankle" -> LEFT_LEG;
      case "right_knee", "right_ankle" -> RIGHT_LEG;
      case "left_foot" -> LEFT_FOOT;
      case "right_foot" -> RIGHT_FOOT;
      default -> TORSO;
    };
  }
}
