package dev.persona.core.body.procedural;

import dev.persona.core.body.SmplxJoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The procedural body as a signed-distance field: negative inside, positive outside, metres, in the
 * rest frame of {@link Skeleton}. Built from round cones (the convex hull of two spheres) and
 * ellipsoids, merged with the polynomial smooth minimum (Quilez, "smooth minimum", quadratic
 * kernel) so that parts flow into each other like flesh.
 *
 * <p>The blend is a tree, not one long chain: every limb and the head are blended into the torso
 * separately and the results combined with a hard minimum, and every finger is blended into the
 * palm separately. A chain would also blend left leg into right leg and finger into finger, webbing
 * the crotch and the hand.
 */
final class BodySdf {
  /**
   * Beyond this distance from a node's bounding box the node returns the box distance, a lower
   * bound of its true distance, instead of evaluating its primitives. It exceeds every blend radius
   * (at most 0.06 m) plus the band the mesher and the projection look at, so a smooth minimum that
   * involves such a node near the surface is unchanged by it, and signs stay exact everywhere.
   */
  private static final double CULL_MARGIN = 0.1;

  /** A node of the blend tree, with an axis-aligned box that holds its shape. */
  private abstract static class Shape {
    final double[] box = {
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };

    final double distance(double x, double y, double z) {
      double dx = Math.max(Math.max(box[0] - x, x - box[3]), 0);
      double dy = Math.max(Math.max(box[1] - y, y - box[4]), 0);
      double dz = Math.max(Math.max(box[2] - z, z - box[5]), 0);
      double outside = Math.sqrt(dx * dx + dy * dy + dz * dz);
      return outside > CULL_MARGIN ? outside : exact(x, y, z);
    }

    abstract double exact(double x, double y, double z);

    final void include(double x, double y, double z, double r) {
      box[0] = Math.min(box[0], x - r);
      box[1] = Math.min(box[1], y - r);
      box[2] = Math.min(box[2], z - r);
      box[3] = Math.max(box[3], x + r);
      box[4] = Math.max(box[4], y + r);
      box[5] = Math.max(box[5], z + r);
    }

    final void include(Shape child) {
      include(child.box[0], child.box[1], child.box[2], 0);
      include(child.box[3], child.box[4], child.box[5], 0);
    }
  }

  /** A leaf: one primitive with the body part it belongs to. */
  private abstract static class Primitive extends Shape {
    final BodyPart part;

    Primitive(BodyPart part) {
      this.part = part;
    }
  }

  /**
   * Exact distance to the convex hull of a sphere of radius {@code r1} at {@code a} and one of
   * radius {@code r2} at {@code b}. In the half-plane (u along the axis, w radial) the hull's side
   * is the common tangent line with outward normal {@code (sin t, cos t)}, {@code sin t = (r1 - r2)
   * / L}; points whose projection on the tangent direction {@code (cos t, -sin t)} falls before the
   * first or after the second tangent point are nearest to that sphere.
   */
  private static final class RoundCone extends Primitive {
    private final double ax;
    private final double ay;
    private final double az;
    private final double dx;
    private final double dy;
    private final double dz;
    private final double length;
    private final double r1;
    private final double r2;
    private final double sin;
    private final double cos;

    RoundCone(BodyPart part, double[] a, double r1, double[] b, double r2) {
      super(part);
      this.ax = a[0];
      this.ay = a[1];
      this.az = a[2];
      double ex = b[0] - a[0];
      double ey = b[1] - a[1];
      double ez = b[2] - a[2];
      this.length = Math.sqrt(ex * ex + ey * ey + ez * ez);
      if (length <= Math.abs(r1 - r2)) {
        throw new IllegalStateException("round cone with one sphere inside the other");
      }
      this.dx = ex / length;
      this.dy = ey / length;
      this.dz = ez / length;
      this.r1 = r1;
      this.r2 = r2;
      this.sin = (r1 - r2) / length;
      this.cos = Math.sqrt(1 - sin * sin);
      include(a[0], a[1], a[2], r1);
      include(b[0], b[1], b[2], r2);
    }

    @Override
    double exact(double x, double y, double z) {
      double qx = x - ax;
      double qy = y - ay;
      double qz = z - az;
      double u = qx * dx + qy * dy + qz * dz;
      double w = Math.sqrt(Math.max(0, qx * qx + qy * qy + qz * qz - u * u));
      double along = u * cos - w * sin;
      if (along < 0) {
        return Math.sqrt(u * u + w * w) - r1;
      }
      if (along > length * cos) {
        double v = u - length;
        return Math.sqrt(v * v + w * w) - r2;
      }
      return u * sin + w * cos - r1;
    }
  }

