package dev.persona.core.dataset.synth;

import dev.persona.core.body.PoseEdits;
import dev.persona.core.body.SmplxJoints;
import java.util.SplittableRandom;

/**
 * Plausible SMPL-X body poses built from axis-angle joint rotations, for synthetic subjects.
 *
 * <p>Conventions: SMPL-X's, as {@link PoseEdits} states them.
 *
 * <p>Poses are full SMPL-X poses {@code [55*3]} radians (global orient zero, so the body faces +z).
 * {@link #sample} adds Gaussian perturbations per joint and clamps to joint limits, so two draws of
 * a family differ.
 */
public final class PoseLibrary {
  private PoseLibrary() {}

  private static final int LEFT_HIP = 1;
  private static final int RIGHT_HIP = 2;
  private static final int SPINE1 = 3;
  private static final int LEFT_KNEE = 4;
  private static final int RIGHT_KNEE = 5;
  private static final int SPINE2 = 6;
  private static final int LEFT_ANKLE = 7;
  private static final int RIGHT_ANKLE = 8;
  private static final int SPINE3 = 9;
  private static final int NECK = 12;
  private static final int HEAD = 15;
  private static final int LEFT_SHOULDER = 16;
  private static final int RIGHT_SHOULDER = 17;
  private static final int LEFT_ELBOW = 18;
  private static final int RIGHT_ELBOW = 19;
  private static final int LEFT_WRIST = 20;
  private static final int RIGHT_WRIST = 21;

  /** Standard deviation of the random perturbation of each body joint's axis-angle, radians. */
  private static final double[] PERTURBATION = new double[SmplxJoints.BODY_JOINTS + 1];

  /**
   * Per body joint and axis, the [min, max] of each axis-angle component: loose anatomical limits
   * that keep perturbed poses human (knees and elbows bend one way only, the spine and neck within
   * about 30 degrees per joint).
   */
  private static final double[] LIMITS = new double[(SmplxJoints.BODY_JOINTS + 1) * 6];

  static {
    for (int j = 1; j <= SmplxJoints.BODY_JOINTS; j++) {
      PERTURBATION[j] = 0.06;
      limit(j, -Math.PI, Math.PI, -Math.PI, Math.PI, -Math.PI, Math.PI);
    }
    for (int j : new int[] {SPINE1, SPINE2, SPINE3}) {
      PERTURBATION[j] = 0.05;
      limit(j, -0.5, 0.6, -0.5, 0.5, -0.4, 0.4);
    }
    for (int j : new int[] {NECK, HEAD}) {
      PERTURBATION[j] = 0.1;
      limit(j, -0.6, 0.6, -0.8, 0.8, -0.5, 0.5);
    }
    PERTURBATION[LEFT_SHOULDER] = PERTURBATION[RIGHT_SHOULDER] = 0.12;
    PERTURBATION[LEFT_ELBOW] = PERTURBATION[RIGHT_ELBOW] = 0.12;
    PERTURBATION[LEFT_HIP] = PERTURBATION[RIGHT_HIP] = 0.07;
    PERTURBATION[LEFT_KNEE] = PERTURBATION[RIGHT_KNEE] = 0.08;
    PERTURBATION[LEFT_WRIST] = PERTURBATION[RIGHT_WRIST] = 0.15;
    limit(LEFT_KNEE, 0, 2.3, -0.15, 0.15, -0.15, 0.15);
    limit(RIGHT_KNEE, 0, 2.3, -0.15, 0.15, -0.15, 0.15);
    limit(LEFT_ELBOW, -0.4, 0.4, -2.4, 0.05, -0.4, 0.4);
    limit(RIGHT_ELBOW, -0.4, 0.4, -0.05, 2.4, -0.4, 0.4);
    for (int j : new int[] {LEFT_ANKLE, RIGHT_ANKLE, LEFT_WRIST, RIGHT_WRIST}) {
      limit(j, -0.7, 0.7, -0.5, 0.5, -0.7, 0.7);
    }
  }

