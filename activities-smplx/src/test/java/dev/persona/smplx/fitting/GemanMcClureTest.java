package dev.persona.smplx.fitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GemanMcClureTest {
  @Test
  void matchesItsClosedFormAtLandmarkPoints() {
    double sigma = 0.3;
    // rho(0) = 0; rho(sigma^2) = sigma^2 / 2; rho -> sigma^2 as s -> infinity.
    assertEquals(0, GemanMcClure.rho(0, sigma), 0);
    assertEquals(0.045, GemanMcClure.rho(0.09, sigma), 1e-15);
    assertEquals(0.09, GemanMcClure.rho(1e12, sigma), 1e-12);
    // Near zero it is least squares: rho(s) = s - s^2 / sigma^2 + s^3 / sigma^4 - ..., the next
    // term
    // s^4 / sigma^6 ~ 1.4e-13 here.
    double s = 1e-4;
    assertEquals(s - s * s / 0.09 + s * s * s / 0.0081, GemanMcClure.rho(s, sigma), 1e-12);
    // The weight at zero is 1 and at s = sigma^2 it is 1/4.
    assertEquals(1, GemanMcClure.weight(0, sigma), 0);
    assertEquals(0.25, GemanMcClure.weight(0.09, sigma), 1e-15);
  }

  @Test
  void weightIsTheDerivativeOfRho() {
    double sigma = 0.05;
    for (double s : new double[] {1e-5, 1e-3, 0.0025, 0.01, 0.3}) {
      double h = 1e-6 * Math.max(s, 1e-3);
      double numeric = (GemanMcClure.rho(s + h, sigma) - GemanMcClure.rho(s - h, sigma)) / (2 * h);
      // Central differences on a smooth rational function: error O(h^2), far below 1e-7 relative.
      assertEquals(numeric, GemanMcClure.weight(s, sigma), 1e-7 * Math.abs(numeric));
    }
  }

  @Test
  void outliersPullLessThanInliers() {
    double sigma = 0.05;
    // The force on a residual e is 2 e rho'(e^2): it rises to a peak near sigma/sqrt(3), then
    // falls.
    double inlier = 2 * 0.02 * GemanMcClure.weight(0.02 * 0.02, sigma);
    double outlier = 2 * 0.5 * GemanMcClure.weight(0.25, sigma);
    assertTrue(outlier < 0.2 * inlier, outlier + " vs " + inlier);
  }
}