  /**
   * Axis-aligned ellipsoid, with the first-order distance estimate {@code k0 (k0 - 1) / k1}, {@code
   * k0 = |p / r|}, {@code k1 = |p / r^2|} (Quilez): exact on the surface, a close bound near it,
   * which is all the mesher and the projection need.
   */
  private static final class Ellipsoid extends Primitive {
    private final double cx;
    private final double cy;
    private final double cz;
    private final double rx;
    private final double ry;
    private final double rz;

    Ellipsoid(BodyPart part, double[] c, double rx, double ry, double rz) {
      super(part);
      this.cx = c[0];
      this.cy = c[1];
      this.cz = c[2];
      this.rx = rx;
      this.ry = ry;
      this.rz = rz;
      include(cx - rx, cy - ry, cz - rz, 0);
      include(cx + rx, cy + ry, cz + rz, 0);
    }

    @Override
    double exact(double x, double y, double z) {
      double px = (x - cx) / rx;
      double py = (y - cy) / ry;
      double pz = (z - cz) / rz;
      double k0 = Math.sqrt(px * px + py * py + pz * pz);
      double k1 = Math.sqrt(px * px / (rx * rx) + py * py / (ry * ry) + pz * pz / (rz * rz));
      if (k1 < 1e-12) {
        return -Math.min(rx, Math.min(ry, rz));
      }
      return k0 * (k0 - 1) / k1;
    }
  }

  /** Shapes merged one after another, shape {@code i} blended in with radius {@code k[i]}. */
  private static final class Chain extends Shape {
    private final Shape[] shapes;
    private final double[] blends;

    Chain(List<Shape> shapes, List<Double> blends) {
      this.shapes = shapes.toArray(new Shape[0]);
      this.blends = new double[blends.size()];
      for (int i = 0; i < this.blends.length; i++) {
        this.blends[i] = blends.get(i);
      }
      for (Shape shape : this.shapes) {
        include(shape);
      }
    }

    @Override
    double exact(double x, double y, double z) {
      double d = shapes[0].distance(x, y, z);
      for (int i = 1; i < shapes.length; i++) {
        d = smoothMin(d, shapes[i].distance(x, y, z), blends[i]);
      }
      return d;
    }
  }

  /** A base with attachments: {@code min_i smin(base, attachment_i, k_i)}. */
  private static final class Attach extends Shape {
    private final Shape base;
    private final Shape[] attachments;
    private final double[] blends;

    Attach(Shape base, List<Shape> attachments, double blend) {
      this.base = base;
      this.attachments = attachments.toArray(new Shape[0]);
      this.blends = new double[attachments.size()];
      Arrays.fill(blends, blend);
      include(base);
      for (Shape shape : this.attachments) {
        include(shape);
      }
    }

    @Override
    double exact(double x, double y, double z) {
      double b = base.distance(x, y, z);
      double d = Double.POSITIVE_INFINITY;
      for (int i = 0; i < attachments.length; i++) {
        d = Math.min(d, smoothMin(b, attachments[i].distance(x, y, z), blends[i]));
      }
      return d;
    }
  }

  /** Collects the shapes of a chain with their blend radii. */
  private final class ChainBuilder {
    private final List<Shape> shapes = new ArrayList<>();
    private final List<Double> blends = new ArrayList<>();

    ChainBuilder add(Shape shape, double blend) {
      shapes.add(shape);
      blends.add(blend);
      if (shape instanceof Primitive p) {
        primitives.add(p);
      }
      return this;
    }

    Chain build() {
      return new Chain(shapes, blends);
    }
  }

  private final List<Primitive> primitives = new ArrayList<>();
  private final Primitive[] leaves;
  private final Shape root;

