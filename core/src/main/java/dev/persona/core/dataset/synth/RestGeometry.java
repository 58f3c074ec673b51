package dev.persona.core.dataset.synth;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxJoints;

/**
 * What the texture painter needs to know about a body in its rest pose (SMPL-X's T-pose, y up,
 * facing +z), derived from geometry alone so that it works for any {@link BodyModel}, including
 * SMPL-X files that carry no part labels: the rest joints ({@code J_regressor · v_template}), the
 * {@link Limb} of each vertex (the limb of the nearest bone segment), and per limb a cylindrical
 * frame (origin, unit axis along the limb, a unit reference direction toward the body's front or
 * top, and the mean radius of the limb's vertices around the axis).
 */
public final class RestGeometry {
  private final float[] vertices;
  private final double[] joints;
  private final byte[] limbOfVertex;
  private final double[] frames;

  /** Doubles per limb frame: origin 3, axis 3, e1 3, e2 3, radius 1. */
  static final int FRAME_STRIDE = 13;

  private RestGeometry(float[] vertices, double[] joints, byte[] limbOfVertex, double[] frames) {
    this.vertices = vertices;
    this.joints = joints;
    this.limbOfVertex = limbOfVertex;
    this.frames = frames;
  }

  /** Computes joints, vertex limbs and limb frames of {@code body}'s template (zero betas). */
  public static RestGeometry of(BodyModel body) {
    if (body.jointCount() != SmplxJoints.COUNT) {
      throw new IllegalArgumentException(
          "the painter needs SMPL-X's 55 joints, " + body.name() + " has " + body.jointCount());
    }
    float[] vertices = body.templateVertices();
    double[] joints = restJoints(body);
    byte[] limbs = nearestLimbs(vertices, joints, body.parents());
    double[] frames = limbFrames(vertices, joints, limbs);
    return new RestGeometry(vertices, joints, limbs, frames);
  }

  /**
   * Like {@link #of(BodyModel)}, but with the limb of every vertex given (from a body's own part
   * labels) instead of derived from the nearest bone.
   *
   * @param limbs {@code [V]} the limb of each vertex
   */
  public static RestGeometry of(BodyModel body, Limb[] limbs) {
    if (limbs.length != body.vertexCount()) {
      throw new IllegalArgumentException(
          "need one limb per vertex: " + limbs.length + " for " + body.vertexCount());
    }
    if (body.jointCount() != SmplxJoints.COUNT) {
      throw new IllegalArgumentException(
          "the painter needs SMPL-X's 55 joints, " + body.name() + " has " + body.jointCount());
    }
    byte[] ordinals = new byte[limbs.length];
    for (int i = 0; i < limbs.length; i++) {
      ordinals[i] = (byte) limbs[i].ordinal();
    }
    double[] joints = restJoints(body);
    float[] vertices = body.templateVertices();
    return new RestGeometry(vertices, joints, ordinals, limbFrames(vertices, joints, ordinals));
  }

  /** {@code J = J_regressor · v_template}: {@code [55*3]} metres. */
  private static double[] restJoints(BodyModel body) {
    int v = body.vertexCount();
    float[] regressor = body.jointRegressor();
    float[] template = body.templateVertices();
    double[] joints = new double[body.jointCount() * 3];
    for (int j = 0; j < body.jointCount(); j++) {
      double x = 0;
      double y = 0;
      double z = 0;
      for (int i = 0; i < v; i++) {
        float w = regressor[j * v + i];
        if (w != 0) {
          x += w * template[i * 3];
          y += w * template[i * 3 + 1];
          z += w * template[i * 3 + 2];
        }
      }
      joints[j * 3] = x;
      joints[j * 3 + 1] = y;
      joints[j * 3 + 2] = z;
    }
    return joints;
  }

