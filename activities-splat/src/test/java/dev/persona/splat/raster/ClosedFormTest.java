package dev.persona.splat.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases, run through both rasterizers. Camera at the origin looking down +z, f = 100
 * px, 64x64, principal point (32, 32). Float tolerance 1e-6 for values in [0, 1] (a few float
 * operations of relative error 6e-8) and 1e-5 m for depths of 2-3 m.
 */
class ClosedFormTest {
  static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
  static final PinholeCamera CAMERA = new PinholeCamera(64, 64, 100, 100, 32, 32, IDENTITY);
  static final double TOLERANCE = 1e-6;

  static List<GaussianRasterizer> rasterizers() {
    return List.of(new CpuGaussianRasterizer(), new ReferenceGaussianRasterizer());
  }

  /** One isotropic Gaussian of scale s at depth z on the optical axis. */
  static Gaussians isotropic(double z, double scale, double opacityLogit) {
    Gaussians g = new Gaussians(1, 0, 1);
    g.means()[2] = (float) z;
    for (int j = 0; j < 3; j++) {
      g.logScales()[j] = (float) Math.log(scale);
    }
    g.rotations()[0] = 1;
    g.opacityLogits()[0] = (float) opacityLogit;
    g.setBaseColor(0, 0.8f, 0.4f, 0.2f);
    g.features()[0] = 0.7f;
    return g;
  }

  @Test
  void isotropicGaussianFacingTheCamera() {
    double z = 2;
    double s = 0.05;
    // On the axis the Jacobian is diag(f/z) (its z column vanishes), so Sigma2D = (f s / z)^2 I +
    // 0.3 I: sigma_px^2 = 2.5^2 + 0.3 = 6.55.
    double sigma2 = Math.pow(100 * s / z, 2) + 0.3;
    for (boolean antialiased : new boolean[] {false, true}) {
      // Antialiased: opacity times sqrt(det M / det(M + 0.3 I)) = 6.25 / 6.55.
      double opacity = 0.5 * (antialiased ? 6.25 / 6.55 : 1);
      Gaussians g = isotropic(z, s, 0);
      for (GaussianRasterizer raster : rasterizers()) {
        Rendering r =
            raster.render(g, CAMERA, RenderSettings.defaults().withAntialiased(antialiased));
        int inside = 0;
        for (int y = 0; y < 64; y++) {
          for (int x = 0; x < 64; x++) {
            double dx = x + 0.5 - 32;
            double dy = y + 0.5 - 32;
            double power = 0.5 * (dx * dx + dy * dy) / sigma2;
            double alpha = opacity * Math.exp(-power);
            boolean drawn = power <= 4.5 && alpha >= 1.0 / 255;
            double expected = drawn ? alpha : 0;
            int p = y * 64 + x;
            assertEquals(expected, r.alpha()[p], TOLERANCE, raster + " alpha at " + x + "," + y);
            assertEquals(expected * 0.8, r.color()[p * 3], TOLERANCE, "red");
            assertEquals(expected * 0.4, r.color()[p * 3 + 1], TOLERANCE, "green");
            assertEquals(expected * 0.7, r.features()[p], TOLERANCE, "feature");
            assertEquals(drawn ? z : 0, r.depth()[p], 1e-5, "depth");
            inside += drawn ? 1 : 0;
          }
        }
        // The 3-sigma disc of radius 3 * 2.56 px holds about pi * 7.7^2 = 185 pixel centres.
        assertTrue(inside > 150 && inside < 220, "pixels drawn: " + inside);
      }
    }
  }

