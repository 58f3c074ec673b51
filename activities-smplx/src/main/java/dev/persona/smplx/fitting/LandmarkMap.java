package dev.persona.smplx.fitting;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.ShapedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.smplx.perception.PoseLandmarks;

/**
 * Where each of BlazePose's 33 landmarks sits on an SMPL-X-layout body: a joint, or (for the face
 * and the feet, which SMPL-X's 55 joints do not reach) a surface vertex, with a base weight.
 *
 * <p>The map, by landmark (see {@code docs/fitting.md}):
 *
 * <ul>
 *   <li>shoulders, elbows, wrists, hips, knees, ankles: the SMPL-X joints of those names (weight
 *       1);
 *   <li>pinky, index, thumb: the joints {@code *_pinky1}, {@code *_index1}, {@code *_thumb2} (the
 *       knuckles BlazePose marks; weight 0.3, the hands stay at rest);
 *   <li>nose: the head vertex furthest forward; eyes (inner, centre, outer): the front of the face
 *       at the eye joint's height, at the eye joint's x and 1.5 cm to either side; mouth corners:
 *       the front of the face 2.5 cm either side of the midline, 7 cm below the eyes; ears: the
 *       most lateral head vertex 2 cm below eye height (weights 0.2 to 0.5);
 *   <li>heel and foot index: the rearmost and foremost vertex of the foot's sole (weight 0.7).
 * </ul>
 *
 * <p>Vertices are chosen on the body's own rest template by geometry and skinning (a vertex is a
 * head vertex when its largest skin weight is on the head, jaw or an eye), so one rule serves the
 * built-in body, imported MakeHuman bodies and SMPL-X itself, whose vertex numberings differ.
 *
 * @param vertex {@code [33]} true when the landmark is a vertex, false when a joint
 * @param index {@code [33]} the joint or vertex index
 * @param weight {@code [33]} base weight of the landmark's reprojection term
 */
@SuppressWarnings("ArrayRecordComponent") // built once per body, read by the fitter
public record LandmarkMap(boolean[] vertex, int[] index, double[] weight) {
  private static final int HEAD = 15;
  private static final int LEFT_ANKLE = 7;
  private static final int RIGHT_ANKLE = 8;
  private static final int LEFT_FOOT = 10;
  private static final int RIGHT_FOOT = 11;

