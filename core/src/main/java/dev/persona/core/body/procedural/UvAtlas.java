package dev.persona.core.body.procedural;

import dev.persona.core.body.SmplxJoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Texture coordinates for the procedural body: one chart per {@link BodyPart}, cylindrical around
 * the part's bone (spherical for the head), packed into {@code [0,1]^2} at one common scale by a
 * shelf packer. Documented for users in {@link UvChart}.
 *
 * <p>Each triangle belongs to the chart of the part most of its corners carry, so a vertex on a
 * part boundary, or on a chart's seam, gets one uv per chart and side of the seam it touches:
 * {@code uvs [T*2]}, {@code uvFaces [F*3]} as in the OBJ and SMPL-X {@code vt}/{@code ft} layout.
 */
final class UvAtlas {
  /** Gap between charts in atlas units, so that bilinear lookups do not bleed between parts. */
  private static final double PADDING = 0.006;

  private static final int PARTS = BodyPart.values().length;

  final float[] uvs;
  final int[] uvFaces;
  final List<UvChart> charts;

  /** A chart's frame: origin, unit bone axis, unit reference direction (u's middle), kind. */
  private record Frame(double[] origin, double[] axis, double[] reference, boolean spherical) {}

  UvAtlas(TriMesh mesh, int[] labels, Skeleton skeleton) {
    double[] pos = mesh.positions;
    int[] tris = mesh.triangles;
    int vertexCount = mesh.vertexCount();
    Frame[] frames = new Frame[PARTS];
    for (BodyPart part : BodyPart.values()) {
      frames[part.ordinal()] = frame(part, skeleton);
    }
    double[] radius = meanRadii(pos, labels, frames);

    // Chart-local coordinates (metres): U around the part, V along it. One entry per (vertex,
    // chart, seam side); uvOf maps that triple to the entry, -1 while unused.
    int[] uvOf = new int[vertexCount * PARTS * 2];
    Arrays.fill(uvOf, -1);
    double[] local = new double[tris.length * 2];
    int[] chartOf = new int[tris.length];
    int entries = 0;
    uvFaces = new int[tris.length];
    double[] angle = new double[3];
    double[] along = new double[3];
    for (int t = 0; t < tris.length; t += 3) {
      int chart = majority(labels[tris[t]], labels[tris[t + 1]], labels[tris[t + 2]]);
      Frame f = frames[chart];
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < 3; c++) {
        project(f, radius[chart], pos, tris[t + c], angle, along, c);
        min = Math.min(min, angle[c]);
        max = Math.max(max, angle[c]);
      }
      boolean straddlesSeam = max - min > Math.PI;
      for (int c = 0; c < 3; c++) {
        int v = tris[t + c];
        int side = straddlesSeam && angle[c] < 0 ? 1 : 0;
        int key = (v * PARTS + chart) * 2 + side;
        if (uvOf[key] < 0) {
          uvOf[key] = entries;
          local[entries * 2] = (angle[c] + side * 2 * Math.PI) * radius[chart];
          local[entries * 2 + 1] = along[c];
          chartOf[entries] = chart;
          entries++;
        }
        uvFaces[t + c] = uvOf[key];
      }
    }

