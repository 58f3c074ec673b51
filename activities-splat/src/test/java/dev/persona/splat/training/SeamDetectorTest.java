package dev.persona.splat.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.RenderSettings;
import org.junit.jupiter.api.Test;

/**
 * Two flat squares facing the camera, the small one in front of the large one, each with smooth
 * canonical positions but 0.5 m apart in canonical space: the small square's outline over the large
 * one is a seam; the squares' interiors and the large square's outline against the background are
 * not.
 */
class SeamDetectorTest {
  private static final int SIZE = 64;

  /** Back square: half side 0.6 m at depth 3 m; front square: half side 0.2 m at depth 2 m. */
  private static final double BACK_HALF = 0.6;

  private static final double FRONT_HALF = 0.2;

  /** fx = fy = 128 px: the front square spans x/z = +-0.1, i.e. columns 32 +- 12.8. */
  private static final double FOCAL = 128;

  @Test
  void findsTheFrontSquaresOutlineOnlyOverTheBackSquare() {
    boolean[] seams = detect(0);
    // The front square's left and right edges lie at x = 19.2 and 44.8 (rows likewise); its
    // Gaussians (sigma about 1 px) blur them over a pixel or two and the 3x3 Sobel adds one.
    for (int y = 20; y <= 44; y++) {
      assertTrue(anyIn(seams, y, 16, 20), "left edge of the front square, row " + y);
      assertTrue(anyIn(seams, y, 44, 48), "right edge of the front square, row " + y);
    }
    for (int y = 21; y <= 43; y++) {
      assertFalse(anyIn(seams, y, 21, 43), "inside the front square, row " + y);
      assertFalse(anyIn(seams, y, 0, 14), "back square and its outline, left, row " + y);
      assertFalse(anyIn(seams, y, 50, 63), "back square and its outline, right, row " + y);
    }
    for (int y = 0; y <= 14; y++) {
      assertFalse(anyIn(seams, y, 0, 63), "back square above the front one, row " + y);
    }
  }

  @Test
  void dilationGrowsTheSeamsAndWeightsFollowThem() {
    boolean[] thin = detect(0);
    boolean[] wide = detect(2);
    int thinCount = 0;
    int wideCount = 0;
    for (int q = 0; q < thin.length; q++) {
      if (thin[q]) {
        assertTrue(wide[q], "dilation keeps every seam pixel");
        thinCount++;
      }
      wideCount += wide[q] ? 1 : 0;
    }
    assertTrue(wideCount > 2 * thinCount, thinCount + " -> " + wideCount);
    assertTrue(anyIn(wide, 32, 14, 14), "two pixels beyond the left edge's seam");
    float[] w = SeamDetector.weights(wide, 0.1);
    for (int q = 0; q < w.length; q++) {
      assertEquals(wide[q] ? 0.1f : 1f, w[q]);
    }
  }

  private static boolean anyIn(boolean[] seams, int y, int x0, int x1) {
    for (int x = x0; x <= x1; x++) {
      if (seams[y * SIZE + x]) {
        return true;
      }
    }
    return false;
  }

  private static boolean[] detect(int dilation) {
    int backSide = 61;
    int frontSide = 21;
    int n = backSide * backSide + frontSide * frontSide;
    Gaussians g = new Gaussians(n, 0, 0);
    float[] canonical = new float[n * 3];
    int i = 0;
    for (int square = 0; square < 2; square++) {
      int side = square == 0 ? backSide : frontSide;
      double half = square == 0 ? BACK_HALF : FRONT_HALF;
      double depth = square == 0 ? 3.0 : 2.0;
      for (int a = 0; a < side; a++) {
        for (int b = 0; b < side; b++) {
          double x = -half + 2 * half * a / (side - 1);
          double y = -half + 2 * half * b / (side - 1);
          g.means()[i * 3] = (float) x;
          g.means()[i * 3 + 1] = (float) y;
          g.means()[i * 3 + 2] = (float) depth;
          for (int c = 0; c < 3; c++) {
            g.logScales()[i * 3 + c] = (float) Math.log(0.015);
          }
          g.rotations()[i * 4] = 1f;
          g.opacityLogits()[i] = 20f;
          // Canonical space: each square flat, the front one 0.5 m away along z.
          canonical[i * 3] = (float) x;
          canonical[i * 3 + 1] = (float) y;
          canonical[i * 3 + 2] = square == 0 ? 0f : 0.5f;
          i++;
        }
      }
    }
    double[] identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    PinholeCamera camera =
        new PinholeCamera(SIZE, SIZE, FOCAL, FOCAL, SIZE / 2.0, SIZE / 2.0, identity);
    try (CpuGaussianRasterizer r = new CpuGaussianRasterizer()) {
      return SeamDetector.detect(
          r,
          g,
          canonical,
          camera,
          RenderSettings.defaults(),
          TrainingOptions.DEFAULT_SEAM_THRESHOLD,
          dilation);
    }
  }
}
