package dev.persona.core.dataset.synth;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxJoints;

/**
 * A test body with no surface: one vertex at each of SMPL-X's 55 rest joints (a hand-laid T-pose
 * about 1.6 m tall, pelvis at the origin, facing +z, left toward +x), each weighted fully to its
 * own joint, an identity joint regressor and no blend shapes. Posing it moves each vertex exactly
 * with its joint, which is what pose and camera tests need.
 */
final class SkeletonBody {
  private SkeletonBody() {}

  private static final double[] BODY = {
    0, 0, 0, // pelvis
    0.06, -0.09, 0, // left_hip
    -0.06, -0.09, 0, // right_hip
    0, 0.11, -0.01, // spine1
    0.1, -0.48, 0, // left_knee
    -0.1, -0.48, 0, // right_knee
    0, 0.24, 0, // spine2
    0.09, -0.88, -0.04, // left_ankle
    -0.09, -0.88, -0.04, // right_ankle
    0, 0.3, 0.02, // spine3
    0.11, -0.94, 0.08, // left_foot
    -0.11, -0.94, 0.08, // right_foot
    0, 0.52, -0.01, // neck
    0.07, 0.42, 0, // left_collar
    -0.07, 0.42, 0, // right_collar
    0, 0.6, 0.02, // head
    0.17, 0.44, -0.01, // left_shoulder
    -0.17, 0.44, -0.01, // right_shoulder
    0.43, 0.44, -0.02, // left_elbow
    -0.43, 0.44, -0.02, // right_elbow
    0.68, 0.44, -0.01, // left_wrist
    -0.68, 0.44, -0.01, // right_wrist
    0, 0.58, 0.05, // jaw
    0.03, 0.66, 0.09, // left_eye
    -0.03, 0.66, 0.09, // right_eye
  };

  /** Rest joints {@code [55*3]}. */
  static float[] joints() {
    float[] j = new float[SmplxJoints.COUNT * 3];
    for (int i = 0; i < BODY.length; i++) {
      j[i] = (float) BODY[i];
    }
    // Fingers: index, middle, pinky, ring along +x from the left wrist at their own depths, three
    // phalanges 3 cm apart; the thumb forward and out. The right hand mirrors x.
    double[] depth = {0.025, 0.005, -0.035, -0.015};
    for (int side = 0; side < 2; side++) {
      double sign = side == 0 ? 1 : -1;
      int first = side == 0 ? SmplxJoints.LEFT_HAND_FIRST : SmplxJoints.RIGHT_HAND_FIRST;
      for (int finger = 0; finger < 5; finger++) {
        for (int k = 0; k < 3; k++) {
          int at = (first + finger * 3 + k) * 3;
          if (finger < 4) {
            j[at] = (float) (sign * (0.77 + 0.03 * k));
            j[at + 1] = 0.44f;
            j[at + 2] = (float) depth[finger];
          } else {
            j[at] = (float) (sign * (0.71 + 0.025 * k));
            j[at + 1] = 0.43f;
            j[at + 2] = (float) (0.04 + 0.02 * k);
          }
        }
      }
    }
    return j;
  }

  static BodyModel create() {
    int n = SmplxJoints.COUNT;
    float[] regressor = new float[n * n];
    float[] weights = new float[n * n];
    for (int i = 0; i < n; i++) {
      regressor[i * n + i] = 1;
      weights[i * n + i] = 1;
    }
    return BodyModel.of(
        "skeleton",
        joints(),
        new int[0],
        new float[0],
        0,
        0,
        new float[n * 3 * (n - 1) * 9],
        regressor,
        SmplxJoints.parents(),
        weights,
        null,
        null);
  }
}
