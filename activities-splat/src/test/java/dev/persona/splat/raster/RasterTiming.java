package dev.persona.splat.raster;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Timing of the fast rasterizer on a body-sized scene: 100,000 small flat Gaussians on the surface
 * of an ellipsoid 1.7 m tall, 512x512. Not a test: it runs only with {@code -Dpersona.bench=true}
 * and prints figures (surefire does not pick the class up by default; run it with {@code
 * -Dtest=RasterTiming}); {@code ./persona bench raster} is the supported benchmark.
 */
class RasterTiming {
  @Test
  void timeForwardAndBackward() {
    Assumptions.assumeTrue(Boolean.getBoolean("persona.bench"), "set -Dpersona.bench=true");
    int n = Integer.getInteger("persona.bench.gaussians", 100_000);
    int threads = Integer.getInteger("persona.bench.threads", 2);
    Gaussians g = ellipsoidScene(n, 42);
    PinholeCamera camera =
        PinholeCamera.lookAt(
            new double[] {0, 0, 2.5}, new double[] {0, 0, 0}, new double[] {0, 1, 0}, 512, 512, 45);
    RenderSettings settings = RenderSettings.defaults().withThreads(threads);
    float[] target = new float[512 * 512 * 3];
    Arrays.fill(target, 0.5f);
    try (CpuGaussianRasterizer raster = new CpuGaussianRasterizer()) {
      GaussianGradients grads = new GaussianGradients(n, g.shDegree(), g.featureChannels());
      int iters = Integer.getInteger("persona.bench.iters", 20);
      double[] fwd = new double[iters];
      double[] bwd = new double[iters];
      Rendering r = null;
      for (int it = -5; it < iters; it++) {
        long t0 = System.nanoTime();
        r = raster.render(g, camera, settings);
        long t1 = System.nanoTime();
        float[] d = new float[target.length];
        for (int j = 0; j < d.length; j++) {
          d[j] = 2 * (r.color()[j] - target[j]) / d.length;
        }
        long t2 = System.nanoTime();
        raster.backward(r, RenderingGradient.ofColor(d), grads);
        long t3 = System.nanoTime();
        if (it >= 0) {
          fwd[it] = (t1 - t0) / 1e6;
          bwd[it] = (t3 - t2) / 1e6;
        }
      }
      Arrays.sort(fwd);
      Arrays.sort(bwd);
      double covered = 0;
      for (float a : r.alpha()) {
        covered += a > 0.5f ? 1 : 0;
      }
      System.out.printf(
          "gaussians %d threads %d: forward min %.1f median %.1f ms; backward min %.1f median %.1f"
              + " ms; evaluations %d; pixels covered %.0f%n",
          n, threads, fwd[0], fwd[iters / 2], bwd[0], bwd[iters / 2], r.evaluations(), covered);
    }
  }

  /** Flat Gaussians tangent to an ellipsoid with semi-axes 0.25 x 0.85 x 0.15 m. */
  static Gaussians ellipsoidScene(int n, long seed) {
    Random random = new Random(seed);
    Gaussians g = new Gaussians(n, 3, 0);
    double[] axes = {0.25, 0.85, 0.15};
    double spacing = Math.sqrt(2.2 / n);
    for (int i = 0; i < n; i++) {
      double x;
      double y;
      double z;
      double len;
      do {
        x = random.nextGaussian();
        y = random.nextGaussian();
        z = random.nextGaussian();
        len = Math.sqrt(x * x + y * y + z * z);
      } while (len < 1e-9);
      g.means()[i * 3] = (float) (axes[0] * x / len);
      g.means()[i * 3 + 1] = (float) (axes[1] * y / len);
      g.means()[i * 3 + 2] = (float) (axes[2] * z / len);
      double s = spacing * (0.6 + 0.8 * random.nextDouble());
      g.logScales()[i * 3] = (float) Math.log(s);
      g.logScales()[i * 3 + 1] = (float) Math.log(s);
      g.logScales()[i * 3 + 2] = (float) Math.log(s * 0.2);
      for (int j = 0; j < 4; j++) {
        g.rotations()[i * 4 + j] = (float) random.nextGaussian();
      }
      g.opacityLogits()[i] = (float) (1 + random.nextGaussian());
      g.setBaseColor(i, 0.8f, 0.6f, 0.5f);
    }
    return g;
  }
}