  /** Builds the map for {@code model} (SMPL-X's 55 joints), from its zero-shape rest pose. */
  public static LandmarkMap of(BodyModel model) {
    if (model.jointCount() != SmplxJoints.COUNT) {
      throw new IllegalArgumentException(
          "fitting needs SMPL-X's 55 joints; " + model.name() + " has " + model.jointCount());
    }
    ShapedBody rest = new BodyRig(model).shape(new double[0], new double[0]);
    double[] v = rest.restVertices();
    double[] j = rest.restJoints();
    int nv = model.vertexCount();
    int[] owner = dominantJoint(model);

    boolean[] isVertex = new boolean[PoseLandmarks.COUNT];
    int[] index = new int[PoseLandmarks.COUNT];
    double[] weight = new double[PoseLandmarks.COUNT];
    joint(PoseLandmarks.LEFT_SHOULDER, "left_shoulder", 1, index, weight);
    joint(PoseLandmarks.RIGHT_SHOULDER, "right_shoulder", 1, index, weight);
    joint(PoseLandmarks.LEFT_ELBOW, "left_elbow", 1, index, weight);
    joint(PoseLandmarks.RIGHT_ELBOW, "right_elbow", 1, index, weight);
    joint(PoseLandmarks.LEFT_WRIST, "left_wrist", 1, index, weight);
    joint(PoseLandmarks.RIGHT_WRIST, "right_wrist", 1, index, weight);
    joint(PoseLandmarks.LEFT_HIP, "left_hip", 1, index, weight);
    joint(PoseLandmarks.RIGHT_HIP, "right_hip", 1, index, weight);
    joint(PoseLandmarks.LEFT_KNEE, "left_knee", 1, index, weight);
    joint(PoseLandmarks.RIGHT_KNEE, "right_knee", 1, index, weight);
    joint(PoseLandmarks.LEFT_ANKLE, "left_ankle", 1, index, weight);
    joint(PoseLandmarks.RIGHT_ANKLE, "right_ankle", 1, index, weight);
    joint(PoseLandmarks.LEFT_PINKY, "left_pinky1", 0.3, index, weight);
    joint(PoseLandmarks.RIGHT_PINKY, "right_pinky1", 0.3, index, weight);
    joint(PoseLandmarks.LEFT_INDEX, "left_index1", 0.3, index, weight);
    joint(PoseLandmarks.RIGHT_INDEX, "right_index1", 0.3, index, weight);
    joint(PoseLandmarks.LEFT_THUMB, "left_thumb2", 0.3, index, weight);
    joint(PoseLandmarks.RIGHT_THUMB, "right_thumb2", 0.3, index, weight);

    // The face: head vertices in front of the head joint.
    double headZ = j[HEAD * 3 + 2];
    double frontZ = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < nv; i++) {
      if (isHead(owner[i])) {
        frontZ = Math.max(frontZ, v[i * 3 + 2]);
      }
    }
    double leftEyeX = j[SmplxJoints.LEFT_EYE * 3];
    double rightEyeX = j[SmplxJoints.RIGHT_EYE * 3];
    double eyeY = 0.5 * (j[SmplxJoints.LEFT_EYE * 3 + 1] + j[SmplxJoints.RIGHT_EYE * 3 + 1]);
    int nose = -1;
    for (int i = 0; i < nv; i++) {
      if (isHead(owner[i]) && (nose < 0 || v[i * 3 + 2] > v[nose * 3 + 2])) {
        nose = i;
      }
    }
    vertex(PoseLandmarks.NOSE, nose, 0.5, isVertex, index, weight);
    // Inner is toward the midline (x = 0); the body's left is +x.
    double eyeSpread = 0.015;
    face(
        PoseLandmarks.LEFT_EYE,
        leftEyeX,
        eyeY,
        0.3,
        v,
        owner,
        headZ,
        frontZ,
        isVertex,
        index,
        weight);
    face(
        PoseLandmarks.LEFT_EYE_INNER,
        leftEyeX - eyeSpread,
        eyeY,
        0.2,
        v,
        owner,
        headZ,
        frontZ,
        isVertex,
        index,
        weight);
    face(
        PoseLandmarks.LEFT_EYE_OUTER,
        leftEyeX + eyeSpread,
        eyeY,
        0.2,
        v,
        owner,
        headZ,
        frontZ,
        isVertex,
        index,
        weight);
    face(
        PoseLandmarks.RIGHT_EYE,
        rightEyeX,
        eyeY,
        0.3,
        v,
        owner,
        headZ,
        frontZ,
        isVertex,
        index,
        weight);
    face(
        PoseLandmarks.RIGHT_EYE_INNER,
        rightEyeX + eyeSpread,
        eyeY,
        0.2,
        v,
        owner,
        headZ,
        frontZ,
        isVertex,
        index,
        weight);
    face(
        PoseLandmarks.RIGHT_EYE_OUTER,
        rightEyeX - eyeSpread,
        eyeY,
        0.2,
        v,
        owner,
        headZ,
        frontZ,
        isVertex,
        index,
        weight);
    face(
        PoseLandmarks.MOUTH_LEFT,
        0.025,
        eyeY - 0.07,
        0.3,
        v,
        owner,
        headZ,
        frontZ,
        isVertex,
        index,
        weight);
    face(
        PoseLandmarks.MOUTH_RIGHT,
        -0.025,
        eyeY - 0.07,
        0.3,
        v,
        owner,
        headZ,
        frontZ,
        isVertex,
        index,
        weight);
    vertex(PoseLandmarks.LEFT_EAR, ear(v, owner, eyeY - 0.02, 1), 0.4, isVertex, index, weight);
    vertex(PoseLandmarks.RIGHT_EAR, ear(v, owner, eyeY - 0.02, -1), 0.4, isVertex, index, weight);

