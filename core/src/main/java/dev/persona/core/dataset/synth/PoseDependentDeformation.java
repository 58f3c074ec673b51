package dev.persona.core.dataset.synth;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.mesh.VertexNormals;

/**
 * A surface deformation that depends on the pose, as loose clothing and soft tissue give a real
 * subject: where a joint bends, the surface around it bulges outward, in proportion to how far it
 * bends. Linear blend skinning of a fixed surface cannot produce this, which is the point: it is
 * what PERSONA's pose-driven Gaussian offsets (Sec. 3.3) exist to learn, so a synthetic subject
 * with it lets a benchmark show whether they do.
 *
 * <p>For each driver joint {@code j} (hips, knees, spine1, shoulders, elbows), its bend {@code b_j
 * = min(1, |theta_j| / (pi/2))} (the local rotation angle) and a region weight per vertex {@code
 * g_ij = exp(-|s_i - J_j|^2 / (2 sigma^2)) * min(1, w_ij + w_i,parent(j))} around the rest-pose
 * joint {@code J_j}, restricted by the skinning weights {@code w} to the two segments the joint
 * connects (so a bent left knee does not swell the right one). The posed vertex moves along its
 * posed normal {@code n_i}: {@code v_i += amplitude * min(1.5, sum_j g_ij b_j) n_i}.
 *
 * <p>The region weights are computed once per body; {@link #apply} allocates nothing but the normal
 * buffer it is given.
 */
public final class PoseDependentDeformation {
  /** Radius of each joint's bulge, metres: about a limb's thickness. */
  static final double SIGMA = 0.07;

  /** A bend of this angle or more gives the full amplitude (a right angle at the elbow or knee). */
  private static final double FULL_BEND = Math.PI / 2;

  /** The sum of overlapping bulges (hip and spine1 at the pelvis) is capped at this many. */
  private static final double MAX_SUM = 1.5;

  private static final int[] DRIVERS = {
    SmplxJoints.NAMES.indexOf("left_hip"),
    SmplxJoints.NAMES.indexOf("right_hip"),
    SmplxJoints.NAMES.indexOf("spine1"),
    SmplxJoints.NAMES.indexOf("left_knee"),
    SmplxJoints.NAMES.indexOf("right_knee"),
    SmplxJoints.NAMES.indexOf("left_shoulder"),
    SmplxJoints.NAMES.indexOf("right_shoulder"),
    SmplxJoints.NAMES.indexOf("left_elbow"),
    SmplxJoints.NAMES.indexOf("right_elbow"),
  };

  private final double amplitude;
  private final int vertexCount;
  private final int[] faces;

  /** {@code [DRIVERS * V]}: driver-major region weights. */
  private final float[] region;

  /**
   * @param body the body (SMPL-X joint layout)
   * @param restVertices {@code [V*3]} the shaped rest-pose vertices, metres
   * @param restJoints {@code [J*3]} the shaped rest-pose joints, metres
   * @param amplitude the bulge of a fully bent joint, metres; 0 gives no deformation
   */
  public PoseDependentDeformation(
      BodyModel body, double[] restVertices, double[] restJoints, double amplitude) {
    if (!(amplitude >= 0) || amplitude > 0.2) {
      throw new IllegalArgumentException(
          "deformation amplitude must be 0..0.2 m, got " + amplitude);
    }
    this.amplitude = amplitude;
    this.vertexCount = body.vertexCount();
    this.faces = body.faces();
    int joints = body.jointCount();
    int[] parents = body.parents();
    float[] weights = body.skinWeights();
    this.region = new float[DRIVERS.length * vertexCount];
    double twoSigmaSquared = 2 * SIGMA * SIGMA;
    for (int d = 0; d < DRIVERS.length; d++) {
      int j = DRIVERS[d];
      int parent = parents[j];
      for (int i = 0; i < vertexCount; i++) {
        double dx = restVertices[i * 3] - restJoints[j * 3];
        double dy = restVertices[i * 3 + 1] - restJoints[j * 3 + 1];
        double dz = restVertices[i * 3 + 2] - restJoints[j * 3 + 2];
        double segments = Math.min(1, weights[i * joints + j] + weights[i * joints + parent]);
        region[d * vertexCount + i] =
            (float) (Math.exp(-(dx * dx + dy * dy + dz * dz) / twoSigmaSquared) * segments);
      }
    }
  }

  /** The bulge of a fully bent joint, metres. */
  public double amplitude() {
    return amplitude;
  }

  /**
   * Moves the posed vertices along their normals by the pose's bulges.
   *
   * @param posed the pose (its local rotation angles drive the bulges)
   * @param vertices {@code [V*3]} the posed vertices, changed in place
   * @param normals {@code [V*3]} scratch for the posed normals
   */
  public void apply(PosedBody posed, float[] vertices, float[] normals) {
    if (amplitude == 0) {
      return;
    }
    double[] pose = posed.pose();
    double[] bend = new double[DRIVERS.length];
    for (int d = 0; d < DRIVERS.length; d++) {
      int j = DRIVERS[d];
      double angle =
          Math.sqrt(
              pose[j * 3] * pose[j * 3]
                  + pose[j * 3 + 1] * pose[j * 3 + 1]
                  + pose[j * 3 + 2] * pose[j * 3 + 2]);
      bend[d] = Math.min(1, angle / FULL_BEND);
    }
    VertexNormals.compute(vertices, faces, normals);
    for (int i = 0; i < vertexCount; i++) {
      double sum = 0;
      for (int d = 0; d < DRIVERS.length; d++) {
        sum += region[d * vertexCount + i] * bend[d];
      }
      double shift = amplitude * Math.min(MAX_SUM, sum);
      vertices[i * 3] += (float) (shift * normals[i * 3]);
      vertices[i * 3 + 1] += (float) (shift * normals[i * 3 + 1]);
      vertices[i * 3 + 2] += (float) (shift * normals[i * 3 + 2]);
    }
  }
}
