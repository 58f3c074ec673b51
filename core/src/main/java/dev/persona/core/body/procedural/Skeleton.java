package dev.persona.core.body.procedural;

import dev.persona.core.body.SmplxJoints;

/**
 * The hand-laid rest skeleton of the procedural body: SMPL-X's 55 joints in SMPL-X's rest pose (a
 * T-pose: arms straight out along +-x, palms down, thumbs forward, legs straight), for a person of
 * about 1.70 m. Metres, y up, the body facing +z, its left side at +x, the pelvis joint at the
 * origin. Right-side joints are the mirror images (x negated) of the left ones.
 *
 * <p>Each joint also owns a "bone": the segment from the joint to the point its rotation carries
 * (its main child, or a designed tip for leaf joints such as finger ends and the head top), with a
 * typical flesh radius around it and a blend half-width used by {@link SkinWeights}. The eyes own
 * no bone: the procedural body has no eyeballs, so nothing should follow the eye rotations.
 */
final class Skeleton {
  static final int J = SmplxJoints.COUNT;

  /** Finger pitch across the hand (z distance between neighbouring finger axes), metres. */
  static final double FINGER_PITCH = 0.025;

  /** Height of the plane that holds the finger and thumb axes, metres. */
  static final double FINGER_PLANE_Y = 0.44;

  /** z of the middle finger's axis, metres. */
  static final double MIDDLE_FINGER_Z = -0.025;

  /** Rest joint positions {@code [55*3]} metres. */
  final double[] joints = new double[J * 3];

  /** End point of each joint's bone {@code [55*3]} metres (equal to the joint when boneless). */
  final double[] boneEnds = new double[J * 3];

  /** Typical flesh radius around each bone {@code [55]} metres; 0 when the joint has no bone. */
  final double[] boneRadii = new double[J];

  /** Half-width of the skinning blend across each joint, along its bone {@code [55]} metres. */
  final double[] blendWidths = new double[J];

  /** Builds the one skeleton every procedural body uses. */
  Skeleton() {
    joint("pelvis", 0, 0, 0, 0.12, 0);
    joint("spine1", 0, 0.105, -0.02, 0.13, 0.05);
    joint("spine2", 0, 0.235, -0.015, 0.13, 0.05);
    joint("spine3", 0, 0.295, -0.005, 0.13, 0.05);
    joint("neck", 0, 0.505, -0.025, 0.055, 0.035);
    joint("head", 0, 0.585, -0.005, 0.09, 0.03);
    joint("jaw", 0, 0.565, 0.025, 0.045, 0.015);
    bone("pelvis", "spine1");
    bone("spine1", "spine2");
    bone("spine2", "spine3");
    bone("spine3", "neck");
    bone("neck", "head");
    end("head", 0, 0.75, 0.0);
    end("jaw", 0, 0.535, 0.075);
    sided("eye_smplhf", 0.032, 0.635, 0.065, 0, 0);

    sided("hip", 0.085, -0.08, -0.005, 0.075, 0.06);
    sided("knee", 0.097, -0.49, 0.005, 0.05, 0.045);
    sided("ankle", 0.10, -0.875, -0.035, 0.035, 0.03);
    sided("foot", 0.11, -0.935, 0.085, 0.025, 0.02);
    sidedBone("hip", "knee");
    sidedBone("knee", "ankle");
    sidedBone("ankle", "foot");
    sidedEnd("foot", 0.115, -0.94, 0.15);

    sided("collar", 0.075, 0.425, -0.015, 0.06, 0.03);
    sided("shoulder", 0.175, 0.445, -0.025, 0.05, 0.045);
    sided("elbow", 0.435, 0.445, -0.03, 0.035, 0.035);
    sided("wrist", 0.675, FINGER_PLANE_Y, -0.03, 0.02, 0.02);
    sidedBone("collar", "shoulder");
    sidedBone("shoulder", "elbow");
    sidedBone("elbow", "wrist");

    // Fingers lie in the plane y = FINGER_PLANE_Y, one pitch apart in z, straight along +x;
    // lengths of the three phalanges (knuckle to tip) are those of an average adult hand.
    finger("index", 0.765, MIDDLE_FINGER_Z + FINGER_PITCH, 0.039, 0.023, 0.021);
    finger("middle", 0.772, MIDDLE_FINGER_Z, 0.043, 0.026, 0.023);
    finger("ring", 0.767, MIDDLE_FINGER_Z - FINGER_PITCH, 0.040, 0.025, 0.022);
    finger("pinky", 0.757, MIDDLE_FINGER_Z - 2 * FINGER_PITCH, 0.031, 0.019, 0.019);
    // The thumb points forward and out at 45 degrees in the finger plane.
    sided("thumb1", 0.700, FINGER_PLANE_Y, 0.0, 0.011, 0.01);
    sided("thumb2", 0.728, FINGER_PLANE_Y, 0.028, 0.011, 0.008);
    sided("thumb3", 0.752, FINGER_PLANE_Y, 0.052, 0.011, 0.006);
    sidedBone("thumb1", "thumb2");
    sidedBone("thumb2", "thumb3");
    sidedEnd("thumb3", 0.773, FINGER_PLANE_Y, 0.073);
    sidedBone("wrist", "middle1");
  }

  double x(int joint) {
    return joints[joint * 3];
  }

  double y(int joint) {
    return joints[joint * 3 + 1];
  }

  double z(int joint) {
    return joints[joint * 3 + 2];
  }

  boolean hasBone(int joint) {
    return boneRadii[joint] > 0;
  }

  private void finger(String name, double knuckleX, double z, double l1, double l2, double l3) {
    double y = FINGER_PLANE_Y;
    sided(name + "1", knuckleX, y, z, 0.0098, 0.008);
    sided(name + "2", knuckleX + l1, y, z, 0.0092, 0.006);
    sided(name + "3", knuckleX + l1 + l2, y, z, 0.0087, 0.005);
    sidedBone(name + "1", name + "2");
    sidedBone(name + "2", name + "3");
    sidedEnd(name + "3", knuckleX + l1 + l2 + l3, y, z);
  }

  private void joint(String name, double x, double y, double z, double radius, double blend) {
    int j = SmplxJoints.index(name);
    joints[j * 3] = x;
    joints[j * 3 + 1] = y;
    joints[j * 3 + 2] = z;
    boneEnds[j * 3] = x;
    boneEnds[j * 3 + 1] = y;
    boneEnds[j * 3 + 2] = z;
    boneRadii[j] = radius;
    blendWidths[j] = blend;
  }

  private void sided(String suffix, double x, double y, double z, double radius, double blend) {
    joint("left_" + suffix, x, y, z, radius, blend);
    joint("right_" + suffix, -x, y, z, radius, blend);
  }

  private void bone(String from, String to) {
    int a = SmplxJoints.index(from);
    int b = SmplxJoints.index(to);
    System.arraycopy(joints, b * 3, boneEnds, a * 3, 3);
  }

  private void sidedBone(String from, String to) {
    bone("left_" + from, "left_" + to);
    bone("right_" + from, "right_" + to);
  }

  private void end(String name, double x, double y, double z) {
    int j = SmplxJoints.index(name);
    boneEnds[j * 3] = x;
    boneEnds[j * 3 + 1] = y;
    boneEnds[j * 3 + 2] = z;
  }

  private void sidedEnd(String suffix, double x, double y, double z) {
    end("left_" + suffix, x, y, z);
    end("right_" + suffix, -x, y, z);
  }
}