  BodySdf(Skeleton skeleton) {
    ChainBuilder torso = new ChainBuilder();
    torso
        .add(ellipsoid(BodyPart.HIPS, p(0, -0.03, -0.01), 0.16, 0.115, 0.105), 0)
        .add(ellipsoid(BodyPart.HIPS, p(0.065, -0.075, -0.05), 0.08, 0.09, 0.075), 0.04)
        .add(ellipsoid(BodyPart.HIPS, p(-0.065, -0.075, -0.05), 0.08, 0.09, 0.075), 0.04)
        .add(ellipsoid(BodyPart.TORSO, p(0, 0.12, 0.0), 0.14, 0.15, 0.10), 0.06)
        .add(ellipsoid(BodyPart.TORSO, p(0, 0.32, 0.0), 0.16, 0.155, 0.11), 0.06)
        .add(cone(BodyPart.TORSO, p(0, 0.43, -0.025), 0.07, p(0.165, 0.44, -0.025), 0.05), 0.04)
        .add(cone(BodyPart.TORSO, p(0, 0.43, -0.025), 0.07, p(-0.165, 0.44, -0.025), 0.05), 0.04);

    ChainBuilder head = new ChainBuilder();
    head.add(cone(BodyPart.NECK, p(0, 0.44, -0.025), 0.058, p(0, 0.60, -0.01), 0.05), 0)
        .add(ellipsoid(BodyPart.HEAD, p(0, 0.655, -0.005), 0.077, 0.10, 0.098), 0.03)
        .add(cone(BodyPart.HEAD, p(0, 0.625, 0.025), 0.06, p(0, 0.56, 0.055), 0.03), 0.03)
        .add(cone(BodyPart.HEAD, p(0, 0.645, 0.085), 0.009, p(0, 0.608, 0.104), 0.013), 0.012)
        .add(ellipsoid(BodyPart.HEAD, p(0.077, 0.635, -0.01), 0.014, 0.03, 0.02), 0.01)
        .add(ellipsoid(BodyPart.HEAD, p(-0.077, 0.635, -0.01), 0.014, 0.03, 0.02), 0.01);

    List<Shape> attachments = new ArrayList<>();
    attachments.add(head.build());
    for (int side : new int[] {1, -1}) {
      attachments.add(arm(skeleton, side));
      attachments.add(leg(side));
    }
    root = new Attach(torso.build(), attachments, 0.035);
    leaves = primitives.toArray(new Primitive[0]);
  }

  /** Signed distance at a point, metres (negative inside). */
  double distance(double x, double y, double z) {
    return root.distance(x, y, z);
  }

  /** The part of the primitive nearest to a point: the part whose flesh the point lies on. */
  BodyPart part(double x, double y, double z) {
    double best = Double.POSITIVE_INFINITY;
    BodyPart part = BodyPart.TORSO;
    for (Primitive leaf : leaves) {
      double d = leaf.distance(x, y, z);
      if (d < best) {
        best = d;
        part = leaf.part;
      }
    }
    if (part == BodyPart.TORSO && y < BodyPart.WAIST_HEIGHT) {
      return BodyPart.HIPS;
    }
    if (part == BodyPart.HIPS && y >= BodyPart.WAIST_HEIGHT) {
      return BodyPart.TORSO;
    }
    return part;
  }

  private Shape arm(Skeleton s, int side) {
    BodyPart upper = side > 0 ? BodyPart.LEFT_UPPER_ARM : BodyPart.RIGHT_UPPER_ARM;
    BodyPart fore = side > 0 ? BodyPart.LEFT_FOREARM : BodyPart.RIGHT_FOREARM;
    BodyPart hand = side > 0 ? BodyPart.LEFT_HAND : BodyPart.RIGHT_HAND;
    String prefix = side > 0 ? "left_" : "right_";
    ChainBuilder arm = new ChainBuilder();
    arm.add(ellipsoid(upper, ps(side, 0.185, 0.44, -0.025), 0.065, 0.058, 0.06), 0)
        .add(
            cone(
                upper, ps(side, 0.175, 0.445, -0.025), 0.047, ps(side, 0.435, 0.445, -0.03), 0.036),
            0.03)
        .add(
            cone(fore, ps(side, 0.435, 0.445, -0.03), 0.036, ps(side, 0.675, 0.44, -0.03), 0.025),
            0.02)
        .add(
            cone(fore, ps(side, 0.45, 0.445, -0.03), 0.041, ps(side, 0.57, 0.443, -0.03), 0.03),
            0.02);

    ChainBuilder palm = new ChainBuilder();
    double[] wristPalm = ps(side, 0.685, Skeleton.FINGER_PLANE_Y, -0.02);
    double[] thumb2 = jointPos(s, prefix + "thumb2");
    palm.add(cone(hand, wristPalm, 0.017, thumb2, 0.0125), 0);
    List<Shape> digits = new ArrayList<>();
    for (String finger : new String[] {"index", "middle", "ring", "pinky"}) {
      double[] knuckle = jointPos(s, prefix + finger + "1");
      double z = -0.03 + 0.45 * (knuckle[2] + 0.03);
      palm.add(
          cone(hand, ps(side, 0.685, Skeleton.FINGER_PLANE_Y, z), 0.017, knuckle, 0.0125), 0.012);
      digits.add(digit(s, hand, prefix + finger, 0.0098, 0.0092, 0.0087, 0.0083));
    }
    digits.add(thumb(s, hand, prefix));
    arm.add(new Attach(palm.build(), digits, 0.005), 0.015);
    return arm.build();
  }

