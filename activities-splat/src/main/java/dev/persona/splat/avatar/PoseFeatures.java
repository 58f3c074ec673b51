package dev.persona.splat.avatar;

import dev.persona.core.body.SmplxJoints;
import dev.persona.core.math.Rotations;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The pose input of PERSONA's offset MLP (Sim &amp; Moon 2025, Sec. 3.3; {@code
 * get_mean_offset_offset} in its code): the 21 body joints' local rotations (SMPL-X joints 1..21,
 * the root excluded) as 6D vectors, each Gaussian seeing only the joints near it.
 *
 * <p><b>6D layout.</b> {@code sixD [21*6]}: joint k (SMPL-X joint k + 1) at {@code k*6}, the first
 * two ROWS of its local rotation matrix {@code (R00, R01, R02, R10, R11, R12)}, as PyTorch3D's
 * {@code matrix_to_rotation_6d} that PERSONA calls (note: {@link Rotations#matrixToSixD} takes
 * columns; rows are used here so that the MLP's inputs mean what they mean in the paper's code).
 *
 * <p><b>Joint mask, exactly.</b> Gaussian i's dominant joint {@code d_i} is the joint with its
 * largest skinning weight (the lowest index on ties), as PERSONA's {@code argmax}. Body joint k
 * (SMPL-X index k + 1) is visible to Gaussian i when the number of edges between {@code d_i} and k
 * + 1 in the kinematic tree (parents and children both count as one hop) is at most {@code ring}
 * (PERSONA: 4, its "4-ring joints"). Invisible joints feed zeros, so a Gaussian on the shin ignores
 * the wrists and the MLP cannot learn spurious long-range correlations from few frames.
 *
 * <p>Immutable; the mask is {@code [N*21]} bytes (0 or 1).
 */
public final class PoseFeatures {
  /** The body joints fed to the MLP: SMPL-X joints 1..21 (hips to wrists). */
  public static final int BODY_JOINTS = SmplxJoints.BODY_JOINTS;

  /** Values per joint rotation. */
  public static final int SIX_D = 6;

  /** Pose features per Gaussian: 21 x 6 = 126. */
  public static final int FEATURES = BODY_JOINTS * SIX_D;

  private final int count;
  private final int ring;
  private final byte[] mask;

  /**
   * @param parents {@code [J]} the kinematic tree, SMPL-X's joint order (J at least 22), -1 at the
   *     root
   * @param dominantJoint {@code [N]} each Gaussian's dominant joint
   * @param ring hops, at least 0
   */
  public PoseFeatures(int[] parents, int[] dominantJoint, int ring) {
    if (parents.length <= BODY_JOINTS) {
      throw new IllegalArgumentException(
          "the kinematic tree needs the " + (BODY_JOINTS + 1) + " SMPL-X body joints");
    }
    if (ring < 0) {
      throw new IllegalArgumentException("ring must be >= 0, got " + ring);
    }
    this.count = dominantJoint.length;
    this.ring = ring;
    int[][] hops = hopDistances(parents);
    mask = new byte[count * BODY_JOINTS];
    for (int i = 0; i < count; i++) {
      int[] row = hops[dominantJoint[i]];
      for (int k = 0; k < BODY_JOINTS; k++) {
        mask[i * BODY_JOINTS + k] = (byte) (row[k + 1] <= ring ? 1 : 0);
      }
    }
  }

  /** Gaussians N. */
  public int count() {
    return count;
  }

  public int ring() {
    return ring;
  }

  /** Whether Gaussian i sees body joint k (SMPL-X joint k + 1). */
  public boolean sees(int gaussian, int bodyJoint) {
    return mask[gaussian * BODY_JOINTS + bodyJoint] != 0;
  }

  /**
   * The 6D features of a body pose.
   *
   * @param bodyPose {@code [21*3]} axis-angle radians, SMPL-X joints 1..21 relative to their
   *     parents ({@code SmplxParams.bodyPose()})
   * @param dest {@code [126]}, overwritten, layout in the class comment
   */
  public static void sixD(double[] bodyPose, float[] dest) {
    if (bodyPose.length != BODY_JOINTS * 3 || dest.length < FEATURES) {
      throw new IllegalArgumentException("bodyPose must have 63 values and dest 126");
    }
    double[] m = new double[9];
    for (int k = 0; k < BODY_JOINTS; k++) {
      Rotations.axisAngleToMatrix(bodyPose, k * 3, m, 0);
      for (int e = 0; e < SIX_D; e++) {
        dest[k * SIX_D + e] = (float) m[e];
      }
    }
  }

  /**
   * Writes Gaussian i's masked pose features: {@code sixD} with the invisible joints' six values
   * zeroed.
   *
   * @param sixD {@code [126]} from {@link #sixD}
   * @param dest receives 126 values at {@code offset}
   */
  public void writeMasked(int gaussian, float[] sixD, float[] dest, int offset) {
    int m = gaussian * BODY_JOINTS;
    for (int k = 0; k < BODY_JOINTS; k++) {
      boolean on = mask[m + k] != 0;
      for (int e = 0; e < SIX_D; e++) {
        dest[offset + k * SIX_D + e] = on ? sixD[k * SIX_D + e] : 0f;
      }
    }
  }

  /** Breadth-first hop counts between all joint pairs of a tree, {@code [J][J]}. */
  static int[][] hopDistances(int[] parents) {
    int joints = parents.length;
    int[][] adjacency = new int[joints][];
    int[] degree = new int[joints];
    for (int j = 1; j < joints; j++) {
      degree[j]++;
      degree[parents[j]]++;
    }
    for (int j = 0; j < joints; j++) {
      adjacency[j] = new int[degree[j]];
    }
    int[] fill = new int[joints];
    for (int j = 1; j < joints; j++) {
      int p = parents[j];
      adjacency[j][fill[j]++] = p;
      adjacency[p][fill[p]++] = j;
    }
    int[][] hops = new int[joints][joints];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int s = 0; s < joints; s++) {
      int[] row = hops[s];
      Arrays.fill(row, Integer.MAX_VALUE);
      row[s] = 0;
      queue.add(s);
      while (!queue.isEmpty()) {
        int c = queue.poll();
        for (int n : adjacency[c]) {
          if (row[n] == Integer.MAX_VALUE) {
            row[n] = row[c] + 1;
            queue.add(n);
          }
        }
      }
    }
    return hops;
  }
}
