package dev.persona.splat.avatar;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxJoints;
import java.util.SplittableRandom;

/**
 * A six-vertex body in SMPL-X's layout (55 joints) for gradient checks: an octahedron whose
 * vertices are skinned to the left leg, right leg, left arm, left hand, head and spine, with two
 * random shape directions and small random pose correctives, so every path of the poser is used.
 */
public final class TinyBody {
  private TinyBody() {}

  /** Vertex -> (joint, weight) pairs; vertex 3 is a hand vertex, vertex 4 a face vertex. */
  private static final int[][] JOINTS = {{1, 4}, {2, 5}, {16, 18}, {20, 25}, {15, 12}, {3, 6, 9}};

  private static final float[][] WEIGHTS = {
    {0.6f, 0.4f}, {0.7f, 0.3f}, {0.5f, 0.5f}, {0.3f, 0.7f}, {0.8f, 0.2f}, {0.2f, 0.5f, 0.3f}
  };

  public static BodyModel create(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = {
      0.3f, 0f, 0f, -0.3f, 0f, 0f, 0f, 0.4f, 0f, 0f, -0.4f, 0f, 0f, 0f, 0.25f, 0f, 0f, -0.25f
    };
    int[] f = {0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5};
    int vertices = 6;
    int joints = SmplxJoints.COUNT;
    int shapes = 2;
    float[] shapeDirs = new float[vertices * 3 * shapes];
    for (int i = 0; i < shapeDirs.length; i++) {
      shapeDirs[i] = (float) random.nextDouble(-0.05, 0.05);
    }
    int poseInputs = (joints - 1) * 9;
    float[] poseDirs = new float[vertices * 3 * poseInputs];
    for (int i = 0; i < poseDirs.length; i++) {
      poseDirs[i] = (float) random.nextDouble(-0.01, 0.01);
    }
    float[] regressor = new float[joints * vertices];
    for (int j = 0; j < joints; j++) {
      double sum = 0;
      for (int k = 0; k < vertices; k++) {
        double w = random.nextDouble(0.1, 1.0);
        regressor[j * vertices + k] = (float) w;
        sum += w;
      }
      for (int k = 0; k < vertices; k++) {
        regressor[j * vertices + k] /= (float) sum;
      }
    }
    float[] weights = new float[vertices * joints];
    for (int k = 0; k < vertices; k++) {
      for (int e = 0; e < JOINTS[k].length; e++) {
        weights[k * joints + JOINTS[k][e]] = WEIGHTS[k][e];
      }
    }
    return BodyModel.of(
        "tiny",
        v,
        f,
        shapeDirs,
        shapes,
        0,
        poseDirs,
        regressor,
        SmplxJoints.parents(),
        weights,
        null,
        null);
  }
}
