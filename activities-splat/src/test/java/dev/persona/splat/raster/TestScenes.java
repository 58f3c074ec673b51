package dev.persona.splat.raster;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import java.util.Random;

/** Seeded random scenes and loss gradients for the rasterizer tests. */
final class TestScenes {
  private TestScenes() {}

  /** A 64x48 camera 3 m from the origin, slightly off axis, world +y up in the image. */
  static PinholeCamera camera(int width, int height) {
    return PinholeCamera.lookAt(
        new double[] {0.3, 0.2, 3},
        new double[] {0, 0, 0},
        new double[] {0, 1, 0},
        width,
        height,
        45);
  }

  /**
   * {@code n} overlapping anisotropic Gaussians in a box around the origin that fills most of the
   * view: standard deviations 2..12 cm (about 1.5..9 pixels at 64x48), opacities from faint to
   * clamped, random SH and features.
   */
  static Gaussians random(long seed, int n, int shDegree, int features) {
    Random r = new Random(seed);
    Gaussians g = new Gaussians(n, shDegree, features);
    int k = g.shCoefficients();
    for (int i = 0; i < n; i++) {
      g.means()[i * 3] = (float) ((r.nextDouble() - 0.5) * 1.4);
      g.means()[i * 3 + 1] = (float) ((r.nextDouble() - 0.5) * 1.0);
      g.means()[i * 3 + 2] = (float) ((r.nextDouble() - 0.5) * 1.0);
      for (int j = 0; j < 3; j++) {
        g.logScales()[i * 3 + j] = (float) Math.log(0.02 + 0.10 * r.nextDouble());
      }
      for (int j = 0; j < 4; j++) {
        g.rotations()[i * 4 + j] = (float) r.nextGaussian();
      }
      g.opacityLogits()[i] = (float) (r.nextGaussian() * 2.0);
      for (int j = 0; j < k * 3; j++) {
        g.sh()[i * k * 3 + j] = (float) (r.nextGaussian() * (j < 3 ? 0.8 : 0.25));
      }
      for (int j = 0; j < features; j++) {
        g.features()[i * features + j] = (float) r.nextDouble();
      }
    }
    return g;
  }

  /** A loss gradient on every output: uniform in [-1, 1] per pixel and channel. */
  static RenderingGradient gradient(long seed, int width, int height, int features) {
    Random r = new Random(seed);
    int pixels = width * height;
    return new RenderingGradient(
        uniform(r, pixels * 3),
        uniform(r, pixels),
        uniform(r, pixels),
        uniform(r, pixels * features));
  }

  private static float[] uniform(Random r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return a;
  }
}
