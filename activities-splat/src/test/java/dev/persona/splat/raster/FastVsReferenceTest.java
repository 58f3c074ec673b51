package dev.persona.splat.raster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tiled float rasterizer against the untiled double-precision reference whose gradients come
 * from automatic differentiation: random overlapping scenes of 50-200 Gaussians at 64x48, every SH
 * degree, two feature channels, a coloured background, both antialiasing modes, a loss gradient on
 * every output.
 *
 * <p>Tolerances. Images: colour, alpha and features are sums of at most ~100 float products of
 * values in [0, 1] with float transmittance; float rounding (6e-8 relative per operation) keeps
 * them within 1e-6, so 5e-6 is a bound with headroom that still catches any wrong term (the
 * smallest contribution that is composited is 1/255 x the smallest weight). Depth is S / alpha in
 * metres (~3 m): the division by small alphas amplifies the error, 1e-4 m. Gradients: the fast path
 * sums per-pixel float partials over hundreds of pixels and recovers transmittance by division, so
 * groups agree to ~2e-5 relative; we allow 2e-4 in relative L2 norm and 2e-3 of the group's largest
 * magnitude per element, still far below the size of any missing or wrong chain-rule term.
 */
class FastVsReferenceTest {
  static final double IMAGE_TOLERANCE = 5e-6;
  static final double DEPTH_TOLERANCE = 1e-4;
  static final double GRADIENT_RELATIVE = 2e-4;
  static final double GRADIENT_ELEMENT = 2e-3;

  @ParameterizedTest
  @CsvSource({
    "1, 50, 0, false",
    "2, 120, 1, true",
    "3, 200, 2, false",
    "4, 150, 3, true",
    "5, 200, 3, false"
  })
  void imagesAndGradientsAgree(long seed, int count, int shDegree, boolean antialiased) {
    Gaussians g = TestScenes.random(seed, count, shDegree, 2);
    PinholeCamera camera = TestScenes.camera(64, 48);
    RenderSettings settings =
        RenderSettings.defaults().withBackground(0.2f, 0.3f, 0.4f).withAntialiased(antialiased);
    RenderingGradient dLoss = TestScenes.gradient(seed + 100, 64, 48, 2);
    try (CpuGaussianRasterizer fast = new CpuGaussianRasterizer()) {
      ReferenceGaussianRasterizer reference = new ReferenceGaussianRasterizer();
      Rendering a = fast.render(g, camera, settings);
      Rendering b = reference.render(g, camera, settings);
      Compare.within("colour", b.color(), a.color(), IMAGE_TOLERANCE);
      Compare.within("alpha", b.alpha(), a.alpha(), IMAGE_TOLERANCE);
      Compare.within("features", b.features(), a.features(), IMAGE_TOLERANCE);
      Compare.within("depth", b.depth(), a.depth(), DEPTH_TOLERANCE);
      // The scene must really overlap: many pixels composite several Gaussians.
      int layered = 0;
      for (float t : a.finalTransmittance()) {
        layered += t < 0.2f ? 1 : 0;
      }
      assertTrue(layered > 50, "scene too sparse: " + layered + " nearly opaque pixels");

      GaussianGradients ga = fast.backward(a, dLoss);
      GaussianGradients gb = reference.backward(b, dLoss);
      check("means", gb.means(), ga.means());
      check("logScales", gb.logScales(), ga.logScales());
      check("rotations", gb.rotations(), ga.rotations());
      check("opacityLogits", gb.opacityLogits(), ga.opacityLogits());
      check("sh", gb.sh(), ga.sh());
      check("features", gb.features(), ga.features());
      check("meanScreenGradNorm", gb.meanScreenGradNorm(), ga.meanScreenGradNorm());
      check("meanScreenAbsGradNorm", gb.meanScreenAbsGradNorm(), ga.meanScreenAbsGradNorm());
    }
  }

  private static void check(String what, float[] expected, float[] actual) {
    Compare.gradients(what, expected, actual, GRADIENT_RELATIVE, GRADIENT_ELEMENT);
  }
}
