package dev.persona.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.image.Image;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {
  private static Image random(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Image im = new Image(w, h, 3);
    for (int i = 0; i < im.data().length; i++) {
      im.data()[i] = (float) r.nextDouble();
    }
    return im;
  }

  @Test
  void psnrOfAConstantErrorIsClosedForm() {
    Image a = new Image(7, 5, 3);
    Image b = new Image(7, 5, 3);
    for (int i = 0; i < a.data().length; i++) {
      a.data()[i] = 0.5f;
      b.data()[i] = 0.6f;
    }
    // MSE = 0.1^2 -> PSNR = 10 log10(1 / 0.01) = 20 dB (float rounding of 0.6 - 0.5: ~1e-7 dB).
    assertEquals(20.0, ImageMetrics.psnr(a, b), 1e-5);
  }

  @Test
  void identicalImagesHaveSsimOne() {
    Image a = random(16, 12, 1);
    assertEquals(1.0, ImageMetrics.ssim(a, a.copy()), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(a, a.copy()));
  }

  @Test
  void ssimMatchesADirectWindowedSum() {
    Image a = random(13, 9, 2);
    Image b = random(13, 9, 3);
    double expected = directSsim(a, b);
    // Both sum the same ~121 products per pixel in double; only the summation order differs.
    assertEquals(expected, ImageMetrics.ssim(a, b), 1e-10);
    assertTrue(expected < 0.5, "independent noise images are dissimilar: " + expected);
  }

  /**
   * SSIM written straight from its definition: a 2-D Gaussian window (sigma 1.5, 11 x 11,
   * normalised over the full window), zero outside the image, statistics per pixel, mean of the map
   * over pixels and channels.
   */
  private static double directSsim(Image a, Image b) {
    int w = a.width();
    int h = a.height();
    double[][] g = new double[11][11];
    double norm = 0;
    for (int i = 0; i < 11; i++) {
      for (int j = 0; j < 11; j++) {
        g[i][j] = Math.exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (2 * 1.5 * 1.5));
        norm += g[i][j];
      }
    }
    double c1 = 1e-4;
    double c2 = 9e-4;
    double total = 0;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double mx = 0;
          double my = 0;
          double xx = 0;
          double yy = 0;
          double xy = 0;
          for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
              int yy0 = y + i - 5;
              int xx0 = x + j - 5;
              if (yy0 < 0 || yy0 >= h || xx0 < 0 || xx0 >= w) {
                continue;
              }
              double wgt = g[i][j] / norm;
              double u = a.get(xx0, yy0, c);
              double v = b.get(xx0, yy0, c);
              mx += wgt * u;
              my += wgt * v;
              xx += wgt * u * u;
              yy += wgt * v * v;
              xy += wgt * u * v;
            }
          }
          double sx = xx - mx * mx;
          double sy = yy - my * my;
          double sxy = xy - mx * my;
          total +=
              (2 * mx * my + c1) * (2 * sxy + c2) / ((mx * mx + my * my + c1) * (sx + sy + c2));
        }
      }
    }
    return total / (3.0 * w * h);
  }
}
