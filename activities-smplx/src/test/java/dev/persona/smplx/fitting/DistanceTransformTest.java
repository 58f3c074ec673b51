package dev.persona.smplx.fitting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {
  @Test
  void nearestFeatureIsAtTheBruteForceDistance() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      int w = 5 + random.nextInt(30);
      int h = 5 + random.nextInt(30);
      boolean[] f = new boolean[w * h];
      double density = trial % 2 == 0 ? 0.02 : 0.3;
      for (int i = 0; i < f.length; i++) {
        f[i] = random.nextDouble() < density;
      }
      f[random.nextInt(f.length)] = true;
      int[] nearest = DistanceTransform.nearestFeature(f, w, h);
      for (int i = 0; i < f.length; i++) {
        int best = Integer.MAX_VALUE;
        for (int j = 0; j < f.length; j++) {
          if (f[j]) {
            best = Math.min(best, d2(i, j, w));
          }
        }
        // Ties may pick a different pixel; the distance must be the exact minimum.
        assertEquals(best, d2(i, nearest[i], w), "pixel " + i + " of " + w + "x" + h);
        assertEquals(true, f[nearest[i]]);
      }
    }
  }

  @Test
  void anEmptyImageHasNoNearestFeature() {
    int[] nearest = DistanceTransform.nearestFeature(new boolean[12], 4, 3);
    assertArrayEquals(new int[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, nearest);
  }

  private static int d2(int a, int b, int w) {
    int dx = a % w - b % w;
    int dy = a / w - b / w;
    return dx * dx + dy * dy;
  }
}
