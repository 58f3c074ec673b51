package dev.persona.splat.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.splat.Tolerances;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SsimTest {
  /**
   * Finite-difference step, a power of two so that r +- h is exact for pixel values quantised to
   * multiples of 2^-20: the difference then sees only the double-precision evaluation.
   */
  private static final float STEP = 0x1p-10f;

  /**
   * SSIM is smooth; the central difference's truncation error h^2/6 |f'''| is about 1e-7 times a
   * per-pixel derivative of order 1e-3 (curvatures of order 1/sigma^2 ~ 100 for local deviations of
   * 0.1), and double rounding adds 1e-16 / h ~ 1e-13.
   */
  private static final double ABSOLUTE = 1e-9;

  private static final double RELATIVE = 1e-4;

  @Test
  void identicalImagesGiveOneAndZeroGradient() {
    int w = 17;
    int h = 12;
    float[] img = randomImage(new SplittableRandom(1), w * h * 3);
    float[] grad = new float[img.length];
    double s = new Ssim(w, h).evaluate(img, img, null, grad, 1.0);
    assertEquals(1.0, s, 1e-12);
    for (float g : grad) {
      // S <= 1 with equality at x = y: a maximum, so the gradient vanishes up to double rounding.
      assertEquals(0f, g, 1e-12f);
    }
  }

  @Test
  void constantOffsetMatchesTheClosedForm() {
    // Constant images a and a + delta. Under the zero-padded window a pixel sees the window mass
    // M_p = K(row) K(col) inside the image, so mu = v M, sigma^2 = v^2 M (1 - M) and
    // sigma_xy = a (a + delta) M (1 - M); in the interior (M = 1) only the luminance term is left:
    // S = (2 mu_x mu_y + C1) / (mu_x^2 + mu_y^2 + C1).
    int w = 23;
    int h = 15;
    double a = 0.4;
    double delta = 0.15;
    float[] target = new float[w * h * 3];
    float[] rendered = new float[w * h * 3];
    java.util.Arrays.fill(target, (float) a);
    java.util.Arrays.fill(rendered, (float) (a + delta));
    double x = (float) (a + delta);
    double y = (float) a;
    double[] k = Ssim.gaussianKernel();
    double sum = 0;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        double m = mass(k, r, h) * mass(k, c, w);
        double mx = x * m;
        double my = y * m;
        double spread = m * (1 - m);
        double s =
            (2 * mx * my + Ssim.C1)
                * (2 * x * y * spread + Ssim.C2)
                / ((mx * mx + my * my + Ssim.C1) * ((x * x + y * y) * spread + Ssim.C2));
        sum += s;
      }
    }
    double expected = sum / (w * h);
    assertEquals(expected, new Ssim(w, h).evaluate(rendered, target, null, null, 1), 1e-12);
    // The interior alone, by hand: (2 * 0.55 * 0.4 + 1e-4) / (0.55^2 + 0.4^2 + 1e-4) =
    // 0.4401 / 0.4626 = 0.951362. Weights select the pixels at least 5 from every border, so the
    // weighted mean is that value times the interior's share of the image.
    float[] interior = new float[w * h];
    int count = 0;
    for (int r = 5; r < h - 5; r++) {
      for (int c = 5; c < w - 5; c++) {
        interior[r * w + c] = 1f;
        count++;
      }
    }
    double value = new Ssim(w, h).evaluate(rendered, target, interior, null, 1);
    assertEquals(0.951362, value * w * h / count, 1e-6);
  }

  /** Window mass inside [0, n) for a window centred at i. */
  private static double mass(double[] k, int i, int n) {
    double s = 0;
    for (int j = 0; j < k.length; j++) {
      int at = i + j - k.length / 2;
      if (at >= 0 && at < n) {
        s += k[j];
      }
    }
    return s;
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    checkGradient(13, 9, false, 3);
  }

  @Test
  void weightedGradientMatchesFiniteDifferences() {
    checkGradient(7, 14, true, 4);
  }

  private static void checkGradient(int w, int h, boolean weighted, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] target = randomImage(random, w * h * 3);
    float[] rendered = randomImage(random, w * h * 3);
    // Rendered close to target in half the image, as during training, and unrelated elsewhere.
    for (int i = 0; i < rendered.length / 2; i++) {
      rendered[i] = quantise(target[i] + random.nextDouble(-0.05, 0.05));
    }
    float[] weights = null;
    if (weighted) {
      weights = new float[w * h];
      for (int p = 0; p < weights.length; p++) {
        weights[p] = random.nextBoolean() ? 1f : 0.1f;
      }
    }
    Ssim ssim = new Ssim(w, h);
    float[] grad = new float[rendered.length];
    ssim.evaluate(rendered, target, weights, grad, 1.0);
    for (int i = 0; i < rendered.length; i++) {
      float saved = rendered[i];
      rendered[i] = saved + STEP;
      double plus = ssim.evaluate(rendered, target, weights, null, 1);
      rendered[i] = saved - STEP;
      double minus = ssim.evaluate(rendered, target, weights, null, 1);
      rendered[i] = saved;
      Tolerances.assertGradient(
          grad[i], (plus - minus) / (2.0 * STEP), ABSOLUTE, RELATIVE, "pixel value " + i);
    }
  }

  static float[] randomImage(SplittableRandom random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = quantise(random.nextDouble(0.05, 0.95));
    }
    return a;
  }

  private static float quantise(double v) {
    return (float) (Math.rint(v * 0x1p20) * 0x1p-20);
  }
}