    int[] leftSole = sole(v, owner, LEFT_ANKLE, LEFT_FOOT);
    int[] rightSole = sole(v, owner, RIGHT_ANKLE, RIGHT_FOOT);
    vertex(PoseLandmarks.LEFT_HEEL, leftSole[0], 0.7, isVertex, index, weight);
    vertex(PoseLandmarks.LEFT_FOOT_INDEX, leftSole[1], 0.7, isVertex, index, weight);
    vertex(PoseLandmarks.RIGHT_HEEL, rightSole[0], 0.7, isVertex, index, weight);
    vertex(PoseLandmarks.RIGHT_FOOT_INDEX, rightSole[1], 0.7, isVertex, index, weight);
    return new LandmarkMap(isVertex, index, weight);
  }

  private static void joint(int landmark, String name, double w, int[] index, double[] weight) {
    index[landmark] = SmplxJoints.index(name);
    weight[landmark] = w;
  }

  private static void vertex(
      int landmark, int vertex, double w, boolean[] isVertex, int[] index, double[] weight) {
    if (vertex < 0) {
      throw new IllegalArgumentException(
          "the body has no vertex for landmark " + PoseLandmarks.NAMES.get(landmark));
    }
    isVertex[landmark] = true;
    index[landmark] = vertex;
    weight[landmark] = w;
  }

  /** The joint with the largest skin weight, per vertex. */
  private static int[] dominantJoint(BodyModel model) {
    float[] w = model.skinWeights();
    int nj = model.jointCount();
    int[] owner = new int[model.vertexCount()];
    for (int i = 0; i < owner.length; i++) {
      int best = 0;
      for (int k = 1; k < nj; k++) {
        if (w[i * nj + k] > w[i * nj + best]) {
          best = k;
        }
      }
      owner[i] = best;
    }
    return owner;
  }

  private static boolean isHead(int joint) {
    return joint == HEAD
        || joint == SmplxJoints.JAW
        || joint == SmplxJoints.LEFT_EYE
        || joint == SmplxJoints.RIGHT_EYE;
  }

  /**
   * The head vertex in front of the head joint nearest to (x, y) seen from the front, preferring
   * the foremost surface (a small penalty on depth behind the face's front).
   */
  private static void face(
      int landmark,
      double x,
      double y,
      double w,
      double[] v,
      int[] owner,
      double headZ,
      double frontZ,
      boolean[] isVertex,
      int[] index,
      double[] weight) {
    int best = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int i = 0; i < owner.length; i++) {
      double z = v[i * 3 + 2];
      if (!isHead(owner[i]) || z <= headZ) {
        continue;
      }
      double dx = v[i * 3] - x;
      double dy = v[i * 3 + 1] - y;
      double back = 0.2 * (frontZ - z);
      double score = dx * dx + dy * dy + back * back;
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    }
    vertex(landmark, best, w, isVertex, index, weight);
  }

  /** The most lateral head vertex ({@code side} +1 left, -1 right) within 3 cm of height y. */
  private static int ear(double[] v, int[] owner, double y, int side) {
    int best = -1;
    for (int i = 0; i < owner.length; i++) {
      if (isHead(owner[i])
          && Math.abs(v[i * 3 + 1] - y) < 0.03
          && (best < 0 || side * v[i * 3] > side * v[best * 3])) {
        best = i;
      }
    }
    return best;
  }

  /** {heel, toe}: the rearmost and foremost vertex within 3 cm of the foot's lowest point. */
  private static int[] sole(double[] v, int[] owner, int ankle, int foot) {
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < owner.length; i++) {
      if (owner[i] == ankle || owner[i] == foot) {
        lowest = Math.min(lowest, v[i * 3 + 1]);
      }
    }
    int heel = -1;
    int toe = -1;
    for (int i = 0; i < owner.length; i++) {
      if ((owner[i] == ankle || owner[i] == foot) && v[i * 3 + 1] < lowest + 0.03) {
        if (heel < 0 || v[i * 3 + 2] < v[heel * 3 + 2]) {
          heel = i;
        }
        if (toe < 0 || v[i * 3 + 2] > v[toe * 3 + 2]) {
          toe = i;
        }
      }
    }
    return new int[] {heel, toe};
  }

  /** Position of landmark {@code l}'s body point in a posed body's joints or vertices. */
  void position(int l, double[] joints, double[] vertices, double[] dest) {
    double[] src = vertex[l] ? vertices : joints;
    int at = index[l] * 3;
    dest[0] = src[at];
    dest[1] = src[at + 1];
    dest[2] = src[at + 2];
  }
}
