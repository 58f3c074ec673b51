package dev.persona.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ColorTransferTest {
  /** float rounding of a double in [0, 1]: half an ulp of 1.0f is 6e-8; allow a few. */
  private static final double FLOAT_ROUNDING = 1e-7;

  @Test
  void decodeMatchesHandComputedValues() {
    assertEquals(0.0, ColorTransfer.srgbToLinear(0.0));
    assertEquals(1.0, ColorTransfer.srgbToLinear(1.0), 1e-15);
    // Linear toe: 0.04 / 12.92.
    assertEquals(0.0030959752, ColorTransfer.srgbToLinear(0.04), 1e-10);
    // ((0.5 + 0.055) / 1.055)^2.4 = 0.21404114...
    assertEquals(0.21404114, ColorTransfer.srgbToLinear(0.5), 1e-8);
  }

  @Test
  void encodeInvertsDecodeAndIsContinuousAtTheKnee() {
    for (int i = 0; i <= 1000; i++) {
      double v = i / 1000.0;
      assertEquals(v, ColorTransfer.linearToSrgb(ColorTransfer.srgbToLinear(v)), 1e-12);
    }
    // The two pieces meet within 1e-7 at the standard's breakpoints (a known property of the
    // IEC constants, which were rounded).
    assertEquals(0.0031308 * 12.92, 1.055 * Math.pow(0.0031308, 1 / 2.4) - 0.055, 1e-7);
  }

  @Test
  void encodeSlopeMatchesCentralDifferences() {
    // Points on the toe, either side of the knee and up the curve; h keeps both probes on one
    // piece (the pieces' slopes differ at the knee: 12.92 against 12.70).
    double h = 1e-7;
    for (double v : new double[] {0.001, 0.003, 0.0032, 0.01, 0.2, 0.5, 0.99}) {
      double numeric =
          (ColorTransfer.linearToSrgb(v + h) - ColorTransfer.linearToSrgb(v - h)) / (2 * h);
      assertEquals(numeric, ColorTransfer.linearToSrgbSlope(v), 1e-6 * numeric, "v=" + v);
    }
    // Hand-computed: 1.055 / 2.4 * 0.5^(1/2.4 - 1) = 0.658631...
    assertEquals(0.6586308, ColorTransfer.linearToSrgbSlope(0.5), 1e-6);
  }

  @Test
  void tableAgreesWithTheCurve() {
    for (int k = 0; k < 256; k++) {
      assertEquals(
          ColorTransfer.srgbToLinear(k / 255.0), ColorTransfer.srgb8ToLinear(k), FLOAT_ROUNDING);
      assertEquals(k, ColorTransfer.linearToSrgb8(ColorTransfer.srgb8ToLinear(k)));
    }
  }

  @Test
  void eightBitEncodeRoundsToTheNearestCode() {
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      float v = random.nextFloat();
      double exact = 255 * ColorTransfer.linearToSrgb(v);
      int code = ColorTransfer.linearToSrgb8(v);
      // Nearest code, except within float rounding of a half-way point where either is right.
      assertEquals(exact, code, 0.5 + 1e-4, "v=" + v);
    }
    assertEquals(0, ColorTransfer.linearToSrgb8(-1f));
    assertEquals(0, ColorTransfer.linearToSrgb8(Float.NaN));
    assertEquals(255, ColorTransfer.linearToSrgb8(2f));
  }
}
