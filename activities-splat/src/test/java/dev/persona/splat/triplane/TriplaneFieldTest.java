package dev.persona.splat.triplane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.splat.Tolerances;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class TriplaneFieldTest {
  /**
   * Features are linear in the planes, so their finite difference is exact up to float rounding of
   * the stored features (6e-8 of |f| ~ 1 per evaluation, over 2h = 2e-2 gives about 1e-5 per
   * feature, summed over 24 features with random upstream weights).
   */
  private static final double PLANE_ABSOLUTE = 1e-4;

  /**
   * Along a point coordinate the field is bilinear inside a texel cell: the central difference of a
   * quadratic is exact, so again only float rounding counts: 24 features of 6e-8 each over 2h =
   * 2e-4 m give about 1e-3; analytic gradients are of order R/side ~ 10.
   */
  private static final double POINT_ABSOLUTE = 3e-3;

  private static final double RELATIVE = 1e-4;

  @Test
  void samplesMatchGridSampleWithAlignCornersFalseAndBorderPadding() {
    // C = 1, R = 2, cube centred at 0 with side 2: texel centres at u = -0.5 and +0.5.
    TriplaneField field = new TriplaneField(1, 2, 0, 0, 0, 2);
    // XY plane texels (row y, col x): [[1, 2], [3, 4]]; XZ: [[10, 20], [30, 40]]; YZ: all 7.
    float[] planes = {1, 2, 3, 4, 10, 20, 30, 40, 7, 7, 7, 7};
    float[] points = {
      -0.5f, -0.5f, -0.5f, // exactly on the first texel centre of every plane
      0f, 0f, 0f, // the middle: mean of the four texels
      0.25f, -0.5f, 0.5f, // x a quarter of the way between centres: ix = 0.75
      -3f, 5f, 0.9f // outside: x clamps to col 0, y to row 1, z clamps to row 1
    };
    float[] f = new float[4 * 3];
    field.sample(planes, points, 4, f);
    assertArrayEquals(
        new float[] {
          1, 10, 7, //
          2.5f, 25, 7, //
          1.75f, 37.5f, 7, //
          3, 30, 7
        },
        f,
        1e-6f);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    int channels = 4;
    int resolution = 5;
    TriplaneField field = new TriplaneField(channels, resolution, 0.1, -0.2, 0.3, 1.5);
    SplittableRandom random = new SplittableRandom(21);
    float[] planes = new float[field.parameterCount()];
    for (int i = 0; i < planes.length; i++) {
      planes[i] = (float) random.nextDouble(-1, 1);
    }
    int count = 7;
    float[] points = new float[count * 3];
    for (int n = 0; n < count; n++) {
      for (int a = 0; a < 3; a++) {
        // Inside the cube, except point 0's x, which lies beyond a face.
        double centre = a == 0 ? 0.1 : a == 1 ? -0.2 : 0.3;
        points[n * 3 + a] = (float) (centre + random.nextDouble(-0.7, 0.7));
      }
    }
    points[0] = 1.5f;
    float[] r = new float[count * field.featureCount()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) random.nextDouble(-1, 1);
    }
    float[] dPlanes = new float[planes.length];
    float[] dPoints = new float[points.length];
    field.backward(planes, points, count, r, dPlanes, dPoints);
    assertEquals(0f, dPoints[0], "no gradient along a clamped axis");

    for (int i = 0; i < planes.length; i++) {
      double fd = difference(field, planes, points, count, r, planes, i, 1e-2f);
      Tolerances.assertGradient(dPlanes[i], fd, PLANE_ABSOLUTE, RELATIVE, "plane value " + i);
    }
    int skipped = 0;
    float step = 1e-4f;
    for (int i = 0; i < points.length; i++) {
      if (crossesTexel(field, points[i], i % 3, step)) {
        skipped++;
        continue;
      }
      double fd = difference(field, planes, points, count, r, points, i, step);
      Tolerances.assertGradient(dPoints[i], fd, POINT_ABSOLUTE, RELATIVE, "point coord " + i);
    }
    assertTrue(skipped <= 1, "skipped " + skipped);
  }

  /** Whether p +- h falls in different texel cells, where the bilinear field has a kink. */
  private static boolean crossesTexel(TriplaneField field, float p, int axis, float h) {
    double c = field.centre()[axis];
    double half = field.side() / 2;
    int r = field.resolution();
    double lo = (((p - h - c) / half + 1) * r - 1) / 2;
    double hi = (((p + h - c) / half + 1) * r - 1) / 2;
    return Math.floor(lo) != Math.floor(hi);
  }

  private static double difference(
      TriplaneField field,
      float[] planes,
      float[] points,
      int count,
      float[] r,
      float[] target,
      int i,
      float h) {
    float saved = target[i];
    target[i] = saved + h;
    double plus = loss(field, planes, points, count, r);
    target[i] = saved - h;
    double minus = loss(field, planes, points, count, r);
    target[i] = saved;
    return (plus - minus) / (2.0 * h);
  }

  private static double loss(
      TriplaneField field, float[] planes, float[] points, int count, float[] r) {
    float[] f = new float[count * field.featureCount()];
    field.sample(planes, points, count, f);
    double s = 0;
    for (int i = 0; i < f.length; i++) {
      s += (double) r[i] * f[i];
    }
    return s;
  }

  @Test
  void resultsAreBitIdenticalForAnyThreadCount() throws Exception {
    TriplaneField field = new TriplaneField(8, 16, 0, 0, 0, 2);
    SplittableRandom random = new SplittableRandom(5);
    float[] planes = new float[field.parameterCount()];
    for (int i = 0; i < planes.length; i++) {
      planes[i] = (float) random.nextDouble(-1, 1);
    }
    int count = 2000;
    float[] points = new float[count * 3];
    for (int i = 0; i < points.length; i++) {
      // Clustered, so many points scatter into the same texels.
      points[i] = (float) random.nextDouble(-0.3, 0.3);
    }
    float[] r = new float[count * field.featureCount()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) random.nextDouble(-1, 1);
    }
    float[][] one = run(new ForkJoinPool(1), field, planes, points, count, r);
    float[][] four = run(new ForkJoinPool(4), field, planes, points, count, r);
    for (int i = 0; i < one.length; i++) {
      assertArrayEquals(one[i], four[i]);
    }
  }

  private static float[][] run(
      ForkJoinPool pool, TriplaneField field, float[] planes, float[] points, int count, float[] r)
      throws Exception {
    try {
      return pool.submit(
              () -> {
                float[] f = new float[count * field.featureCount()];
                field.sample(planes, points, count, f);
                float[] dPlanes = new float[planes.length];
                float[] dPoints = new float[points.length];
                field.backward(planes, points, count, r, dPlanes, dPoints);
                return new float[][] {f, dPlanes, dPoints};
              })
          .get();
    } finally {
      pool.shutdown();
    }
  }
}