  /** The limb of the bone segment (parent joint to joint) nearest to each vertex. */
  private static byte[] nearestLimbs(float[] vertices, double[] joints, int[] parents) {
    int v = vertices.length / 3;
    byte[] limbs = new byte[v];
    byte[] boneLimb = new byte[parents.length];
    for (int j = 1; j < parents.length; j++) {
      boneLimb[j] = (byte) Limb.ofBone(j).ordinal();
    }
    for (int i = 0; i < v; i++) {
      double px = vertices[i * 3];
      double py = vertices[i * 3 + 1];
      double pz = vertices[i * 3 + 2];
      double best = Double.POSITIVE_INFINITY;
      int bestBone = 1;
      for (int j = 1; j < parents.length; j++) {
        int p = parents[j];
        double ax = joints[p * 3];
        double ay = joints[p * 3 + 1];
        double az = joints[p * 3 + 2];
        double dx = joints[j * 3] - ax;
        double dy = joints[j * 3 + 1] - ay;
        double dz = joints[j * 3 + 2] - az;
        double length2 = dx * dx + dy * dy + dz * dz;
        double t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy + (pz - az) * dz) / length2 : 0;
        t = Math.max(0, Math.min(1, t));
        double ex = px - ax - t * dx;
        double ey = py - ay - t * dy;
        double ez = pz - az - t * dz;
        double d2 = ex * ex + ey * ey + ez * ez;
        if (d2 < best) {
          best = d2;
          bestBone = j;
        }
      }
      limbs[i] = boneLimb[bestBone];
    }
    return limbs;
  }

  private static double[] limbFrames(float[] vertices, double[] joints, byte[] limbs) {
    double[] frames = new double[Limb.values().length * FRAME_STRIDE];
    double[] up = {0, 1, 0};
    setFrame(frames, Limb.HEAD, joints, joint("head"), up);
    setFrame(frames, Limb.TORSO, joints, joint("pelvis"), up);
    setFrame(
        frames,
        Limb.LEFT_ARM,
        joints,
        joint("left_shoulder"),
        along(joints, "left_shoulder", "left_wrist"));
    setFrame(
        frames,
        Limb.RIGHT_ARM,
        joints,
        joint("right_shoulder"),
        along(joints, "right_shoulder", "right_wrist"));
    setFrame(
        frames,
        Limb.LEFT_HAND,
        joints,
        joint("left_wrist"),
        along(joints, "left_wrist", "left_middle1"));
    setFrame(
        frames,
        Limb.RIGHT_HAND,
        joints,
        joint("right_wrist"),
        along(joints, "right_wrist", "right_middle1"));
    setFrame(
        frames, Limb.LEFT_LEG, joints, joint("left_hip"), along(joints, "left_hip", "left_ankle"));
    setFrame(
        frames,
        Limb.RIGHT_LEG,
        joints,
        joint("right_hip"),
        along(joints, "right_hip", "right_ankle"));
    setFrame(
        frames,
        Limb.LEFT_FOOT,
        joints,
        joint("left_ankle"),
        along(joints, "left_ankle", "left_foot"));
    setFrame(
        frames,
        Limb.RIGHT_FOOT,
        joints,
        joint("right_ankle"),
        along(joints, "right_ankle", "right_foot"));
    // Mean radius of each limb's vertices around its axis: turns angles into arc lengths (metres)
    // so a pattern has the same physical scale around a finger as around the chest.
    double[] sum = new double[Limb.values().length];
    int[] count = new int[Limb.values().length];
    double[] local = new double[3];
    for (int i = 0; i < limbs.length; i++) {
      int limb = limbs[i];
      cylindrical(
          frames, limb, vertices[i * 3], vertices[i * 3 + 1], vertices[i * 3 + 2], local, 0);
      sum[limb] += local[2];
      count[limb]++;
    }
    for (int limb = 0; limb < sum.length; limb++) {
      frames[limb * FRAME_STRIDE + 12] =
          count[limb] > 0 ? Math.max(sum[limb] / count[limb], 1e-3) : 0.05;
    }
    return frames;
  }

  private static int joint(String name) {
    return SmplxJoints.index(name);
  }

  private static double[] along(double[] joints, String from, String to) {
    int a = joint(from);
    int b = joint(to);
    double[] d = {
      joints[b * 3] - joints[a * 3],
      joints[b * 3 + 1] - joints[a * 3 + 1],
      joints[b * 3 + 2] - joints[a * 3 + 2]
    };
    double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (n < 1e-9) {
      return new double[] {0, 1, 0};
    }
    return new double[] {d[0] / n, d[1] / n, d[2] / n};
  }

  /**
   * A limb frame: e1 is the body's front (+z) made perpendicular to the axis, or the world up (+y)
   * for limbs that point forward (feet), so angle 0 is the limb's front or top.
   */
  private static void setFrame(
      double[] frames, Limb limb, double[] joints, int origin, double[] axis) {
    int at = limb.ordinal() * FRAME_STRIDE;
    double[] ref = Math.abs(axis[2]) > 0.7 ? new double[] {0, 1, 0} : new double[] {0, 0, 1};
    double d = ref[0] * axis[0] + ref[1] * axis[1] + ref[2] * axis[2];
    double e1x = ref[0] - d * axis[0];
    double e1y = ref[1] - d * axis[1];
    double e1z = ref[2] - d * axis[2];
    double n = Math.sqrt(e1x * e1x + e1y * e1y + e1z * e1z);
    e1x /= n;
    e1y /= n;
    e1z /= n;
    frames[at] = joints[origin * 3];
    frames[at + 1] = joints[origin * 3 + 1];
    frames[at + 2] = joints[origin * 3 + 2];
    frames[at + 3] = axis[0];
    frames[at + 4] = axis[1];
    frames[at + 5] = axis[2];
    frames[at + 6] = e1x;
    frames[at + 7] = e1y;
    frames[at + 8] = e1z;
    // e2 = axis x e1 completes a right-handed frame.
    frames[at + 9] = axis[1] * e1z - axis[2] * e1y;
    frames[at + 10] = axis[2] * e1x - axis[0] * e1z;
    frames[at + 11] = axis[0] * e1y - axis[1] * e1x;
  }

  /**
   * Cylindrical coordinates of a point in a limb's frame.
   *
   * @param dest receives (s, angle, r): metres along the axis from the origin, the angle around the
   *     axis in radians in (-pi, pi] with 0 toward e1, and the distance from the axis
   */
  static void cylindrical(
      double[] frames, int limb, double x, double y, double z, double[] dest, int destOffset) {
    int at = limb * FRAME_STRIDE;
    double px = x - frames[at];
    double py = y - frames[at + 1];
    double pz = z - frames[at + 2];
    double s = px * frames[at + 3] + py * frames[at + 4] + pz * frames[at + 5];
    double rx = px - s * frames[at + 3];
    double ry = py - s * frames[at + 4];
    double rz = pz - s * frames[at + 5];
    double c1 = rx * frames[at + 6] + ry * frames[at + 7] + rz * frames[at + 8];
    double c2 = rx * frames[at + 9] + ry * frames[at + 10] + rz * frames[at + 11];
    dest[destOffset] = s;
    dest[destOffset + 1] = Math.atan2(c2, c1);
    dest[destOffset + 2] = Math.sqrt(rx * rx + ry * ry + rz * rz);
  }

  /** Cylindrical coordinates (s, angle, r) of a point in a limb's frame; see the static form. */
  public void cylindrical(Limb limb, double x, double y, double z, double[] dest) {
    cylindrical(frames, limb.ordinal(), x, y, z, dest, 0);
  }

  /** The mean radius of the limb around its axis, metres. */
  public double radius(Limb limb) {
    return frames[limb.ordinal() * FRAME_STRIDE + 12];
  }

  /** The rest vertices {@code [V*3]} (the body's template, shared, not copied). */
  public float[] vertices() {
    return vertices;
  }

  /** Rest joints {@code [55*3]}, metres (shared, not copied). */
  public double[] joints() {
    return joints;
  }

  /** Joint {@code j}'s rest coordinate {@code axis} (0 x, 1 y, 2 z), metres. */
  public double joint(int j, int axis) {
    return joints[j * 3 + axis];
  }

  public Limb limbOfVertex(int vertex) {
    return Limb.of(limbOfVertex[vertex]);
  }

  /** The limb frames, {@link #FRAME_STRIDE} doubles per limb (shared, not copied). */
  double[] frames() {
    return frames;
  }

  /** Limb ordinals per vertex {@code [V]} (shared, not copied). */
  byte[] limbOrdinals() {
    return limbOfVertex;
  }
}
