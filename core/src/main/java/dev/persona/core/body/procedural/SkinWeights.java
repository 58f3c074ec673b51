package dev.persona.core.body.procedural;

import dev.persona.core.body.SmplxJoints;

/**
 * Linear-blend-skinning weights {@code [V*55]} for the procedural body, rows summing to 1.
 *
 * <p>Each vertex first picks its bone: among the joints allowed for its {@link BodyPart} (the arm's
 * joints for an arm, the wrist and fingers for a hand, ...), the one whose bone segment is nearest
 * relative to that bone's flesh radius. The weight then blends smoothly across the joints at both
 * ends of that bone, with a smoothstep of the signed distance past the joint along the bone that
 * enters it ({@link Skeleton#blendWidths} wide): a vertex just past the elbow is shared between the
 * elbow and the shoulder, one near the knuckle between the finger and the wrist. A few rounds of
 * averaging over the mesh's one-rings then smooth what is left of the part boundaries. Weights stay
 * non-negative and rows keep summing to 1 through all of this, because every step is a convex
 * combination. The eyes get no weight (the body has no eyeballs).
 */
final class SkinWeights {
  private SkinWeights() {}

  private static final int J = SmplxJoints.COUNT;

  /** Rounds of one-ring averaging after the geometric blend. */
  private static final int SMOOTHING_ROUNDS = 3;

  /**
   * A child bone is blended in only for vertices within this many of its flesh radii of its
   * segment, so a vertex of the head is not pulled by the jaw from across the face.
   */
  private static final double CHILD_REACH = 2.0;

