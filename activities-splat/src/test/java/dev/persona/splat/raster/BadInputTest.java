package dev.persona.splat.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import org.junit.jupiter.api.Test;

/** Bad input fails with a clear exception in both rasterizers, never with garbage output. */
class BadInputTest {
  static final PinholeCamera CAMERA = TestScenes.camera(32, 24);

  @Test
  void nonFiniteParameterOrZeroQuaternionIsMalformed() {
    for (GaussianRasterizer raster : ClosedFormTest.rasterizers()) {
      Gaussians nan = TestScenes.random(1, 10, 1, 1);
      nan.means()[3 * 3 + 1] = Float.NaN;
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> raster.render(nan, CAMERA, RenderSettings.defaults()));
      assertEquals(InvalidInputException.Reason.MALFORMED, e.reason());
      assertTrue(e.getMessage().contains("Gaussian 3"), e.getMessage());

      Gaussians infiniteSh = TestScenes.random(1, 10, 1, 1);
      infiniteSh.sh()[7 * 12 + 5] = Float.POSITIVE_INFINITY;
      e =
          assertThrows(
              InvalidInputException.class,
              () -> raster.render(infiniteSh, CAMERA, RenderSettings.defaults()));
      assertTrue(e.getMessage().contains("Gaussian 7"), e.getMessage());

      Gaussians zeroRotation = TestScenes.random(1, 10, 1, 1);
      for (int j = 0; j < 4; j++) {
        zeroRotation.rotations()[2 * 4 + j] = 0;
      }
      e =
          assertThrows(
              InvalidInputException.class,
              () -> raster.render(zeroRotation, CAMERA, RenderSettings.defaults()));
      assertTrue(e.getMessage().contains("Gaussian 2"), e.getMessage());
    }
  }

  @Test
  void wrongLengthArraysAreRefused() {
    // The Gaussians' arrays are checked when the set is built (and are final after that).
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Gaussians(
                2,
                0,
                0,
                new float[5],
                new float[6],
                new float[8],
                new float[2],
                new float[6],
                new float[0]));
    for (GaussianRasterizer raster : ClosedFormTest.rasterizers()) {
      Gaussians g = TestScenes.random(2, 10, 0, 1);
      Rendering r = raster.render(g, CAMERA, RenderSettings.defaults());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> raster.backward(r, RenderingGradient.ofColor(new float[32 * 24])));
      assertTrue(e.getMessage().contains("color"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () ->
              raster.backward(
                  r, TestScenes.gradient(1, 32, 24, 1), new GaussianGradients(9, 0, 1)));
    }
  }

  @Test
  void renderingFromAnotherRasterizerIsRefused() {
    Gaussians g = TestScenes.random(3, 10, 0, 0);
    try (CpuGaussianRasterizer a = new CpuGaussianRasterizer();
        CpuGaussianRasterizer b = new CpuGaussianRasterizer()) {
      Rendering r = a.render(g, CAMERA, RenderSettings.defaults());
      assertThrows(
          IllegalArgumentException.class, () -> b.backward(r, TestScenes.gradient(1, 32, 24, 0)));
      assertThrows(
          IllegalArgumentException.class,
          () -> new ReferenceGaussianRasterizer().backward(r, TestScenes.gradient(1, 32, 24, 0)));
    }
  }

  @Test
  void badCameraAndSettingsAreRefused() {
    // A camera of size 0 cannot be built, so no rasterizer ever sees one.
    assertThrows(
        IllegalArgumentException.class,
        () -> new PinholeCamera(0, 24, 10, 10, 0, 12, ClosedFormTest.IDENTITY));
    assertThrows(IllegalArgumentException.class, () -> RenderSettings.defaults().withThreads(0));
    assertThrows(
        IllegalArgumentException.class, () -> RenderSettings.defaults().withPlanes(1, 0.5));
    assertThrows(
        IllegalArgumentException.class,
        () -> RenderSettings.defaults().withBackground(Float.NaN, 0, 0));
    PinholeCamera huge = new PinholeCamera(100_000, 100_000, 10, 10, 0, 0, ClosedFormTest.IDENTITY);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                new CpuGaussianRasterizer()
                    .render(new Gaussians(1, 0, 0), huge, RenderSettings.defaults()));
    assertEquals(InvalidInputException.Reason.TOO_LARGE, e.reason());
  }
}
