package dev.persona.smplx.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SsdAnchorsTest {
  private static final float EPS = 1e-6f;

  @Test
  void thePoseDetectorHas2254AnchorsAtTheKnownCentres() {
    float[] a = SsdAnchors.generate(SsdAnchors.POSE_DETECTION);
    // 28x28 cells x 2 anchors (stride 8) + 14x14 x 2 (stride 16) + 7x7 x 3 layers x 2 (stride 32).
    assertEquals(28 * 28 * 2 + 14 * 14 * 2 + 7 * 7 * 6, a.length / 4);
    assertEquals(2254, a.length / 4);
    // First two: the top-left stride-8 cell, centre (0.5/28, 0.5/28), fixed size 1.
    for (int i = 0; i < 2; i++) {
      assertEquals(0.5f / 28, a[i * 4], EPS);
      assertEquals(0.5f / 28, a[i * 4 + 1], EPS);
      assertEquals(1f, a[i * 4 + 2], EPS);
      assertEquals(1f, a[i * 4 + 3], EPS);
    }
    // Anchor 2 is the next cell to the right.
    assertEquals(1.5f / 28, a[2 * 4], EPS);
    // Anchor 56 starts the second row.
    assertEquals(0.5f / 28, a[56 * 4], EPS);
    assertEquals(1.5f / 28, a[56 * 4 + 1], EPS);
    // The stride-16 map starts at anchor 1568.
    assertEquals(0.5f / 14, a[1568 * 4], EPS);
    assertEquals(0.5f / 14, a[1568 * 4 + 1], EPS);
    // The merged stride-32 maps start at 1960, six anchors per cell.
    assertEquals(0.5f / 7, a[1960 * 4], EPS);
    assertEquals(0.5f / 7, a[1965 * 4], EPS);
    assertEquals(1.5f / 7, a[1966 * 4], EPS);
    // The last: bottom-right stride-32 cell, (6.5/7, 6.5/7).
    assertEquals(6.5f / 7, a[2253 * 4], EPS);
    assertEquals(6.5f / 7, a[2253 * 4 + 1], EPS);
  }

  @Test
  void withoutFixedSizeAnchorsCarryScaleAndTheInterpolatedScale() {
    SsdAnchors.Options o =
        new SsdAnchors.Options(
            2,
            0.2,
            0.6,
            64,
            64,
            0.5,
            0.5,
            new int[] {32, 64},
            new double[] {1.0, 4.0},
            false,
            1.0,
            false);
    float[] a = SsdAnchors.generate(o);
    // 2x2 cells x 3 anchors + 1x1 x 3.
    assertEquals(15, a.length / 4);
    // Layer 0 (scale 0.2): aspect 1 -> 0.2 x 0.2; aspect 4 -> w 0.4, h 0.1; interpolated
    // sqrt(0.2 * 0.6).
    assertEquals(0.2f, a[2], EPS);
    assertEquals(0.2f, a[3], EPS);
    assertEquals(0.4f, a[4 + 2], EPS);
    assertEquals(0.1f, a[4 + 3], EPS);
    assertEquals((float) Math.sqrt(0.2 * 0.6), a[8 + 2], EPS);
    // Last layer's interpolated anchor uses scale 1 as "next": sqrt(0.6 * 1).
    assertEquals((float) Math.sqrt(0.6), a[14 * 4 + 2], EPS);
    assertEquals(0.5f, a[14 * 4], EPS);
  }
}