  @Test
  void opaqueFrontGaussianHidesTheOneBehind() {
    Gaussians g = new Gaussians(2, 0, 1);
    for (int i = 0; i < 2; i++) {
      g.means()[i * 3 + 2] = i == 0 ? 2 : 3;
      for (int j = 0; j < 3; j++) {
        // Back (index 0) 0.6 m at 3 m, front 0.4 m at 2 m: both 20 px standard deviation.
        g.logScales()[i * 3 + j] = (float) Math.log(i == 0 ? 0.6 : 0.4);
      }
      g.rotations()[i * 4] = 1;
      g.opacityLogits()[i] = 12;
    }
    // Listed back first, so that order comes from depth and not from the index.
    g.means()[2] = 3;
    g.means()[5] = 2;
    g.setBaseColor(0, 0, 1, 0);
    g.setBaseColor(1, 1, 0, 0);
    g.features()[0] = 0.25f;
    g.features()[1] = 0.75f;
    RenderSettings settings = RenderSettings.defaults().withBackground(0, 0, 1);
    for (GaussianRasterizer raster : rasterizers()) {
      Rendering r = raster.render(g, CAMERA, settings);
      // Within 2.2 px of the centre (power <= 0.006) both alphas clamp at 0.99 (float 0.99f):
      // the front one leaves T = 0.01, the back one would take T to 1e-4, just below the 1e-4
      // threshold in float, so it is not drawn at all.
      for (int y = 30; y < 34; y++) {
        for (int x = 30; x < 34; x++) {
          int p = y * 64 + x;
          double front = 0.99f;
          assertEquals(front, r.alpha()[p], TOLERANCE, raster + " alpha");
          assertEquals(front, r.color()[p * 3], TOLERANCE, "red: the front colour");
          assertEquals(0, r.color()[p * 3 + 1], TOLERANCE, "green: none of the back colour");
          assertEquals(1 - front, r.color()[p * 3 + 2], TOLERANCE, "blue: background * T");
          assertEquals(2, r.depth()[p], 1e-5, "depth: the front depth");
          assertEquals(front * 0.75, r.features()[p], TOLERANCE, "feature of the front one");
        }
      }
    }
  }

  @Test
  void emptySceneIsTheBackground() {
    Gaussians g = new Gaussians(0, 2, 3);
    RenderSettings settings = RenderSettings.defaults().withBackground(0.1f, 0.2f, 0.3f);
    for (GaussianRasterizer raster : rasterizers()) {
      Rendering r = raster.render(g, CAMERA, settings);
      for (int p = 0; p < 64 * 64; p++) {
        assertEquals(0.1f, r.color()[p * 3]);
        assertEquals(0.2f, r.color()[p * 3 + 1]);
        assertEquals(0.3f, r.color()[p * 3 + 2]);
        assertEquals(0f, r.alpha()[p]);
        assertEquals(0f, r.depth()[p]);
        assertEquals(1f, r.finalTransmittance()[p]);
      }
      for (float f : r.features()) {
        assertEquals(0f, f);
      }
      GaussianGradients grads = raster.backward(r, TestScenes.gradient(1, 64, 64, 3));
      assertEquals(0, grads.count());
    }
  }

  @Test
  void gaussiansOutsideTheClippingRangeContributeNothing() {
    // 5 mm in front of the camera (near plane 1 cm), behind the camera, and beyond a 10 m far
    // plane: each would cover the whole image if drawn.
    Gaussians g = new Gaussians(3, 0, 0);
    float[] depths = {0.005f, -1f, 20f};
    for (int i = 0; i < 3; i++) {
      g.means()[i * 3 + 2] = depths[i];
      for (int j = 0; j < 3; j++) {
        g.logScales()[i * 3 + j] = (float) Math.log(i == 2 ? 5 : 0.01);
      }
      g.rotations()[i * 4] = 1;
      g.opacityLogits()[i] = 5;
    }
    RenderSettings settings =
        RenderSettings.defaults().withBackground(0.5f, 0.5f, 0.5f).withPlanes(0.01, 10);
    for (GaussianRasterizer raster : rasterizers()) {
      Rendering r = raster.render(g, CAMERA, settings);
      for (int p = 0; p < 64 * 64; p++) {
        assertEquals(0f, r.alpha()[p]);
        assertEquals(0.5f, r.color()[p * 3]);
      }
      GaussianGradients grads = raster.backward(r, TestScenes.gradient(2, 64, 64, 0));
      for (float v : grads.means()) {
        assertEquals(0f, v);
      }
      for (float v : grads.opacityLogits()) {
        assertEquals(0f, v);
      }
    }
  }
}
