package dev.persona.splat.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.splat.Tolerances;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LossesTest {
  @Test
  void l1IsTheWeightedMeanWithSignGradient() {
    // Two pixels: |0.5 - 0.25| * 3 channels * weight 1 and |0 - 1| * 3 * weight 0.5, over 6.
    float[] r = {0.5f, 0.5f, 0.5f, 0f, 0f, 0f};
    float[] t = {0.25f, 0.25f, 0.25f, 1f, 1f, 1f};
    float[] w = {1f, 0.5f};
    float[] g = new float[6];
    assertEquals((0.75 + 1.5) / 6, Losses.l1(r, t, w, g, 2.0), 1e-12);
    float s = 2f / 6;
    assertArrayEquals(new float[] {s, s, s, -s / 2, -s / 2, -s / 2}, g, 1e-7f);
  }

  @Test
  void maskL1AndPsnrMatchHandValues() {
    float[] alpha = {1f, 0.5f, 0f, 0f};
    float[] mask = {1f, 1f, 1f, 0f};
    float[] g = new float[4];
    assertEquals(1.5 / 4, Losses.maskL1(alpha, mask, g, 1.0), 1e-12);
    assertArrayEquals(new float[] {0f, -0.25f, -0.25f, 0f}, g);
    // MSE 0.01 -> 20 dB; MSE 0.0001 -> 40 dB.
    float[] a = {0.1f, 0.1f, 0.1f};
    float[] b = {0.2f, 0.2f, 0.2f};
    assertEquals(20.0, Losses.psnr(a, b, null), 1e-5);
    float[] c = {0.5f, 0.5f, 0.5f, 0.51f, 0.51f, 0.51f};
    float[] d = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    // Only the second pixel counts under the mask: MSE 1e-4.
    assertEquals(40.0, Losses.psnr(c, d, new float[] {0f, 1f}), 1e-3);
    assertEquals(Double.POSITIVE_INFINITY, Losses.psnr(d, d, null));
    assertThrows(IllegalArgumentException.class, () -> Losses.psnr(c, d, new float[2]));
  }

  @Test
  void photometricLossCombinesTheTermsAndTheirGradients() {
    int w = 12;
    int h = 10;
    SplittableRandom random = new SplittableRandom(2);
    float[] r = SsimTest.randomImage(random, w * h * 3);
    float[] t = SsimTest.randomImage(random, w * h * 3);
    float[] weights = new float[w * h];
    double meanWeight = 0;
    for (int p = 0; p < weights.length; p++) {
      weights[p] = p % 3 == 0 ? 0.1f : 1f;
      meanWeight += weights[p];
    }
    meanWeight /= weights.length;
    float[] grad = new float[r.length];
    PhotometricLoss.Value v = new PhotometricLoss(w, h).evaluate(r, t, weights, grad, 1.0);
    double l1 = Losses.l1(r, t, weights, null, 0);
    double ssim = new Ssim(w, h).evaluate(r, t, weights, null, 0);
    assertEquals(l1, v.l1());
    assertEquals(ssim, v.ssim());
    assertEquals(0.8 * l1 + 0.2 * (meanWeight - ssim), v.loss(), 1e-15);
    float[] expected = new float[r.length];
    Losses.l1(r, t, weights, expected, 0.8);
    new Ssim(w, h).evaluate(r, t, weights, expected, -0.2);
    assertArrayEquals(expected, grad);
    // Finite difference of the combined loss at one pixel away from any L1 kink.
    PhotometricLoss loss = new PhotometricLoss(w, h);
    int i = 37;
    float step = 0x1p-12f;
    float saved = r[i];
    r[i] = saved + step;
    double plus = loss.evaluate(r, t, weights, null, 1).loss();
    r[i] = saved - step;
    double minus = loss.evaluate(r, t, weights, null, 1).loss();
    r[i] = saved;
    // L1 is linear away from r = t and SSIM smooth: only rounding of the 2^-12 step matters.
    Tolerances.assertGradient(grad[i], (plus - minus) / (2.0 * step), 1e-8, 1e-4, "pixel " + i);
  }
}
