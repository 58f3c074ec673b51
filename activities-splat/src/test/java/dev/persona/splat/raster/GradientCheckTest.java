package dev.persona.splat.raster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gradients of both rasterizers against central finite differences of the reference forward pass in
 * double precision, for every parameter of every Gaussian, on a small scene built to exercise the
 * hard parts: heavy overlap, a near-opaque Gaussian whose alpha hits the 0.99 clamp, a Gaussian
 * beyond the right edge of the frustum where the Jacobian's x/z clamp is active, SH degree 3 (and
 * 1), two feature channels, a coloured background and a loss on every output.
 *
 * <p>Step: 1e-6 per parameter (the actual step between the two float parameter values is used). The
 * rendered function is piecewise smooth; its cut-offs (3 sigma, alpha 1/255, T 1e-4) make jumps,
 * and a step of 1e-6 moves a Gaussian's footprint by about 2e-5 pixels, so a boundary crossing is
 * very unlikely; the scene is seeded, so the test is deterministic. Double rounding in a loss of
 * size ~100 contributes ~1e-8 to each difference quotient.
 *
 * <p>Tolerances: the reference's automatic-differentiation gradients (stored as float) must match
 * to 1e-4 relative to the larger of the value and 1e-3 of the group's largest magnitude (the
 * difference quotient's own truncation error is O(h^2) and negligible); the fast float path to 2e-3
 * of the group's largest magnitude per element, as in {@link FastVsReferenceTest}.
 */
class GradientCheckTest {
  static final int WIDTH = 32;
  static final int HEIGHT = 24;
  static final double STEP = 1e-6;

  /** SH degree 3 once; the antialiased variant uses degree 1 to keep the test quick. */
  @ParameterizedTest
  @CsvSource({"false, 3", "true, 1"})
  void everyParameterMatchesFiniteDifferences(boolean antialiased, int shDegree) {
    Gaussians g = scene(11, shDegree);
    PinholeCamera camera =
        new PinholeCamera(
            WIDTH,
            HEIGHT,
            68,
            68,
            16,
            12,
            new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
    RenderSettings settings =
        RenderSettings.defaults().withBackground(0.3f, 0.1f, 0.6f).withAntialiased(antialiased);
    RenderingGradient weights = TestScenes.gradient(5, WIDTH, HEIGHT, 2);
    ReferenceGaussianRasterizer reference = new ReferenceGaussianRasterizer();
    Rendering r = reference.render(g, camera, settings);
    boolean clamped = false;
    for (float a : r.alpha()) {
      // Only the clamp yields alpha 0.99 with one Gaussian in front of the background.
      clamped |= a >= 0.9899f;
    }
    assertTrue(clamped, "the 0.99 clamp must be active somewhere");
    GaussianGradients exact = reference.backward(r, weights);
    GaussianGradients fast;
    try (CpuGaussianRasterizer cpu = new CpuGaussianRasterizer()) {
      fast = cpu.backward(cpu.render(g, camera, settings), weights);
    }
    Function<Gaussians, Double> loss =
        x -> reference.weightedOutputSum(x, camera, settings, weights);
    check("means", g.means(), exact.means(), fast.means(), g, loss);
    check("logScales", g.logScales(), exact.logScales(), fast.logScales(), g, loss);
    check("rotations", g.rotations(), exact.rotations(), fast.rotations(), g, loss);
    check("opacityLogits", g.opacityLogits(), exact.opacityLogits(), fast.opacityLogits(), g, loss);
    check("sh", g.sh(), exact.sh(), fast.sh(), g, loss);
    check("features", g.features(), exact.features(), fast.features(), g, loss);
  }

  private static void check(
      String group,
      float[] params,
      float[] exact,
      float[] fast,
      Gaussians g,
      Function<Gaussians, Double> loss) {
    float[] numeric = new float[params.length];
    double max = 0;
    for (int i = 0; i < params.length; i++) {
      float original = params[i];
      float plus = (float) (original + STEP * Math.max(1, Math.abs(original)));
      float minus = (float) (original - STEP * Math.max(1, Math.abs(original)));
      params[i] = plus;
      double up = loss.apply(g);
      params[i] = minus;
      double down = loss.apply(g);
      params[i] = original;
      numeric[i] = (float) ((up - down) / ((double) plus - minus));
      max = Math.max(max, Math.abs(numeric[i]));
    }
    assertTrue(max > 0, group + ": the loss does not depend on this group");
    for (int i = 0; i < params.length; i++) {
      double tolerance = 1e-4 * Math.max(Math.abs(numeric[i]), 1e-3 * max);
      double diff = Math.abs(exact[i] - numeric[i]);
      int at = i;
      assertTrue(
          diff <= tolerance,
          () ->
              group
                  + "["
                  + at
                  + "]: automatic "
                  + exact[at]
                  + " vs finite difference "
                  + numeric[at]);
    }
    Compare.within(group + " (fast)", numeric, fast, 2e-3 * max);
  }

  /**
   * Ten Gaussians about 3 m in front of a camera at the origin, crowded into the middle of a 32x24
   * view (about 2-4 pixels standard deviation each), plus: Gaussian 0 large, in front and nearly
   * opaque (logit 6, so its alpha clamps at 0.99 near its centre); Gaussian 1 centred 5 pixels
   * beyond the right edge, where x/z exceeds the clamp limit 1.3 tan(fov/2) but its tail still
   * reaches into the image.
   */
  static Gaussians scene(long seed, int shDegree) {
    Random r = new Random(seed);
    int n = 10;
    Gaussians g = new Gaussians(n, shDegree, 2);
    int k3 = g.shCoefficients() * 3;
    for (int i = 0; i < n; i++) {
      g.means()[i * 3] = (float) ((r.nextDouble() - 0.5) * 0.6);
      g.means()[i * 3 + 1] = (float) ((r.nextDouble() - 0.5) * 0.4);
      g.means()[i * 3 + 2] = (float) (2.8 + r.nextDouble() * 0.4);
      for (int j = 0; j < 3; j++) {
        g.logScales()[i * 3 + j] = (float) Math.log(0.08 + 0.1 * r.nextDouble());
      }
      for (int j = 0; j < 4; j++) {
        g.rotations()[i * 4 + j] = (float) r.nextGaussian();
      }
      g.opacityLogits()[i] = (float) r.nextGaussian();
      for (int j = 0; j < k3; j++) {
        g.sh()[i * k3 + j] = (float) (r.nextGaussian() * (j < 3 ? 0.8 : 0.25));
      }
      g.features()[i * 2] = (float) r.nextDouble();
      g.features()[i * 2 + 1] = (float) r.nextDouble();
    }
    g.means()[2] = 2.5f;
    g.logScales()[0] = (float) Math.log(0.2);
    g.logScales()[1] = (float) Math.log(0.15);
    g.opacityLogits()[0] = 6;
    // u = 68 x / z + 16 = 37 at z = 3: x / z = 0.31 > 1.3 * 16 / 68 = 0.306.
    g.means()[3] = 0.926f;
    g.means()[4] = 0;
    g.means()[5] = 3;
    g.logScales()[3] = (float) Math.log(0.15);
    g.logScales()[4] = (float) Math.log(0.15);
    g.logScales()[5] = (float) Math.log(0.15);
    g.opacityLogits()[1] = 2;
    return g;
  }
}
