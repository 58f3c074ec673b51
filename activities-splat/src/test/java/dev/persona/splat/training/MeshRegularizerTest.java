package dev.persona.splat.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.core.mesh.MeshAdjacency;
import dev.persona.core.mesh.MeshSubdivision;
import dev.persona.core.mesh.TriangleMesh;
import dev.persona.splat.Tolerances;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MeshRegularizerTest {
  /**
   * Central-difference step on values of size 1. The regulariser is a quadratic, so the quotient
   * has no truncation error; what remains is float rounding of the Laplacian (about 6e-8 relative
   * per entry) divided by 2h: about 1e-4.
   */
  private static final float STEP = 1e-3f;

  private static final double ABSOLUTE = 1e-3;
  private static final double RELATIVE = 1e-3;

  /** Float rounding of a handful of float operations on values of size 1. */
  private static final double EXACT = 1e-6;

  @Test
  void singleTriangleMatchesHandComputation() {
    MeshRegularizer r = new MeshRegularizer(MeshAdjacency.of(3, new int[] {0, 1, 2}));
    // L x = x_i - mean of the other two: (1, -0.5, -0.5); sum of squares 1.5, over N = 3.
    float[] grad = new float[3];
    assertEquals(2.0 * 1.5 / 3, r.laplacian(new float[] {1, 0, 0}, 1, 2.0, grad), EXACT);
    // L^T L x with L = I - (J - I)/2 symmetric here: L (1, -0.5, -0.5) = (1.5, -0.75, -0.75).
    assertEquals(2 * 2.0 / 3 * 1.5, grad[0], EXACT);
    assertEquals(2 * 2.0 / 3 * -0.75, grad[1], EXACT);
    assertEquals(
        3 * 3 * 0.5 / 3 + 4 * 4 * 0.5 / 3, r.magnitude(new float[] {0, 3, 4}, 1, 0.5, null), EXACT);
  }

  @Test
  void constantFieldIsFree() {
    MeshAdjacency a = MeshAdjacency.of(octahedron());
    float[] c = new float[a.vertexCount() * 3];
    for (int i = 0; i < c.length; i++) {
      c[i] = i % 3 == 0 ? 0.7f : -0.2f;
    }
    float[] grad = new float[c.length];
    assertEquals(0.0, new MeshRegularizer(a).laplacian(c, 3, 5.0, grad), EXACT);
    for (float g : grad) {
      assertEquals(0.0, g, EXACT);
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    TriangleMesh mesh = MeshSubdivision.subdivide(octahedron()).mesh();
    MeshRegularizer r = new MeshRegularizer(MeshAdjacency.of(mesh));
    SplittableRandom random = new SplittableRandom(4);
    for (int stride : new int[] {1, 3}) {
      float[] x = new float[r.count() * stride];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextDouble(-1, 1);
      }
      float[] lap = new float[x.length];
      float[] mag = new float[x.length];
      r.laplacian(x, stride, 1.7, lap);
      r.magnitude(x, stride, 0.3, mag);
      for (int i = 0; i < x.length; i++) {
        float saved = x[i];
        x[i] = saved + STEP;
        double lp = r.laplacian(x, stride, 1.7, null);
        double mp = r.magnitude(x, stride, 0.3, null);
        x[i] = saved - STEP;
        double lm = r.laplacian(x, stride, 1.7, null);
        double mm = r.magnitude(x, stride, 0.3, null);
        x[i] = saved;
        Tolerances.assertGradient(lap[i], (lp - lm) / (2.0 * STEP), ABSOLUTE, RELATIVE, "L " + i);
        Tolerances.assertGradient(mag[i], (mp - mm) / (2.0 * STEP), ABSOLUTE, RELATIVE, "M " + i);
      }
    }
  }

  @Test
  void gatherAndScatterAddMoveColumns() {
    float[] rows = {1, 2, 3, 4, 5, 6, 7, 8};
    float[] dest = new float[4];
    MeshRegularizer.gather(rows, 4, 1, 2, dest);
    assertEquals("[2.0, 3.0, 6.0, 7.0]", java.util.Arrays.toString(dest));
    MeshRegularizer.scatterAdd(dest, 2, rows, 4, 2);
    assertEquals("[1.0, 2.0, 5.0, 7.0, 5.0, 6.0, 13.0, 15.0]", java.util.Arrays.toString(rows));
  }

  static TriangleMesh octahedron() {
    float[] v = {1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1};
    int[] f = {0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5};
    return new TriangleMesh(v, f);
  }
}
