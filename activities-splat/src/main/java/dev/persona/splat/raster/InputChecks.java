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
    float[] q = g.rotations();
    if (!allFinite(g.means(), i * 3, 3)
        || !allFinite(g.logScales(), i * 3, 3)
        || !Float.isFinite(g.opacityLogits()[i])) {
      return false;
    }
    if (!allFinite(q, i * 4, 4)) {
      return false;
    }
    double qq =
        (double) q[i * 4] * q[i * 4]
            + (double) q[i * 4 + 1] * q[i * 4 + 1]
            + (double) q[i * 4 + 2] * q[i * 4 + 2]
            + (double) q[i * 4 + 3] * q[i * 4 + 3];
    if (!(qq > 0)) {
      return false;
    }
    int k3 = g.shCoefficients() * 3;
    if (!allFinite(g.sh(), i * k3, k3)) {
      return false;
    }
    int f = g.featureChannels();
    return allFinite(g.features(), i * f, f);
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

  private static boolean allFinite(float[] a, int from, int count) {
    for (int j = from; j < from + count; j++) {
      if (!Float.isFinite(a[j])) {
        return false;
      }
    }
    return true;
  }
}
