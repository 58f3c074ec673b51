package dev.persona.core.body;

import java.util.Random;

/** Small random body models in SMPL-X's layout, for tests that need no real model file. */
final class RandomBodies {
  private RandomBodies() {}

  /**
   * A random body on SMPL-X's 55-joint tree: vertices scattered around a rough skeleton, each
   * vertex skinned to its nearest few joints by random weights summing to 1, regressor rows summing
   * to 1 over a few vertices each, random shape and (optionally) pose-corrective directions, random
   * hand PCA.
   *
   * @param vertices number of vertices (~50 keeps finite-difference tests fast)
   * @param shapes identity directions
   * @param expressions expression directions
   * @param poseCorrectives whether posedirs are random (true) or all zero
   */
  static BodyModel smplxLike(
      long seed, int vertices, int shapes, int expressions, boolean poseCorrectives) {
    Random random = new Random(seed);
    int[] parents = SmplxJoints.parents();
    int joints = parents.length;
    // A rest skeleton: each joint offset from its parent by ~10 cm in a random direction.
    double[] jointPos = new double[joints * 3];
    for (int j = 1; j < joints; j++) {
      for (int c = 0; c < 3; c++) {
        jointPos[j * 3 + c] = jointPos[parents[j] * 3 + c] + 0.1 * random.nextGaussian();
      }
    }
    float[] template = new float[vertices * 3];
    float[] weights = new float[vertices * joints];
    for (int v = 0; v < vertices; v++) {
      int j = random.nextInt(joints);
      for (int c = 0; c < 3; c++) {
        template[v * 3 + c] = (float) (jointPos[j * 3 + c] + 0.05 * random.nextGaussian());
      }
      // Weights on the joint, its parent and one random joint (some vertices fully rigid).
      int[] on = {j, Math.max(parents[j], 0), random.nextInt(joints)};
      int count = v % 5 == 0 ? 1 : 3;
      float[] w = new float[count];
      float sum = 0;
      for (int k = 0; k < count; k++) {
        w[k] = 0.1f + random.nextFloat();
        sum += w[k];
      }
      for (int k = 0; k < count; k++) {
        weights[v * joints + on[k]] += w[k] / sum;
      }
    }
    float[] regressor = new float[joints * vertices];
    for (int j = 0; j < joints; j++) {
      float sum = 0;
      int[] picks = new int[4];
      float[] w = new float[4];
      for (int k = 0; k < 4; k++) {
        picks[k] = random.nextInt(vertices);
        w[k] = 0.1f + random.nextFloat();
        sum += w[k];
      }
      for (int k = 0; k < 4; k++) {
        regressor[j * vertices + picks[k]] += w[k] / sum;
      }
    }
    int s = shapes + expressions;
    float[] shapeDirs = new float[vertices * 3 * s];
    for (int i = 0; i < shapeDirs.length; i++) {
      shapeDirs[i] = (float) (0.02 * random.nextGaussian());
    }
    int p = (joints - 1) * 9;
    float[] poseDirs = new float[vertices * 3 * p];
    if (poseCorrectives) {
      for (int i = 0; i < poseDirs.length; i++) {
        poseDirs[i] = (float) (0.01 * random.nextGaussian());
      }
    }
    int[] faces = new int[(vertices - 2) * 3];
    for (int f = 0; f < vertices - 2; f++) {
      faces[f * 3] = f;
      faces[f * 3 + 1] = f + 1;
      faces[f * 3 + 2] = f + 2;
    }
    int handComponents = 6;
    float[][] hands = new float[4][];
    for (int h = 0; h < 4; h++) {
      hands[h] = new float[h < 2 ? handComponents * 45 : 45];
      for (int i = 0; i < hands[h].length; i++) {
        hands[h][i] = (float) (0.1 * random.nextGaussian());
      }
    }
    return new BodyModel(
        "random-" + seed,
        template,
        faces,
        shapeDirs,
        shapes,
        expressions,
        poseDirs,
        regressor,
        parents,
        weights,
        null,
        null,
        hands[0],
        hands[1],
        hands[2],
        hands[3]);
  }

  /** A random pose {@code [J*3]}, each joint rotated by up to about {@code scale} radians. */
  static double[] randomPose(Random random, int joints, double scale) {
    double[] pose = new double[joints * 3];
    for (int i = 0; i < pose.length; i++) {
      pose[i] = scale * random.nextGaussian();
    }
    return pose;
  }

  static double[] gaussian(Random random, int n, double scale) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = scale * random.nextGaussian();
    }
    return x;
  }
}
