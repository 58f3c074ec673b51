package dev.persona.splat.raster;

import dev.persona.core.InvalidInputException;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;

/** Checks shared by both rasterizers, so that bad input fails the same clear way in each. */
final class InputChecks {
  private InputChecks() {}

  /** Largest image either rasterizer renders: 16k x 16k. */
  static final long MAX_PIXELS = 16384L * 16384L;

  static void checkImage(PinholeCamera camera, int featureChannels) {
    long pixels = (long) camera.width() * camera.height();
    if (pixels > MAX_PIXELS || pixels * Math.max(3, featureChannels) > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException(
          InvalidInputException.Reason.TOO_LARGE,
          "image "
              + camera.width()
              + "x"
              + camera.height()
              + " with "
              + featureChannels
              + " feature channels is too large to render");
    }
  }

  /**
   * Whether Gaussian {@code i}'s parameters are all finite and its quaternion is not zero. Cheap
   * and allocation-free when they are; call {@link #describeProblem} to build the message.
   */
  static boolean isValid(Gaussians g, int i) {
    // A double sum of floats is finite exactly when every term is (48 floats cannot overflow a
    // double), which checks each Gaussian with one branch.
    double sum =
        sum(g.means(), i * 3, 3)
            + sum(g.logScales(), i * 3, 3)
            + g.opacityLogits()[i]
            + sum(g.sh(), i * g.shCoefficients() * 3, g.shCoefficients() * 3)
            + sum(g.features(), i * g.featureChannels(), g.featureChannels());
    if (!Double.isFinite(sum)) {
      return false;
    }
    float[] q = g.rotations();
    double qq = 0;
    for (int j = i * 4; j < i * 4 + 4; j++) {
      qq += (double) q[j] * q[j];
    }
    // Also false for NaN or infinite components.
    return qq > 0 && Double.isFinite(qq);
  }

  static InvalidInputException problem(Gaussians g, int i) {
    return new InvalidInputException(
        InvalidInputException.Reason.MALFORMED,
        "Gaussian "
            + i
            + " has a non-finite parameter or a zero rotation quaternion (mean "
            + g.means()[i * 3]
            + ", "
            + g.means()[i * 3 + 1]
            + ", "
            + g.means()[i * 3 + 2]
            + ")");
  }

  private static double sum(float[] a, int from, int count) {
    double s = 0;
    for (int j = from; j < from + count; j++) {
      s += a[j];
    }
    return s;
  }
}