    double[] bounds = new double[PARTS * 4];
    for (int p = 0; p < PARTS; p++) {
      bounds[p * 4] = Double.POSITIVE_INFINITY;
      bounds[p * 4 + 1] = Double.POSITIVE_INFINITY;
      bounds[p * 4 + 2] = Double.NEGATIVE_INFINITY;
      bounds[p * 4 + 3] = Double.NEGATIVE_INFINITY;
    }
    for (int e = 0; e < entries; e++) {
      int p = chartOf[e];
      bounds[p * 4] = Math.min(bounds[p * 4], local[e * 2]);
      bounds[p * 4 + 1] = Math.min(bounds[p * 4 + 1], local[e * 2 + 1]);
      bounds[p * 4 + 2] = Math.max(bounds[p * 4 + 2], local[e * 2]);
      bounds[p * 4 + 3] = Math.max(bounds[p * 4 + 3], local[e * 2 + 1]);
    }
    double[] placed = pack(bounds);
    double scale = placed[PARTS * 2];
    uvs = new float[entries * 2];
    for (int e = 0; e < entries; e++) {
      int p = chartOf[e];
      uvs[e * 2] = (float) (placed[p * 2] + (local[e * 2] - bounds[p * 4]) * scale);
      uvs[e * 2 + 1] = (float) (placed[p * 2 + 1] + (local[e * 2 + 1] - bounds[p * 4 + 1]) * scale);
    }
    List<UvChart> list = new ArrayList<>();
    for (BodyPart part : BodyPart.values()) {
      int p = part.ordinal();
      if (bounds[p * 4] > bounds[p * 4 + 2]) {
        continue;
      }
      list.add(
          new UvChart(
              part,
              placed[p * 2],
              placed[p * 2 + 1],
              placed[p * 2] + (bounds[p * 4 + 2] - bounds[p * 4]) * scale,
              placed[p * 2 + 1] + (bounds[p * 4 + 3] - bounds[p * 4 + 1]) * scale));
    }
    charts = List.copyOf(list);
  }

  /**
   * Shelf-packs the charts, tallest first, at the largest common scale that fits the unit square
   * (bisection on the scale). Returns {@code [PARTS*2]} lower-left corners then the scale.
   */
  private static double[] pack(double[] bounds) {
    Integer[] order = new Integer[PARTS];
    for (int p = 0; p < PARTS; p++) {
      order[p] = p;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int byHeight = Double.compare(height(bounds, b), height(bounds, a));
          return byHeight != 0 ? byHeight : Integer.compare(a, b);
        });
    double lo = 0;
    double hi = 10;
    double[] out = new double[PARTS * 2 + 1];
    for (int it = 0; it < 60; it++) {
      double mid = 0.5 * (lo + hi);
      if (shelves(bounds, order, mid, null)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    shelves(bounds, order, lo, out);
    out[PARTS * 2] = lo;
    return out;
  }

  /** Places charts row by row at {@code scale}; whether they fit. Writes corners when asked. */
  private static boolean shelves(double[] bounds, Integer[] order, double scale, double[] out) {
    double x = PADDING;
    double y = PADDING;
    double rowHeight = 0;
    for (int p : order) {
      if (bounds[p * 4] > bounds[p * 4 + 2]) {
        continue;
      }
      double w = (bounds[p * 4 + 2] - bounds[p * 4]) * scale;
      double h = height(bounds, p) * scale;
      if (x + w + PADDING > 1) {
        x = PADDING;
        y += rowHeight + PADDING;
        rowHeight = 0;
      }
      if (x + w + PADDING > 1 || y + h + PADDING > 1) {
        return false;
      }
      if (out != null) {
        out[p * 2] = x;
        out[p * 2 + 1] = y;
      }
      x += w + PADDING;
      rowHeight = Math.max(rowHeight, h);
    }
    return true;
  }

  private static double height(double[] bounds, int p) {
    double h = bounds[p * 4 + 3] - bounds[p * 4 + 1];
    return h > 0 ? h : 0;
  }

  /** The label carried by at least two corners, else the lowest of the three. */
  private static int majority(int a, int b, int c) {
    if (a == b || a == c) {
      return a;
    }
    if (b == c) {
      return b;
    }
    return Math.min(a, Math.min(b, c));
  }

  /**
   * Angle around the chart's axis ({@code (-pi, pi]}, 0 at the reference direction) and position
   * along it, metres (for the head: the polar angle from the crown scaled by the radius, so that v
   * grows towards the crown).
   */
  private static void project(
      Frame f, double radius, double[] pos, int v, double[] angle, double[] along, int slot) {
    double qx = pos[v * 3] - f.origin[0];
    double qy = pos[v * 3 + 1] - f.origin[1];
    double qz = pos[v * 3 + 2] - f.origin[2];
    double[] a = f.axis;
    double[] r = f.reference;
    double sx = a[1] * r[2] - a[2] * r[1];
    double sy = a[2] * r[0] - a[0] * r[2];
    double sz = a[0] * r[1] - a[1] * r[0];
    double h = qx * a[0] + qy * a[1] + qz * a[2];
    angle[slot] = Math.atan2(qx * sx + qy * sy + qz * sz, qx * r[0] + qy * r[1] + qz * r[2]);
    if (f.spherical) {
      double len = Math.sqrt(qx * qx + qy * qy + qz * qz);
      double polar = Math.acos(Math.max(-1, Math.min(1, h / Math.max(len, 1e-12))));
      along[slot] = (Math.PI - polar) * radius;
    } else {
      along[slot] = h;
    }
  }

  /** Mean distance of each part's vertices from its chart axis (from the centre for the head). */
  private static double[] meanRadii(double[] pos, int[] labels, Frame[] frames) {
    double[] sum = new double[PARTS];
    int[] count = new int[PARTS];
    for (int v = 0; v < labels.length; v++) {
      Frame f = frames[labels[v]];
      double qx = pos[v * 3] - f.origin[0];
      double qy = pos[v * 3 + 1] - f.origin[1];
      double qz = pos[v * 3 + 2] - f.origin[2];
      double h = f.spherical ? 0 : qx * f.axis[0] + qy * f.axis[1] + qz * f.axis[2];
      sum[labels[v]] += Math.sqrt(Math.max(0, qx * qx + qy * qy + qz * qz - h * h));
      count[labels[v]]++;
    }
    double[] out = new double[PARTS];
    for (int p = 0; p < PARTS; p++) {
      out[p] = count[p] > 0 ? sum[p] / count[p] : 0.05;
    }
    return out;
  }

  private static Frame frame(BodyPart part, Skeleton s) {
    double[] up = {0, 1, 0};
    double[] front = {0, 0, 1};
    String side = part.name().startsWith("LEFT") ? "left_" : "right_";
    return switch (part) {
      case HEAD -> new Frame(new double[] {0, 0.64, -0.005}, up, front, true);
      case NECK -> cylinder(s, "neck", "head", front);
      case TORSO, HIPS -> new Frame(new double[] {0, 0, 0}, up, front, false);
      case LEFT_UPPER_ARM, RIGHT_UPPER_ARM -> cylinder(s, side + "shoulder", side + "elbow", up);
      case LEFT_FOREARM, RIGHT_FOREARM -> cylinder(s, side + "elbow", side + "wrist", up);
      case LEFT_HAND, RIGHT_HAND -> cylinder(s, side + "wrist", side + "middle1", front);
      case LEFT_THIGH, RIGHT_THIGH -> cylinder(s, side + "knee", side + "hip", front);
      case LEFT_SHIN, RIGHT_SHIN -> cylinder(s, side + "ankle", side + "knee", front);
      case LEFT_FOOT, RIGHT_FOOT -> {
        int ankle = SmplxJoints.index(side + "ankle");
        double[] heel = {s.x(ankle), -0.93, -0.09};
        double[] toe = {s.x(ankle) * 1.1, -0.93, 0.16};
        yield frameBetween(heel, toe, up);
      }
    };
  }

  private static Frame cylinder(Skeleton s, String from, String to, double[] reference) {
    int a = SmplxJoints.index(from);
    int b = SmplxJoints.index(to);
    return frameBetween(
        new double[] {s.x(a), s.y(a), s.z(a)}, new double[] {s.x(b), s.y(b), s.z(b)}, reference);
  }

  /** A cylinder frame from {@code a} towards {@code b}, the reference made orthogonal to it. */
  private static Frame frameBetween(double[] a, double[] b, double[] reference) {
    double[] axis = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
    normalize(axis);
    double dot = reference[0] * axis[0] + reference[1] * axis[1] + reference[2] * axis[2];
    double[] ref = {
      reference[0] - dot * axis[0], reference[1] - dot * axis[1], reference[2] - dot * axis[2]
    };
    normalize(ref);
    return new Frame(a, axis, ref, false);
  }

  private static void normalize(double[] v) {
    double len = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    v[0] /= len;
    v[1] /= len;
    v[2] /= len;
  }
}
