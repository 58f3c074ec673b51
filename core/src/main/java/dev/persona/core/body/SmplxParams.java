package dev.persona.core.body;

import java.util.Arrays;

/**
 * SMPL-X parameters, named as SMPL-X names them. Rotations are axis-angle (radians, the vector's
 * direction is the axis, its length the angle), each joint's rotation relative to its parent.
 *
 * <p>Arrays: {@code betas[B]}, {@code expression[E]}, {@code globalOrient[3]}, {@code
 * bodyPose[21*3]}, {@code jawPose[3]}, {@code leyePose[3]}, {@code reyePose[3]}, {@code
 * leftHandPose[15*3]}, {@code rightHandPose[15*3]} (full axis-angle, not PCA), {@code transl[3]} in
 * metres. Shorter {@code betas}/{@code expression} than the model has mean zeros for the rest. The
 * record owns its arrays; callers must not change them after construction.
 */
public record SmplxParams(
    double[] betas,
    double[] expression,
    double[] globalOrient,
    double[] bodyPose,
    double[] jawPose,
    double[] leyePose,
    double[] reyePose,
    double[] leftHandPose,
    double[] rightHandPose,
    double[] transl) {

  public SmplxParams {
    check("global_orient", globalOrient, 3);
    check("body_pose", bodyPose, SmplxJoints.BODY_JOINTS * 3);
    check("jaw_pose", jawPose, 3);
    check("leye_pose", leyePose, 3);
    check("reye_pose", reyePose, 3);
    check("left_hand_pose", leftHandPose, SmplxJoints.HAND_JOINTS * 3);
    check("right_hand_pose", rightHandPose, SmplxJoints.HAND_JOINTS * 3);
    check("transl", transl, 3);
  }

  private static void check(String name, double[] values, int length) {
    if (values == null || values.length != length) {
      throw new IllegalArgumentException(
          name + " must have " + length + " values, got " + (values == null ? 0 : values.length));
    }
  }

  /** The rest pose: zero shape, zero expression, every rotation zero, no translation. */
  public static SmplxParams zero() {
    return new SmplxParams(
        new double[0],
        new double[0],
        new double[3],
        new double[SmplxJoints.BODY_JOINTS * 3],
        new double[3],
        new double[3],
        new double[3],
        new double[SmplxJoints.HAND_JOINTS * 3],
        new double[SmplxJoints.HAND_JOINTS * 3],
        new double[3]);
  }

  /**
   * All 55 joint rotations as one axis-angle vector {@code [55*3]} in SMPL-X joint order: global
   * orient, body, jaw, left eye, right eye, left hand, right hand.
   */
  public double[] fullPose() {
    double[] pose = new double[SmplxJoints.COUNT * 3];
    int at = 0;
    for (double[] part :
        new double[][] {
          globalOrient, bodyPose, jawPose, leyePose, reyePose, leftHandPose, rightHandPose
        }) {
      System.arraycopy(part, 0, pose, at, part.length);
      at += part.length;
    }
    return pose;
  }

  /** The inverse of {@link #fullPose()}: splits {@code pose[55*3]} into the named groups. */
  public static SmplxParams fromFullPose(
      double[] betas, double[] expression, double[] pose, double[] transl) {
    if (pose.length != SmplxJoints.COUNT * 3) {
      throw new IllegalArgumentException("full pose must have 165 values");
    }
    return new SmplxParams(
        betas.clone(),
        expression.clone(),
        Arrays.copyOfRange(pose, 0, 3),
        Arrays.copyOfRange(pose, 3, 66),
        Arrays.copyOfRange(pose, 66, 69),
        Arrays.copyOfRange(pose, 69, 72),
        Arrays.copyOfRange(pose, 72, 75),
        Arrays.copyOfRange(pose, 75, 120),
        Arrays.copyOfRange(pose, 120, 165),
        transl.clone());
  }

  /** A copy with other betas. */
  public SmplxParams withBetas(double[] newBetas) {
    return new SmplxParams(
        newBetas.clone(),
        expression,
        globalOrient,
        bodyPose,
        jawPose,
        leyePose,
        reyePose,
        leftHandPose,
        rightHandPose,
        transl);
  }

  /** A copy with another full pose {@code [55*3]}. */
  public SmplxParams withFullPose(double[] pose) {
    return fromFullPose(betas, expression, pose, transl);
  }

  /** A copy with another translation. */
  public SmplxParams withTransl(double[] newTransl) {
    return new SmplxParams(
        betas,
        expression,
        globalOrient,
        bodyPose,
        jawPose,
        leyePose,
        reyePose,
        leftHandPose,
        rightHandPose,
        newTransl.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmplxParams p
        && Arrays.equals(betas, p.betas)
        && Arrays.equals(expression, p.expression)
        && Arrays.equals(fullPose(), p.fullPose())
        && Arrays.equals(transl, p.transl);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fullPose()) * 31 + Arrays.hashCode(betas);
  }

  @Override
  public String toString() {
    return "SmplxParams[betas="
        + Arrays.toString(betas)
        + ", transl="
        + Arrays.toString(transl)
        + "]";
  }
}
