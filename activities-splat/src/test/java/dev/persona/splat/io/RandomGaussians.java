package dev.persona.splat.io;

import dev.persona.splat.gaussian.Gaussians;
import java.util.SplittableRandom;

/**
 * Seeded random Gaussians for format tests, inside every format's representable range: means within
 * +-2 m, log-scales in [-6, -1], opacity logits in [-4, 4], DC colour coefficients in [-1.5, 1.5]
 * (0.08..0.92 after the colour rule, inside .splat's [0, 1]), higher SH coefficients in [-0.9, 0.9]
 * (inside spz's [-1, 127/128]).
 */
final class RandomGaussians {
  private RandomGaussians() {}

  static Gaussians of(int count, int shDegree, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Gaussians g = new Gaussians(count, shDegree, features);
    int k = g.shCoefficients();
    for (int i = 0; i < count; i++) {
      for (int a = 0; a < 3; a++) {
        g.means()[i * 3 + a] = (float) random.nextDouble(-2, 2);
        g.logScales()[i * 3 + a] = (float) random.nextDouble(-6, -1);
      }
      for (int c = 0; c < 4; c++) {
        g.rotations()[i * 4 + c] = (float) random.nextDouble(-1, 1);
      }
      g.opacityLogits()[i] = (float) random.nextDouble(-4, 4);
      for (int j = 0; j < k * 3; j++) {
        g.sh()[i * k * 3 + j] =
            (float) (j < 3 ? random.nextDouble(-1.5, 1.5) : random.nextDouble(-0.9, 0.9));
      }
      for (int j = 0; j < features; j++) {
        g.features()[i * features + j] = (float) random.nextDouble(-10, 10);
      }
    }
    return g;
  }

  /**
   * Largest component difference between the unit quaternions of {@code a} and {@code b} at
   * Gaussian i, after choosing the sign of b that matches a (q and -q are the same rotation).
   */
  static double quaternionError(float[] a, float[] b, int i) {
    double na = 0;
    double nb = 0;
    double dot = 0;
    for (int c = 0; c < 4; c++) {
      na += a[i * 4 + c] * a[i * 4 + c];
      nb += b[i * 4 + c] * b[i * 4 + c];
      dot += a[i * 4 + c] * b[i * 4 + c];
    }
    double sign = dot < 0 ? -1 : 1;
    double error = 0;
    for (int c = 0; c < 4; c++) {
      double d = a[i * 4 + c] / Math.sqrt(na) - sign * b[i * 4 + c] / Math.sqrt(nb);
      error = Math.max(error, Math.abs(d));
    }
    return error;
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
