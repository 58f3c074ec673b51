package dev.persona.splat.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FalloffKernelTest {
  private final FalloffKernel scalar = new ScalarFalloffKernel();

  @Test
  void theTestJvmHasTheVectorModuleSoRenderersUseTheVectorKernel() {
    // The build starts test JVMs with --add-modules jdk.incubator.vector, as the launcher does.
    assertInstanceOf(VectorFalloffKernel.class, FalloffKernel.best());
  }

  @Test
  void theExponentialIsWithinTwoUlpOfTheTrueValueOverTheUsedRange() {
    double worst = 0;
    for (int k = 0; k <= 1_000_000; k++) {
      float x = -87f * k / 1_000_000;
      double expected = Math.exp(x);
      double error = Math.abs(ScalarFalloffKernel.exp(x) - expected) / Math.ulp((float) expected);
      worst = Math.max(worst, error);
    }
    // Cephes documents a peak relative error of 1.7e-7 for expf in single precision.
    assertTrue(worst <= 2, "worst error " + worst + " ulp");
    assertEquals(1f, ScalarFalloffKernel.exp(0f));
    assertEquals(0f, ScalarFalloffKernel.exp(-200f), 1e-37f);
  }

  @Test
  void bothKernelsGiveTheSameBitsAndAgreeWithTheFormula() {
    SplittableRandom random = new SplittableRandom(7);
    float[] s = new float[scalar.bufferLength()];
    float[] v = new float[new VectorFalloffKernel().bufferLength()];
    int inside = 0;
    for (int trial = 0; trial < 5000; trial++) {
      int xStart = random.nextInt(0, 4096);
      int count = random.nextInt(1, FalloffKernel.MAX_RUN + 1);
      float meanX = (float) (xStart + random.nextDouble(-4, count + 4));
      float dy = (float) random.nextDouble(-6, 6);
      // A random positive-definite conic: a, c > 0 and b^2 < a c.
      float a = (float) random.nextDouble(0.02, 2);
      float c = (float) random.nextDouble(0.02, 2);
      float b = (float) (random.nextDouble(-0.95, 0.95) * Math.sqrt(a * c));
      float limit = (float) random.nextDouble(0.5, 5.5);
      scalar.evaluate(xStart, meanX, dy, a, b, c, limit, count, s);
      VectorFalloffKernel.evaluateVector(xStart, meanX, dy, a, b, c, limit, count, v);
      for (int i = 0; i < count; i++) {
        double dx = xStart + i + 0.5 - meanX;
        double power = 0.5 * (a * dx * dx + c * dy * dy) + b * dx * dy;
        // Both kernels compute the power with the same float operations, so they agree exactly
        // on which pixels are inside; the double formula decides the same except within float
        // rounding (1e-4 relative) of the limit.
        // The same float operations in the same order: the same bits, footprint included.
        assertEquals(Float.floatToIntBits(s[i]), Float.floatToIntBits(v[i]), "kernels at " + i);
        // The double formula decides inside/outside the same except within the float power's
        // rounding of the limit: 4 roundings of terms up to `terms` in size.
        double terms = 0.5 * (a * dx * dx + c * dy * dy) + Math.abs(b * dx * dy);
        double powerError = 4 * terms * 0x1p-24;
        if (Math.abs(power - limit) > powerError) {
          assertEquals(power > limit, s[i] == 0f, "footprint test at " + i);
        }
        if (s[i] != 0f) {
          inside++;
          // Relative error: the exponential's (within 2 ulp = 2.4e-7) plus the power's absolute
          // error (exp(-p) moves by that much relative).
          double expected = Math.exp(-power);
          assertEquals(expected, s[i], expected * (2.4e-7 + powerError), "formula");
        }
      }
    }
    assertTrue(inside > 3000, "the trials must exercise the inside of footprints: " + inside);
  }
}
