package dev.persona.core.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import org.junit.jupiter.api.Test;

class ShadingTest {

  /** Intensities are a few double operations: exact up to double rounding. */
  private static final double EPS = 1e-12;

  @Test
  void lambertPlusAmbient() {
    Shading shading = new Shading(new double[] {0, 0, 2}, 0.2, 0.7);
    assertEquals(0.9, shading.intensity(0, 0, 5), EPS);
    assertEquals(0.2, shading.intensity(1, 0, 0), EPS);
    assertEquals(0.2, shading.intensity(0, 0, -1), EPS);
    assertEquals(0.2 + 0.7 * Math.cos(Math.PI / 3), shading.intensity(Math.sqrt(3), 0, 1), EPS);
    assertEquals(0.2, shading.intensity(0, 0, 0), EPS);
  }

  @Test
  void headlightLightsTheSphereCentreFullyAndLeavesBackgroundTransparent() {
    RasterMesh sphere = RasterBenchmark.uvSphere(30, 40, 1.0);
    // Camera 3 m in front of the sphere along world +z, looking back at it (180 degrees about y).
    PinholeCamera camera =
        RasterFixtures.posedCamera(
            64, 64, 60, RasterFixtures.rotation(0, 1, 0, Math.PI), new double[] {0, 0, 3});
    RasterResult result =
        new MeshRasterizer(RasterFixtures.oneThread().withSamples(2)).rasterize(sphere, camera);
    Image image = Shading.headlight(camera).shade(result, 0, 0.8f, 0.6f, 0.4f);
    // The centre pixel's interpolated normal points at the camera within the tessellation's
    // faceting (30 x 40 segments: a few degrees), so intensity is 1 to within 1%.
    assertEquals(0.8f, image.get(32, 32, 0), 0.01f);
    assertEquals(0.6f, image.get(32, 32, 1), 0.01f);
    assertEquals(1f, image.get(32, 32, 3));
    assertEquals(0f, image.get(0, 0, 3));
    assertEquals(0f, image.get(0, 0, 0));
    // Towards the limb the surface turns away from the light and darkens, but not below ambient.
    float limb = image.get(32 + 20, 32, 0);
    assertEquals(1f, image.get(32 + 20, 32, 3));
    assertTrue(limb < 0.6f && limb >= 0.8f * 0.25f - 1e-6f, "limb " + limb);
  }
}