  private static void limit(
      int joint, double minX, double maxX, double minY, double maxY, double minZ, double maxZ) {
    double[] l = {minX, maxX, minY, maxY, minZ, maxZ};
    System.arraycopy(l, 0, LIMITS, joint * 6, 6);
  }

  /**
   * The family's pose at a phase, without perturbation.
   *
   * @param phase in [0, 1): where in the family (walk cycle position, raise height, ...)
   * @return full SMPL-X pose {@code [55*3]}, axis-angle radians
   */
  public static double[] pose(PoseFamily family, double phase) {
    double[] pose = new double[SmplxJoints.COUNT * 3];
    double cycle = 2 * Math.PI * phase;
    switch (family) {
      case A_POSE -> {
        lowerArms(pose, 0.75 + 0.1 * phase);
        symmetric(pose, LEFT_HIP, RIGHT_HIP, 0, 0, 0.08);
      }
      case ARMS_DOWN -> {
        lowerArms(pose, 1.25);
        symmetric(pose, LEFT_ELBOW, RIGHT_ELBOW, 0, -0.25, 0);
        double shift = 0.08 * Math.sin(cycle);
        rotate(pose, SPINE1, 0, 0, -0.5 * shift);
        rotate(pose, LEFT_HIP, 0, 0, 0.05 + shift);
        rotate(pose, RIGHT_HIP, 0, 0, -0.05 + shift);
      }
      case T_POSE -> {
        symmetric(pose, LEFT_SHOULDER, RIGHT_SHOULDER, 0, 0, -0.1 * Math.sin(cycle));
        symmetric(pose, LEFT_ELBOW, RIGHT_ELBOW, 0, -0.15 * (1 + Math.cos(cycle)), 0);
      }
      case WALK -> {
        double swing = Math.sin(cycle);
        rotate(pose, LEFT_HIP, -0.45 * swing, 0, 0.03);
        rotate(pose, RIGHT_HIP, 0.45 * swing, 0, -0.03);
        rotate(pose, LEFT_KNEE, 0.1 + 0.55 * Math.max(0, Math.sin(cycle + 1.2)), 0, 0);
        rotate(pose, RIGHT_KNEE, 0.1 + 0.55 * Math.max(0, Math.sin(cycle + 1.2 + Math.PI)), 0, 0);
        lowerArms(pose, 1.2);
        // Arms swing opposite to the legs; a forward swing turns about -x after lowering.
        rotate(pose, LEFT_SHOULDER, 0.35 * swing, 0, 0);
        rotate(pose, RIGHT_SHOULDER, -0.35 * swing, 0, 0);
        symmetric(pose, LEFT_ELBOW, RIGHT_ELBOW, 0, -0.35, 0);
        rotate(pose, SPINE2, 0, 0.08 * swing, 0);
      }
      case ARM_RAISE -> {
        if (phase < 0.5) {
          double t = phase / 0.5;
          rotate(pose, LEFT_SHOULDER, 0, 0, -1.2 + 2.4 * t);
          rotate(pose, RIGHT_SHOULDER, 0, 0, 1.25);
          rotate(pose, RIGHT_ELBOW, 0, 0.2, 0);
          rotate(pose, SPINE2, 0, 0, -0.08 * t);
        } else {
          double t = (phase - 0.5) / 0.5;
          lowerArms(pose, 1.3);
          rotate(pose, LEFT_SHOULDER, -0.6 - 1.6 * t, 0, 0);
          rotate(pose, RIGHT_SHOULDER, -0.6 - 1.6 * t, 0, 0);
        }
      }
      case SQUAT -> {
        double depth = 0.35 + 0.65 * phase;
        symmetric(pose, LEFT_HIP, RIGHT_HIP, -1.3 * depth, 0, 0.15);
        symmetric(pose, LEFT_KNEE, RIGHT_KNEE, 2.0 * depth, 0, 0);
        symmetric(pose, LEFT_ANKLE, RIGHT_ANKLE, -0.5 * depth, 0, 0);
        rotate(pose, SPINE1, 0.25 * depth, 0, 0);
        lowerArms(pose, 1.3);
        rotate(pose, LEFT_SHOULDER, -1.2 * depth, 0, 0);
        rotate(pose, RIGHT_SHOULDER, -1.2 * depth, 0, 0);
      }
      case REACH -> {
        rotate(pose, LEFT_SHOULDER, 0, 0, -0.4 - 0.6 * phase);
        rotate(pose, LEFT_SHOULDER, -0.9 - 0.5 * phase, 0, 0);
        rotate(pose, LEFT_ELBOW, 0, -0.15, 0);
        rotate(pose, RIGHT_SHOULDER, 0, 0, 1.25);
        rotate(pose, RIGHT_ELBOW, 0, 0.3, 0);
        rotate(pose, SPINE2, 0.1, -0.25 * (0.5 + phase), 0);
        rotate(pose, HEAD, 0, -0.2, 0);
        rotate(pose, RIGHT_HIP, 0, 0, -0.1);
      }
    }
    return pose;
  }

