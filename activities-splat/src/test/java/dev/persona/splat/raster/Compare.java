package dev.persona.splat.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Array comparisons with the tolerance and the worst offender in the failure message. */
final class Compare {
  private Compare() {}

  /** Every element within {@code tolerance} (absolute). */
  static void within(String what, float[] expected, float[] actual, double tolerance) {
    assertEquals(expected.length, actual.length, what + ": length");
    int worst = -1;
    double worstDiff = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs((double) expected[i] - actual[i]);
      if (!(d <= worstDiff)) {
        worstDiff = d;
        worst = i;
      }
    }
    int at = worst;
    double diff = worstDiff;
    assertTrue(
        diff <= tolerance,
        () ->
            what
                + ": |difference| "
                + diff
                + " at "
                + at
                + " (expected "
                + expected[at]
                + ", got "
                + actual[at]
                + ") exceeds "
                + tolerance);
  }

  /**
   * Gradient groups: the relative L2 error ||actual - expected|| / ||expected|| is at most {@code
   * relative}, and no single element is off by more than {@code elementOfMax} times the group's
   * largest magnitude.
   */
  static void gradients(
      String what, float[] expected, float[] actual, double relative, double elementOfMax) {
    assertEquals(expected.length, actual.length, what + ": length");
    double num = 0;
    double den = 0;
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = (double) actual[i] - expected[i];
      num += d * d;
      den += (double) expected[i] * expected[i];
      max = Math.max(max, Math.abs(expected[i]));
    }
    double rel = den > 0 ? Math.sqrt(num / den) : Math.sqrt(num);
    assertTrue(rel <= relative, what + ": relative L2 error " + rel + " exceeds " + relative);
    within(what, expected, actual, elementOfMax * Math.max(max, 1e-12));
  }
}
