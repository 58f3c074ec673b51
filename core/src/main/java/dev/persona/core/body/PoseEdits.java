package dev.persona.core.body;

import dev.persona.core.math.Rotations;

/**
 * Small edits of a full SMPL-X pose {@code [55*3]} (axis-angle radians, each joint relative to its
 * parent), for code that builds poses by hand (pose families, built-in motions).
 *
 * <p>Conventions (SMPL-X's): each joint's frame is world-aligned in the rest pose (y up, the body
 * facing +z, its left side toward +x) and the rest pose is a T-pose. So lowering the left arm is a
 * rotation about -z at the left shoulder (about +z for the right), bending a hip forward is a
 * rotation about -x, a knee bends about +x, an elbow bends the forearm forward about -y on the left
 * (+y on the right), and the spine leans forward about +x. Right-side rotations mirror left-side
 * ones across the body's sagittal plane: (x, y, z) becomes (x, -y, -z).
 */
public final class PoseEdits {
  private PoseEdits() {}

  /**
   * Applies a further rotation to a joint, after the one it has: {@code R_joint <- R(x, y, z)
   * R_joint}, both in the parent's frame, so rotations can be written in the order one would move
   * the limb (lower the arm, then swing it forward).
   *
   * @param pose {@code [55*3]} full pose, changed in place
   * @param joint SMPL-X joint index
   */
  public static void rotate(double[] pose, int joint, double x, double y, double z) {
    double[] m = new double[27];
    double[] delta = {x, y, z};
    Rotations.axisAngleToMatrix(delta, 0, m, 0);
    Rotations.axisAngleToMatrix(pose, joint * 3, m, 9);
    Rotations.multiply(m, 0, m, 9, m, 18);
    Rotations.matrixToAxisAngle(m, 18, pose, joint * 3);
  }

  /** Rotates the left joint by (x, y, z) and the right one by its mirror image (x, -y, -z). */
  public static void symmetric(double[] pose, int left, int right, double x, double y, double z) {
    rotate(pose, left, x, y, z);
    rotate(pose, right, x, -y, -z);
  }
}