  private Shape digit(Skeleton s, BodyPart hand, String name, double... radii) {
    double[] a = jointPos(s, name + "1");
    double[] b = jointPos(s, name + "2");
    double[] c = jointPos(s, name + "3");
    double[] tip = boneEnd(s, name + "3");
    ChainBuilder digit = new ChainBuilder();
    digit
        .add(cone(hand, a, radii[0], b, radii[1]), 0)
        .add(cone(hand, b, radii[1], c, radii[2]), 0.003)
        .add(cone(hand, c, radii[2], tip, radii[3]), 0.003);
    return digit.build();
  }

  private Shape thumb(Skeleton s, BodyPart hand, String prefix) {
    double[] b = jointPos(s, prefix + "thumb2");
    double[] c = jointPos(s, prefix + "thumb3");
    double[] tip = boneEnd(s, prefix + "thumb3");
    ChainBuilder thumb = new ChainBuilder();
    thumb.add(cone(hand, b, 0.0115, c, 0.0105), 0).add(cone(hand, c, 0.0105, tip, 0.0095), 0.003);
    return thumb.build();
  }

  private Shape leg(int side) {
    BodyPart thigh = side > 0 ? BodyPart.LEFT_THIGH : BodyPart.RIGHT_THIGH;
    BodyPart shin = side > 0 ? BodyPart.LEFT_SHIN : BodyPart.RIGHT_SHIN;
    BodyPart foot = side > 0 ? BodyPart.LEFT_FOOT : BodyPart.RIGHT_FOOT;
    ChainBuilder leg = new ChainBuilder();
    leg.add(
            cone(thigh, ps(side, 0.09, -0.09, -0.005), 0.078, ps(side, 0.097, -0.49, 0.005), 0.05),
            0)
        .add(
            cone(shin, ps(side, 0.097, -0.49, 0.005), 0.047, ps(side, 0.10, -0.875, -0.035), 0.03),
            0.03)
        .add(
            cone(shin, ps(side, 0.097, -0.56, -0.02), 0.052, ps(side, 0.099, -0.72, -0.03), 0.036),
            0.03)
        .add(
            cone(
                foot, ps(side, 0.10, -0.875, -0.035), 0.031, ps(side, 0.10, -0.925, -0.055), 0.032),
            0.02)
        .add(ellipsoid(foot, ps(side, 0.107, -0.925, 0.045), 0.045, 0.03, 0.105), 0.025);
    return leg.build();
  }

  private static double[] jointPos(Skeleton s, String name) {
    int j = SmplxJoints.index(name);
    return new double[] {s.joints[j * 3], s.joints[j * 3 + 1], s.joints[j * 3 + 2]};
  }

  private static double[] boneEnd(Skeleton s, String name) {
    int j = SmplxJoints.index(name);
    return new double[] {s.boneEnds[j * 3], s.boneEnds[j * 3 + 1], s.boneEnds[j * 3 + 2]};
  }

  private static double[] p(double x, double y, double z) {
    return new double[] {x, y, z};
  }

  /** A point of the left side mirrored to {@code side} (+1 left, -1 right). */
  private static double[] ps(int side, double x, double y, double z) {
    return new double[] {side * x, y, z};
  }

  private static RoundCone cone(BodyPart part, double[] a, double r1, double[] b, double r2) {
    return new RoundCone(part, a, r1, b, r2);
  }

  private static Ellipsoid ellipsoid(BodyPart part, double[] c, double rx, double ry, double rz) {
    return new Ellipsoid(part, c, rx, ry, rz);
  }

  /** Polynomial smooth minimum with blend radius {@code k} (metres); the plain minimum for 0. */
  static double smoothMin(double a, double b, double k) {
    if (k <= 0) {
      return Math.min(a, b);
    }
    double h = Math.max(k - Math.abs(a - b), 0) / k;
    return Math.min(a, b) - h * h * k * 0.25;
  }
}
