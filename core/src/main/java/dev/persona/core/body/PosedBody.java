package dev.persona.core.body;

/**
 * The result of {@link BodyRig#pose}: a posed body and the intermediate values its derivatives
 * need. A set of buffers a caller owns and reuses from pose to pose (make one with {@link
 * BodyRig#newPosedBody()}); not thread-safe. Every array is overwritten by the next pose into it.
 *
 * <p>Frames: "model" is the body's own frame (metres, y up); "world" adds {@code transl}. The
 * skinning transform of joint {@code j} is {@code A_j = [jointRotations_j |
 * skinningTranslations_j]}: {@code x_world = sum_j w_j (A_j x_rest)} for a point {@code x_rest} in
 * the pose-corrected rest frame, exactly as vertices are skinned (SMPL, Loper et al. 2015, Eq.
 * 2-4).
 */
public final class PosedBody {
  final int vertexCount;
  final int jointCount;
  ShapedBody shaped;
  final double[] pose;
  final double[] transl = new double[3];
  final double[] localRotations;
  final double[] jointRotations;
  final double[] modelJoints;
  final double[] joints;
  final double[] modelSkinningTranslations;
  final double[] skinningTranslations;
  final double[] posedRestVertices;
  final double[] vertices;

  PosedBody(int vertexCount, int jointCount) {
    this.vertexCount = vertexCount;
    this.jointCount = jointCount;
    pose = new double[jointCount * 3];
    localRotations = new double[jointCount * 9];
    jointRotations = new double[jointCount * 9];
    modelJoints = new double[jointCount * 3];
    joints = new double[jointCount * 3];
    modelSkinningTranslations = new double[jointCount * 3];
    skinningTranslations = new double[jointCount * 3];
    posedRestVertices = new double[vertexCount * 3];
    vertices = new double[vertexCount * 3];
  }

  /** The shaped body this pose was applied to; {@code null} before the first pose. */
  public ShapedBody shaped() {
    return shaped;
  }

  /** The full pose used, {@code [J*3]} axis-angle radians, each joint relative to its parent. */
  public double[] pose() {
    return pose;
  }

  /** The translation used, {@code [3]} metres. */
  public double[] transl() {
    return transl;
  }

  /** Posed vertices, {@code [V*3]} metres, world frame. */
  public double[] vertices() {
    return vertices;
  }

  /** Posed joint locations, {@code [J*3]} metres, world frame (SMPL-X's output {@code joints}). */
  public double[] joints() {
    return joints;
  }

  /** Each joint's rotation relative to its parent, {@code [J*9]} row-major 3x3 (Rodrigues). */
  public double[] localRotations() {
    return localRotations;
  }

  /** Each joint's world rotation {@code G_j}'s 3x3 part, {@code [J*9]} row-major. */
  public double[] jointRotations() {
    return jointRotations;
  }

  /**
   * The translation of each skinning transform {@code A_j = G_j [I | -J_j]}, plus {@code transl}:
   * {@code [J*3]} metres, world frame.
   */
  public double[] skinningTranslations() {
    return skinningTranslations;
  }

  /**
   * The rest vertices with the pose-corrective offsets added ({@code T_P} of SMPL's Eq. 6), {@code
   * [V*3]} metres, model frame: the points the skinning transforms act on.
   */
  public double[] posedRestVertices() {
    return posedRestVertices;
  }

  /**
   * The posed vertices as floats (for renderers and files).
   *
   * @param dest {@code [V*3]} to fill, or {@code null} to allocate one
   * @return {@code dest}, world frame, metres
   */
  public float[] verticesAsFloats(float[] dest) {
    float[] out = dest != null ? dest : new float[vertices.length];
    for (int i = 0; i < vertices.length; i++) {
      out[i] = (float) vertices[i];
    }
    return out;
  }
}