  /**
   * A random pose of a family: a random phase, every body joint perturbed (Gaussian, a few degrees
   * to about 8 degrees depending on the joint), clamped to joint limits, and relaxed finger curls.
   *
   * @return full SMPL-X pose {@code [55*3]}, axis-angle radians
   */
  public static double[] sample(PoseFamily family, SplittableRandom random) {
    double[] pose = pose(family, random.nextDouble());
    for (int j = 1; j <= SmplxJoints.BODY_JOINTS; j++) {
      for (int a = 0; a < 3; a++) {
        double value = pose[j * 3 + a] + PERTURBATION[j] * gaussian(random);
        pose[j * 3 + a] =
            Math.max(LIMITS[j * 6 + 2 * a], Math.min(LIMITS[j * 6 + 2 * a + 1], value));
      }
    }
    curlFingers(pose, 0.15 + 0.35 * random.nextDouble());
    return pose;
  }

  /** Marsaglia's polar method: a standard normal from the stream, the same on every JVM. */
  private static double gaussian(SplittableRandom random) {
    while (true) {
      double u = 2 * random.nextDouble() - 1;
      double v = 2 * random.nextDouble() - 1;
      double s = u * u + v * v;
      if (s > 0 && s < 1) {
        return u * Math.sqrt(-2 * Math.log(s) / s);
      }
    }
  }

  /** Fingers (not thumbs) curl toward the palm: about -z on the left hand, +z on the right. */
  private static void curlFingers(double[] pose, double curl) {
    for (int k = 0; k < SmplxJoints.HAND_JOINTS; k++) {
      if (k >= 12) {
        continue;
      }
      double amount = curl * (k % 3 == 0 ? 0.6 : 1.0);
      rotate(pose, SmplxJoints.LEFT_HAND_FIRST + k, 0, 0, -amount);
      rotate(pose, SmplxJoints.RIGHT_HAND_FIRST + k, 0, 0, amount);
    }
  }

  /** Both arms down from horizontal by {@code angle} radians (0 = T-pose, ~1.3 = by the sides). */
  private static void lowerArms(double[] pose, double angle) {
    symmetric(pose, LEFT_SHOULDER, RIGHT_SHOULDER, 0, 0, -angle);
  }

  /** Rotates the left joint by (x, y, z) and the right one by its mirror image (x, -y, -z). */
  private static void symmetric(double[] pose, int left, int right, double x, double y, double z) {
    PoseEdits.symmetric(pose, left, right, x, y, z);
  }

  /** See {@link PoseEdits#rotate}. */
  private static void rotate(double[] pose, int joint, double x, double y, double z) {
    PoseEdits.rotate(pose, joint, x, y, z);
  }
}
