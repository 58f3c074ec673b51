package dev.persona.splat;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comparison of an analytic gradient with a central finite difference, shared by the gradient tests
 * of the avatar's building blocks.
 */
public final class Tolerances {
  private Tolerances() {}

  /**
   * Asserts {@code |analytic - numeric| <= absolute + relative * |numeric|}.
   *
   * @param what names the checked entry in the failure message
   */
  public static void assertGradient(
      double analytic, double numeric, double absolute, double relative, String what) {
    double error = Math.abs(analytic - numeric);
    assertTrue(
        error <= absolute + relative * Math.abs(numeric),
        () ->
            what
                + ": analytic "
                + analytic
                + " vs finite difference "
                + numeric
                + " (error "
                + error
                + ")");
  }
}