  /**
   * @param positions rest vertices {@code [V*3]} metres
   * @param labels {@link BodyPart} ordinal per vertex {@code [V]}
   * @return weights {@code [V*55]}, row-major by vertex
   */
  static float[] compute(TriMesh mesh, int[] labels, Skeleton s) {
    double[] positions = mesh.positions;
    int vertexCount = mesh.vertexCount();
    int[][] candidates = new int[BodyPart.values().length][];
    for (BodyPart part : BodyPart.values()) {
      candidates[part.ordinal()] = candidates(part);
    }
    int[] parents = SmplxJoints.parents();
    double[] inDir = incomingDirections(s, parents);
    double[] w = new double[vertexCount * J];
    for (int v = 0; v < vertexCount; v++) {
      double x = positions[v * 3];
      double y = positions[v * 3 + 1];
      double z = positions[v * 3 + 2];
      int bone = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int j : candidates[labels[v]]) {
        double d = segmentDistance(s, j, x, y, z) / s.boneRadii[j];
        if (d < best) {
          best = d;
          bone = j;
        }
      }
      double own = 1;
      int parent = parents[bone];
      if (parent >= 0 && s.blendWidths[bone] > 0) {
        own = smoothstep(past(s, inDir, bone, x, y, z) / s.blendWidths[bone]);
        w[v * J + parent] += 1 - own;
      }
      int child = -1;
      double childBest = CHILD_REACH;
      for (int c = bone + 1; c < J; c++) {
        if (parents[c] == bone && s.hasBone(c)) {
          double d = segmentDistance(s, c, x, y, z) / s.boneRadii[c];
          if (d < childBest) {
            childBest = d;
            child = c;
          }
        }
      }
      if (child >= 0) {
        double f = smoothstep(past(s, inDir, child, x, y, z) / s.blendWidths[child]);
        w[v * J + child] += own * f;
        w[v * J + bone] += own * (1 - f);
      } else {
        w[v * J + bone] += own;
      }
    }
    w = smooth(mesh, w);
    float[] out = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = (float) w[i];
    }
    return out;
  }

  /** One-ring averaging, {@code w <- (w + mean of neighbours) / 2}, a convex combination. */
  private static double[] smooth(TriMesh mesh, double[] w) {
    int[] start = mesh.neighbourStart();
    int[] adj = mesh.neighbours();
    double[] next = new double[w.length];
    for (int round = 0; round < SMOOTHING_ROUNDS; round++) {
      for (int v = 0; v < mesh.vertexCount(); v++) {
        int n = start[v + 1] - start[v];
        for (int j = 0; j < J; j++) {
          double sum = 0;
          for (int at = start[v]; at < start[v + 1]; at++) {
            sum += w[adj[at] * J + j];
          }
          next[v * J + j] = 0.5 * w[v * J + j] + 0.5 * sum / n;
        }
      }
      double[] swap = w;
      w = next;
      next = swap;
    }
    return w;
  }

  /**
   * Direction along which "past joint j" is measured {@code [55*3]}: the parent's bone when that
   * bone ends at j (a chain, like shoulder to elbow to wrist), else j's own bone (a branch, like
   * the pelvis to the hips or the wrist to the thumb).
   */
  private static double[] incomingDirections(Skeleton s, int[] parents) {
    double[] dir = new double[J * 3];
    for (int j = 0; j < J; j++) {
      int p = parents[j];
      int from = j;
      if (p >= 0 && sameEnd(s, p, j)) {
        from = p;
      }
      double dx = s.boneEnds[from * 3] - s.joints[from * 3];
      double dy = s.boneEnds[from * 3 + 1] - s.joints[from * 3 + 1];
      double dz = s.boneEnds[from * 3 + 2] - s.joints[from * 3 + 2];
      double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
      if (len > 0) {
        dir[j * 3] = dx / len;
        dir[j * 3 + 1] = dy / len;
        dir[j * 3 + 2] = dz / len;
      }
    }
    return dir;
  }

  private static boolean sameEnd(Skeleton s, int parent, int joint) {
    return s.boneEnds[parent * 3] == s.joints[joint * 3]
        && s.boneEnds[parent * 3 + 1] == s.joints[joint * 3 + 1]
        && s.boneEnds[parent * 3 + 2] == s.joints[joint * 3 + 2];
  }

  /** Signed distance of a point past joint j along its incoming direction, metres. */
  private static double past(Skeleton s, double[] inDir, int j, double x, double y, double z) {
    return (x - s.joints[j * 3]) * inDir[j * 3]
        + (y - s.joints[j * 3 + 1]) * inDir[j * 3 + 1]
        + (z - s.joints[j * 3 + 2]) * inDir[j * 3 + 2];
  }

  /** {@code 0} below {@code t = -1}, {@code 1} above {@code t = 1}, C1 cubic in between. */
  private static double smoothstep(double t) {
    double u = Math.max(0, Math.min(1, 0.5 * (t + 1)));
    return u * u * (3 - 2 * u);
  }

  /** Distance from a point to joint j's bone segment, metres. */
  static double segmentDistance(Skeleton s, int j, double x, double y, double z) {
    double ax = s.joints[j * 3];
    double ay = s.joints[j * 3 + 1];
    double az = s.joints[j * 3 + 2];
    double ex = s.boneEnds[j * 3] - ax;
    double ey = s.boneEnds[j * 3 + 1] - ay;
    double ez = s.boneEnds[j * 3 + 2] - az;
    double len2 = ex * ex + ey * ey + ez * ez;
    double t = len2 > 0 ? ((x - ax) * ex + (y - ay) * ey + (z - az) * ez) / len2 : 0;
    t = Math.max(0, Math.min(1, t));
    double dx = x - ax - t * ex;
    double dy = y - ay - t * ey;
    double dz = z - az - t * ez;
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  /** The joints a vertex of this part may be bound to. */
  private static int[] candidates(BodyPart part) {
    String side = part.name().startsWith("LEFT") ? "left_" : "right_";
    return switch (part) {
      case HEAD -> joints("head", "jaw");
      case NECK -> joints("neck");
      case TORSO -> joints("spine1", "spine2", "spine3", "left_collar", "right_collar");
      case HIPS -> joints("pelvis", "left_hip", "right_hip");
      case LEFT_UPPER_ARM, RIGHT_UPPER_ARM -> joints(side + "shoulder", side + "collar");
      case LEFT_FOREARM, RIGHT_FOREARM -> joints(side + "elbow");
      case LEFT_HAND, RIGHT_HAND -> {
        int first =
            part == BodyPart.LEFT_HAND ? SmplxJoints.LEFT_HAND_FIRST : SmplxJoints.RIGHT_HAND_FIRST;
        int[] out = new int[1 + SmplxJoints.HAND_JOINTS];
        out[0] = SmplxJoints.index(side + "wrist");
        for (int i = 0; i < SmplxJoints.HAND_JOINTS; i++) {
          out[i + 1] = first + i;
        }
        yield out;
      }
      case LEFT_THIGH, RIGHT_THIGH -> joints(side + "hip");
      case LEFT_SHIN, RIGHT_SHIN -> joints(side + "knee");
      case LEFT_FOOT, RIGHT_FOOT -> joints(side + "ankle", side + "foot");
    };
  }

  private static int[] joints(String... names) {
    int[] out = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = SmplxJoints.index(names[i]);
    }
    return out;
  }
}
