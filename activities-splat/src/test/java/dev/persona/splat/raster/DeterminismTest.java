package dev.persona.splat.raster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import org.junit.jupiter.api.Test;

/**
 * Images and gradients are bit-identical for 1, 2 and 3 threads (and across repeated calls of one
 * instance): 4,000 overlapping Gaussians at 160x120, so that work is split across many tiles and
 * many Gaussians span several tiles whose partial gradients are reduced.
 */
class DeterminismTest {
  @Test
  void sameBitsForAnyThreadCount() {
    Gaussians g = TestScenes.random(77, 4000, 2, 2);
    PinholeCamera camera = TestScenes.camera(160, 120);
    RenderingGradient dLoss = TestScenes.gradient(78, 160, 120, 2);
    Rendering first = null;
    GaussianGradients firstGrads = null;
    try (CpuGaussianRasterizer raster = new CpuGaussianRasterizer()) {
      for (int threads : new int[] {1, 2, 3, 2}) {
        RenderSettings settings =
            RenderSettings.defaults().withBackground(0.1f, 0.5f, 0.9f).withThreads(threads);
        Rendering r = raster.render(g, camera, settings);
        GaussianGradients grads = raster.backward(r, dLoss);
        if (first == null) {
          first = r;
          firstGrads = grads;
          continue;
        }
        String t = threads + " threads: ";
        assertArrayEquals(first.color(), r.color(), t + "colour");
        assertArrayEquals(first.alpha(), r.alpha(), t + "alpha");
        assertArrayEquals(first.depth(), r.depth(), t + "depth");
        assertArrayEquals(first.features(), r.features(), t + "features");
        assertArrayEquals(first.lastContributor(), r.lastContributor(), t + "last contributor");
        assertEquals(first.evaluations(), r.evaluations(), t + "evaluations");
        assertArrayEquals(firstGrads.means(), grads.means(), t + "means");
        assertArrayEquals(firstGrads.logScales(), grads.logScales(), t + "logScales");
        assertArrayEquals(firstGrads.rotations(), grads.rotations(), t + "rotations");
        assertArrayEquals(firstGrads.opacityLogits(), grads.opacityLogits(), t + "opacity");
        assertArrayEquals(firstGrads.sh(), grads.sh(), t + "sh");
        assertArrayEquals(firstGrads.features(), grads.features(), t + "features");
        assertArrayEquals(
            firstGrads.meanScreenGradNorm(), grads.meanScreenGradNorm(), t + "grad norm");
        assertArrayEquals(
            firstGrads.meanScreenAbsGradNorm(), grads.meanScreenAbsGradNorm(), t + "abs norm");
      }
    }
  }
}
