package dev.persona.core.body.procedural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxJoints;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProceduralBodyTest {
  /** Float storage of the arrays: sums of ~10^4 float terms of size 1 agree to this. */
  private static final double FLOAT_SUM_TOLERANCE = 1e-4;

  /** The regressor must reproduce the designed joints to well under a millimetre. */
  private static final double JOINT_TOLERANCE_M = 5e-4;

  private static ProceduralBody body;
  private static BodyModel model;

  @BeforeAll
  static void create() {
    long start = System.nanoTime();
    body = ProceduralBody.create();
    model = body.model();
    System.out.printf(
        "procedural body: V=%d F=%d uvs=%d in %.0f ms%n",
        model.vertexCount(),
        model.faceCount(),
        model.uvs().length / 2,
        (System.nanoTime() - start) / 1e6);
  }

  @Test
  void vertexCountIsInTheRequestedRange() {
    assertTrue(
        model.vertexCount() >= 5000 && model.vertexCount() <= 15000, "V=" + model.vertexCount());
    assertEquals(SmplxJoints.COUNT, model.jointCount());
    assertArrayEquals(SmplxJoints.parents(), model.parents());
    assertEquals(10, model.shapeCount());
    assertEquals(10, model.expressionCount());
  }

  @Test
  void surfaceIsAClosedOrientedManifold() {
    int[] f = model.faces();
    int v = model.vertexCount();
    long[] directed = new long[f.length];
    for (int t = 0; t < f.length; t += 3) {
      for (int e = 0; e < 3; e++) {
        directed[t + e] = (long) f[t + e] * v + f[t + (e + 1) % 3];
      }
    }
    Arrays.sort(directed);
    for (int i = 0; i < directed.length; i++) {
      assertTrue(i == 0 || directed[i] != directed[i - 1], "a directed edge is used twice");
      long a = directed[i] / v;
      long b = directed[i] % v;
      assertTrue(a != b, "degenerate edge");
      // Each edge has exactly one triangle on each side, with opposite orientation.
      assertTrue(Arrays.binarySearch(directed, b * v + a) >= 0, "boundary or flipped edge");
    }
    // Vertex manifold: the triangles around each vertex form one fan (one cycle of links).
    int[] fanSize = new int[v];
    int[] anyLink = new int[v];
    int[][] links = new int[v][];
    for (int t = 0; t < f.length; t += 3) {
      for (int e = 0; e < 3; e++) {
        fanSize[f[t + e]]++;
      }
    }
    for (int i = 0; i < v; i++) {
      assertTrue(fanSize[i] >= 3, "vertex " + i + " is in " + fanSize[i] + " triangles");
      links[i] = new int[fanSize[i] * 2];
      fanSize[i] = 0;
    }
    for (int t = 0; t < f.length; t += 3) {
      for (int e = 0; e < 3; e++) {
        int c = f[t + e];
        links[c][fanSize[c] * 2] = f[t + (e + 1) % 3];
        links[c][fanSize[c] * 2 + 1] = f[t + (e + 2) % 3];
        fanSize[c]++;
        anyLink[c] = f[t + (e + 1) % 3];
      }
    }
    for (int i = 0; i < v; i++) {
      int steps = 0;
      int at = anyLink[i];
      do {
        int found = -1;
        for (int k = 0; k < fanSize[i]; k++) {
          if (links[i][k * 2] == at) {
            found = links[i][k * 2 + 1];
          }
        }
        at = found;
        steps++;
      } while (at != anyLink[i] && at >= 0 && steps <= fanSize[i]);
      assertEquals(fanSize[i], steps, "vertex " + i + " is not a single fan");
    }
  }

  @Test
  void surfaceIsOneConnectedComponent() {
    int v = model.vertexCount();
    int[] root = new int[v];
    for (int i = 0; i < v; i++) {
      root[i] = i;
    }
    int[] f = model.faces();
    for (int t = 0; t < f.length; t += 3) {
      union(root, f[t], f[t + 1]);
      union(root, f[t], f[t + 2]);
    }
    int components = 0;
    for (int i = 0; i < v; i++) {
      if (find(root, i) == i) {
        components++;
      }
    }
    assertEquals(1, components);
  }

  @Test
  void volumeIsPositiveAndHumanSized() {
    double volume = volume(model.templateVertices(), model.faces());
    // Outward orientation makes the divergence-theorem volume positive; a 1.70 m adult displaces
    // about 0.065 m^3, and the brief allows +-50 %.
    assertTrue(volume > 0.0325 && volume < 0.0975, "volume " + volume);
  }

  @Test
  void restPoseIsAnUprightTPoseOfAboutOneSeventy() {
    float[] p = model.templateVertices();
    double[] box = bounds(p);
    double height = box[4] - box[1];
    assertTrue(height > 1.6 && height < 1.8, "height " + height);
    // T-pose: arms out along x, so the span exceeds the height a little; symmetric about x = 0.
    double span = box[3] - box[0];
    assertTrue(span > 1.6 && span < 1.9, "span " + span);
    assertEquals(0, box[3] + box[0], 0.01);
    // The body's left arm points to +x, and the finger tips are at shoulder height.
    double[] joints = regressedJoints(p);
    int leftWrist = SmplxJoints.index("left_wrist");
    int leftShoulder = SmplxJoints.index("left_shoulder");
    assertTrue(joints[leftWrist * 3] > 0.6);
    assertEquals(joints[leftShoulder * 3 + 1], joints[leftWrist * 3 + 1], 0.02);
    // Pelvis at the origin.
    assertEquals(0, Math.abs(joints[0]) + Math.abs(joints[1]) + Math.abs(joints[2]), 1e-3);
    // Facing +z: the nose (the front-most point of the head) is in front of the head's centre.
    double noseZ = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.length; i += 3) {
      if (p[i + 1] > 0.58 && p[i + 1] < 0.68 && Math.abs(p[i]) < 0.02) {
        noseZ = Math.max(noseZ, p[i + 2]);
      }
    }
    assertTrue(noseZ > 0.1, "nose at z " + noseZ);
  }

  @Test
  void uvsLieInTheUnitSquareInsideTheirPartsChart() {
    float[] uv = model.uvs();
    for (float c : uv) {
      assertTrue(c >= 0 && c <= 1, "uv " + c);
    }
    List<UvChart> charts = body.uvCharts();
    assertEquals(BodyPart.values().length, charts.size());
    for (int a = 0; a < charts.size(); a++) {
      for (int b = a + 1; b < charts.size(); b++) {
        UvChart p = charts.get(a);
        UvChart q = charts.get(b);
        boolean apart =
            p.uMax() <= q.uMin()
                || q.uMax() <= p.uMin()
                || p.vMax() <= q.vMin()
                || q.vMax() <= p.vMin();
        assertTrue(apart, p.part() + " overlaps " + q.part());
      }
    }
    // Every triangle's uvs lie in one chart, and (away from poles and seams) the map has about one
    // scale: the 3D-to-uv area ratio of 90 % of triangles is within a factor 3 of the median.
    int[] ft = model.uvFaces();
    float[] p = model.templateVertices();
    int[] f = model.faces();
    double[] ratio = new double[f.length / 3];
    for (int t = 0; t < f.length; t += 3) {
      UvChart chart = null;
      for (UvChart c : charts) {
        if (inside(c, uv, ft[t]) && inside(c, uv, ft[t + 1]) && inside(c, uv, ft[t + 2])) {
          chart = c;
        }
      }
      assertTrue(chart != null, "triangle " + t / 3 + " spans charts");
      double uvArea = Math.abs(area2d(uv, ft[t], ft[t + 1], ft[t + 2]));
      ratio[t / 3] = uvArea / Math.max(area3d(p, f[t], f[t + 1], f[t + 2]), 1e-12);
    }
    double[] sorted = ratio.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    int within = 0;
    for (double r : ratio) {
      if (r > median / 3 && r < median * 3) {
        within++;
      }
    }
    assertTrue(within > 0.9 * ratio.length, "only " + within + " of " + ratio.length + " in scale");
  }

  @Test
  void skinWeightsAreConvexAndFollowTheParts() {
    float[] w = model.skinWeights();
    int j = model.jointCount();
    int[] labels = body.partLabels();
    int leftEye = SmplxJoints.LEFT_EYE;
    assertTrue(labels.length == model.vertexCount());
    for (int v = 0; v < model.vertexCount(); v++) {
      double sum = 0;
      for (int k = 0; k < j; k++) {
        assertTrue(w[v * j + k] >= 0);
        sum += w[v * j + k];
      }
      assertEquals(1, sum, 1e-5, "row " + v);
      assertEquals(0, w[v * j + leftEye]);
      // Past the wrist (x = 0.675), its blend zone (0.02 m) and the reach of the one-ring
      // smoothing (3 rings of about 0.012 m), the left hand moves only with wrist and fingers.
      if (labels[v] == BodyPart.LEFT_HAND.ordinal() && model.templateVertices()[v * 3] > 0.735) {
        double hand = w[v * j + SmplxJoints.index("left_wrist")];
        for (int k = SmplxJoints.LEFT_HAND_FIRST; k < SmplxJoints.LEFT_HAND_FIRST + 15; k++) {
          hand += w[v * j + k];
        }
        assertTrue(hand > 0.99, "left-hand vertex " + v + " hand weight " + hand);
      }
    }
    // A vertex at the left middle finger tip follows the last middle-finger joint.
    int tip = extreme(model.templateVertices(), 0, 1);
    assertTrue(w[tip * j + SmplxJoints.index("left_middle3")] > 0.9);
    // The chin follows the jaw, the crown the head.
    float[] p = model.templateVertices();
    int crown = extreme(p, 1, 1);
    assertTrue(w[crown * j + SmplxJoints.index("head")] > 0.9);
    int chin = nearest(p, 0, 0.525, 0.07);
    assertTrue(
        w[chin * j + SmplxJoints.JAW] > 0.5, "chin jaw weight " + w[chin * j + SmplxJoints.JAW]);
  }

  @Test
  void regressorReproducesTheDesignedJoints() {
    float[] r = model.jointRegressor();
    int v = model.vertexCount();
    for (int j = 0; j < model.jointCount(); j++) {
      double sum = 0;
      for (int i = 0; i < v; i++) {
        assertTrue(r[j * v + i] >= 0);
        sum += r[j * v + i];
      }
      assertEquals(1, sum, FLOAT_SUM_TOLERANCE, "regressor row " + j);
    }
    double[] regressed = regressedJoints(model.templateVertices());
    double[] designed = ProceduralBody.designedJoints();
    for (int i = 0; i < designed.length; i++) {
      assertEquals(
          designed[i],
          regressed[i],
          JOINT_TOLERANCE_M,
          SmplxJoints.NAMES.get(i / 3) + " axis " + i % 3);
    }
  }

  @Test
  void poseCorrectivesAreZerosOfTheRightShape() {
    float[] p = model.poseDirs();
    assertEquals(model.vertexCount() * 3 * 486, p.length);
    for (float x : p) {
      assertEquals(0f, x);
    }
  }

  @Test
  void staturePrincipallyChangesHeight() {
    double[] rest = bounds(model.templateVertices());
    double[] tall = bounds(shaped(0, 1));
    double dh = (tall[4] - tall[1]) - (rest[4] - rest[1]);
    double dw = (tall[3] - tall[0]) - (rest[3] - rest[0]);
    assertTrue(dh > 0.04 && dh < 0.12, "height change " + dh);
    assertTrue(Math.abs(dw) < 0.25 * dh, "width change " + dw);
  }

  @Test
  void weightIncreasesVolumeMostOnTheTrunk() {
    double rest = volume(model.templateVertices(), model.faces());
    double heavy = volume(shaped(1, 1), model.faces());
    assertTrue(heavy > rest * 1.1, "volume " + rest + " -> " + heavy);
    assertTrue(
        bandRadius(shaped(1, 1), 0.1, 0.2) - bandRadius(model.templateVertices(), 0.1, 0.2)
            > 0.015);
  }

  @Test
  void trunkDirectionsWidenTheirOwnBandMost() {
    double[][] bands = {{0.30, 0.36}, {0.10, 0.16}, {-0.10, -0.04}};
    for (int s = 0; s < 3; s++) {
      float[] shaped = shaped(2 + s, 1);
      double own = 0;
      for (int b = 0; b < 3; b++) {
        double change =
            bandRadius(shaped, bands[b][0], bands[b][1])
                - bandRadius(model.templateVertices(), bands[b][0], bands[b][1]);
        if (b == s) {
          own = change;
          assertTrue(change > 0.01, "direction " + (2 + s) + " widens its band by " + change);
        }
      }
      for (int b = 0; b < 3; b++) {
        if (b != s) {
          double change =
              bandRadius(shaped, bands[b][0], bands[b][1])
                  - bandRadius(model.templateVertices(), bands[b][0], bands[b][1]);
          assertTrue(change < 0.6 * own, "direction " + (2 + s) + " band " + b + ": " + change);
        }
      }
    }
  }

  @Test
  void skeletalDirectionsMoveTheirJoints() {
    double[] rest = regressedJoints(model.templateVertices());
    int ls = SmplxJoints.index("left_shoulder");
    int rs = SmplxJoints.index("right_shoulder");
    int lw = SmplxJoints.index("left_wrist");
    int la = SmplxJoints.index("left_ankle");
    int lh = SmplxJoints.index("left_hip");
    // 5 shoulder width
    double[] wide = regressedJoints(shaped(5, 1));
    double shoulderChange = (wide[ls * 3] - wide[rs * 3]) - (rest[ls * 3] - rest[rs * 3]);
    assertTrue(shoulderChange > 0.03, "shoulder width change " + shoulderChange);
    // 6 arm length: shoulder-to-wrist distance grows, the shoulders stay
    double[] arms = regressedJoints(shaped(6, 1));
    double armChange = (arms[lw * 3] - arms[ls * 3]) - (rest[lw * 3] - rest[ls * 3]);
    assertTrue(armChange > 0.02, "arm length change " + armChange);
    assertEquals(rest[ls * 3], arms[ls * 3], 0.005);
    // 7 leg length: hip-to-ankle grows, the hips stay
    double[] legs = regressedJoints(shaped(7, 1));
    double legChange =
        (legs[lh * 3 + 1] - legs[la * 3 + 1]) - (rest[lh * 3 + 1] - rest[la * 3 + 1]);
    assertTrue(legChange > 0.03, "leg length change " + legChange);
    assertEquals(rest[lh * 3 + 1], legs[lh * 3 + 1], 0.005);
    // 8 head size: the crown rises and the skull widens; the arms do not move
    float[] big = shaped(8, 1);
    double crown = bounds(big)[4] - bounds(model.templateVertices())[4];
    assertTrue(crown > 0.005, "crown rise " + crown);
    double width = extent(big, 0.6, 0.7, 0) - extent(model.templateVertices(), 0.6, 0.7, 0);
    assertTrue(width > 0.006, "head width change " + width);
    assertEquals(rest[lw * 3], regressedJoints(big)[lw * 3], 1e-6);
    // 9 limb girth: thighs get thicker, the waist does not
    float[] strong = shaped(9, 1);
    double thigh = legRadius(strong) - legRadius(model.templateVertices());
    assertTrue(thigh > 0.005, "thigh radius change " + thigh);
    double waist =
        bandRadius(strong, 0.10, 0.16) - bandRadius(model.templateVertices(), 0.10, 0.16);
    assertTrue(waist < 0.002, "waist change " + waist);
  }

  @Test
  void expressionsMoveOnlyTheFaceAndEachMovesIt() {
    float[] d = model.shapeDirs();
    int s = model.shapeCount() + model.expressionCount();
    int[] labels = body.partLabels();
    for (int e = 0; e < model.expressionCount(); e++) {
      double max = 0;
      for (int v = 0; v < model.vertexCount(); v++) {
        for (int c = 0; c < 3; c++) {
          double x = Math.abs(d[(v * 3 + c) * s + model.shapeCount() + e]);
          if (labels[v] != BodyPart.HEAD.ordinal()) {
            assertTrue(x < 1e-4, "expression " + e + " moves a non-head vertex by " + x);
          }
          max = Math.max(max, x);
        }
      }
      assertTrue(max > 0.001 && max < 0.02, "expression " + e + " moves at most " + max);
    }
  }

  @Test
  void creationIsDeterministic() {
    BodyModel again = ProceduralBody.create().model();
    assertArrayEquals(model.templateVertices(), again.templateVertices());
    assertArrayEquals(model.faces(), again.faces());
    assertArrayEquals(model.shapeDirs(), again.shapeDirs());
    assertArrayEquals(model.jointRegressor(), again.jointRegressor());
    assertArrayEquals(model.skinWeights(), again.skinWeights());
    assertArrayEquals(model.uvs(), again.uvs());
    assertArrayEquals(model.uvFaces(), again.uvFaces());
  }

  // --- helpers -------------------------------------------------------------------------------

  private static float[] shaped(int direction, double amount) {
    float[] p = model.templateVertices().clone();
    float[] d = model.shapeDirs();
    int s = model.shapeCount() + model.expressionCount();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (amount * d[i * s + direction]);
    }
    return p;
  }

  private static double[] regressedJoints(float[] p) {
    float[] r = model.jointRegressor();
    int v = p.length / 3;
    double[] out = new double[model.jointCount() * 3];
    for (int j = 0; j < model.jointCount(); j++) {
      for (int i = 0; i < v; i++) {
        double w = r[j * v + i];
        out[j * 3] += w * p[i * 3];
        out[j * 3 + 1] += w * p[i * 3 + 1];
        out[j * 3 + 2] += w * p[i * 3 + 2];
      }
    }
    return out;
  }

  /** Mean distance from the y axis of trunk vertices (|x| < 0.2) with y in a band. */
  private static double bandRadius(float[] p, double y0, double y1) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < p.length; i += 3) {
      if (p[i + 1] >= y0 && p[i + 1] <= y1 && Math.abs(p[i]) < 0.2) {
        sum += Math.hypot(p[i], p[i + 2]);
        n++;
      }
    }
    return sum / n;
  }

  /** Mean distance of left-thigh vertices (y in [-0.35, -0.25]) from the thigh's centre line. */
  private static double legRadius(float[] p) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < p.length; i += 3) {
      if (p[i + 1] >= -0.35 && p[i + 1] <= -0.25 && p[i] > 0.02) {
        sum += Math.hypot(p[i] - 0.093, p[i + 2]);
        n++;
      }
    }
    return sum / n;
  }

  /** Extent along {@code axis} of the body between heights y0 and y1 with |x| < 0.15, metres. */
  private static double extent(float[] p, double y0, double y1, int axis) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.length; i += 3) {
      if (p[i + 1] > y0 && p[i + 1] < y1 && Math.abs(p[i]) < 0.15) {
        lo = Math.min(lo, p[i + axis]);
        hi = Math.max(hi, p[i + axis]);
      }
    }
    return hi - lo;
  }

  private static double[] bounds(float[] p) {
    double[] b = {
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    for (int i = 0; i < p.length; i += 3) {
      for (int c = 0; c < 3; c++) {
        b[c] = Math.min(b[c], p[i + c]);
        b[c + 3] = Math.max(b[c + 3], p[i + c]);
      }
    }
    return b;
  }

  /** Signed volume by the divergence theorem, m^3. */
  static double volume(float[] p, int[] f) {
    double sum = 0;
    for (int t = 0; t < f.length; t += 3) {
      int a = f[t] * 3;
      int b = f[t + 1] * 3;
      int c = f[t + 2] * 3;
      sum +=
          p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1])
              - p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c])
              + p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
    }
    return sum / 6;
  }

  private static int extreme(float[] p, int axis, int sign) {
    int best = 0;
    for (int i = 0; i < p.length / 3; i++) {
      if (sign * p[i * 3 + axis] > sign * p[best * 3 + axis]) {
        best = i;
      }
    }
    return best;
  }

  private static int nearest(float[] p, double x, double y, double z) {
    int best = 0;
    double bestD = Double.POSITIVE_INFINITY;
    for (int i = 0; i < p.length / 3; i++) {
      double d =
          Math.pow(p[i * 3] - x, 2) + Math.pow(p[i * 3 + 1] - y, 2) + Math.pow(p[i * 3 + 2] - z, 2);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  private static boolean inside(UvChart c, float[] uv, int i) {
    double eps = 1e-6;
    return uv[i * 2] >= c.uMin() - eps
        && uv[i * 2] <= c.uMax() + eps
        && uv[i * 2 + 1] >= c.vMin() - eps
        && uv[i * 2 + 1] <= c.vMax() + eps;
  }

  private static double area2d(float[] uv, int a, int b, int c) {
    return 0.5
        * ((uv[b * 2] - uv[a * 2]) * (uv[c * 2 + 1] - uv[a * 2 + 1])
            - (uv[c * 2] - uv[a * 2]) * (uv[b * 2 + 1] - uv[a * 2 + 1]));
  }

  static double area3d(float[] p, int a, int b, int c) {
    double ux = p[b * 3] - p[a * 3];
    double uy = p[b * 3 + 1] - p[a * 3 + 1];
    double uz = p[b * 3 + 2] - p[a * 3 + 2];
    double vx = p[c * 3] - p[a * 3];
    double vy = p[c * 3 + 1] - p[a * 3 + 1];
    double vz = p[c * 3 + 2] - p[a * 3 + 2];
    double nx = uy * vz - uz * vy;
    double ny = uz * vx - ux * vz;
    double nz = ux * vy - uy * vx;
    return 0.5 * Math.sqrt(nx * nx + ny * ny + nz * nz);
  }

  private static int find(int[] root, int i) {
    while (root[i] != i) {
      root[i] = root[root[i]];
      i = root[i];
    }
    return i;
  }

  private static void union(int[] root, int a, int b) {
    root[find(root, a)] = find(root, b);
  }
}
