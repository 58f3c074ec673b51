package dev.persona.core.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PinholeCameraTest {
  /** Double-precision arithmetic on values of order 1-1000: round-off stays far below this. */
  private static final double EXACT = 1e-9;

  /**
   * Central differences with step h have truncation error O(h^2 * |d3u|) ~ 1e-8 here and round-off
   * O(eps * |u| / h) ~ 1e-10; 1e-6 pixels per metre leaves a wide margin and still catches any
   * wrong term (the smallest Jacobian entries are of order 10).
   */
  private static final double FD_TOLERANCE = 1e-6;

  private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

  @Test
  void projectsAPointToTheHandComputedPixel() {
    // Camera at world (0, 0, -1) looking along +z: world_to_camera translates z by +1.
    double[] w2c = IDENTITY.clone();
    w2c[11] = 1;
    PinholeCamera camera = new PinholeCamera(64, 48, 100, 120, 32, 24, w2c);
    double[] pixel = new double[2];
    double depth = camera.project(new double[] {0.5, -0.25, 1}, pixel);
    // Camera point (0.5, -0.25, 2): u = 100 * 0.25 + 32 = 57, v = 120 * -0.125 + 24 = 9.
    assertEquals(2, depth, EXACT);
    assertArrayEquals(new double[] {57, 9}, pixel, EXACT);
    assertArrayEquals(new double[] {0, 0, -1}, camera.cameraCenter(), EXACT);
  }

  @Test
  void unprojectInvertsProject() {
    Random random = new Random(7);
    double[] pixel = new double[2];
    double[] back = new double[3];
    for (int trial = 0; trial < 50; trial++) {
      PinholeCamera camera = randomCamera(random);
      double[] world = {random.nextGaussian() * 0.3, random.nextGaussian() * 0.5, 0};
      double depth = camera.project(world, pixel);
      assertTrue(depth > 0);
      camera.unproject(pixel[0], pixel[1], depth, back);
      assertArrayEquals(world, back, EXACT);
    }
  }

  @Test
  void rayDirectionPointsFromTheCentreThroughThePixel() {
    Random random = new Random(11);
    double[] ray = new double[3];
    double[] point = new double[3];
    for (int trial = 0; trial < 20; trial++) {
      PinholeCamera camera = randomCamera(random);
      double u = random.nextDouble() * camera.width();
      double v = random.nextDouble() * camera.height();
      camera.rayDirection(u, v, ray);
      camera.unproject(u, v, 1.7, point);
      double[] c = camera.cameraCenter();
      double[] d = {point[0] - c[0], point[1] - c[1], point[2] - c[2]};
      double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
      assertArrayEquals(new double[] {d[0] / n, d[1] / n, d[2] / n}, ray, EXACT);
    }
  }

  @Test
  void cameraToWorldIsTheInverse() {
    Random random = new Random(3);
    for (int trial = 0; trial < 10; trial++) {
      PinholeCamera camera = randomCamera(random);
      double[] a = camera.worldToCamera();
      double[] b = camera.cameraToWorld();
      double[] product = new double[16];
      for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
          for (int k = 0; k < 4; k++) {
            product[r * 4 + c] += b[r * 4 + k] * a[k * 4 + c];
          }
        }
      }
      assertArrayEquals(IDENTITY, product, EXACT);
    }
  }

  @Test
  void lookAtPutsTheTargetAtTheCentreAndUpUpward() {
    double[] eye = {1.5, 2.0, 3.0};
    double[] target = {0.1, 0.9, -0.2};
    double[] up = {0, 1, 0};
    PinholeCamera camera = PinholeCamera.lookAt(eye, target, up, 640, 480, 40);
    double[] pixel = new double[2];

    double depth = camera.project(target, pixel);
    double distance = Math.sqrt(1.4 * 1.4 + 1.1 * 1.1 + 3.2 * 3.2);
    assertEquals(distance, depth, EXACT);
    assertArrayEquals(new double[] {320, 240}, pixel, EXACT);
    assertArrayEquals(eye, camera.cameraCenter(), EXACT);

    // A point above the target (world +y) appears above the image centre (smaller v).
    camera.project(new double[] {target[0], target[1] + 0.2, target[2]}, pixel);
    assertTrue(pixel[1] < 240 - 10, "up should map to -v, got v=" + pixel[1]);

    // Seen from +x+z, the world direction (1, 0, -1) (perpendicular to the view, horizontal) is
    // image right.
    camera.project(new double[] {target[0] + 0.1, target[1], target[2] - 0.1}, pixel);
    assertTrue(pixel[0] > 320 + 5, "right should map to +u, got u=" + pixel[0]);

    assertThrows(
        IllegalArgumentException.class,
        () -> PinholeCamera.lookAt(new double[] {0, 3, 0}, new double[3], up, 64, 64, 40));
  }

  @Test
  void fromFovMapsTheHalfAngleToTheImageEdge() {
    PinholeCamera camera = PinholeCamera.fromFov(200, 100, 60, IDENTITY);
    double[] pixel = new double[2];
    // A point 30 degrees above the optical axis lies on the top edge (v = 0).
    camera.project(new double[] {0, -Math.tan(Math.toRadians(30)), 1}, pixel);
    assertArrayEquals(new double[] {100, 0}, pixel, EXACT);
    assertEquals(camera.fx(), camera.fy(), 0);
  }

  @Test
  void withSizeKeepsEveryPointAtTheSameImageFraction() {
    PinholeCamera camera = randomCamera(new Random(5));
    PinholeCamera half = camera.withSize(camera.width() / 2, camera.height() / 2);
    double[] world = {0.05, 0.1, 0.02};
    double[] full = new double[2];
    double[] small = new double[2];
    camera.project(world, full);
    half.project(world, small);
    assertEquals(full[0] / camera.width(), small[0] / half.width(), EXACT);
    assertEquals(full[1] / camera.height(), small[1] / half.height(), EXACT);
  }

  @Test
  void projectJacobianMatchesCentralDifferences() {
    PinholeCamera camera = new PinholeCamera(640, 480, 500, 520, 300, 250, IDENTITY);
    double[] jacobian = new double[6];
    double[] plus = new double[2];
    double[] minus = new double[2];
    double h = 1e-5;
    Random random = new Random(13);
    for (int trial = 0; trial < 20; trial++) {
      double[] p = {
        random.nextGaussian() * 0.4, random.nextGaussian() * 0.4, 1 + random.nextDouble()
      };
      camera.projectJacobian(p, jacobian);
      for (int k = 0; k < 3; k++) {
        double[] a = p.clone();
        double[] b = p.clone();
        a[k] += h;
        b[k] -= h;
        // With an identity extrinsic the world point is the camera point.
        camera.project(a, plus);
        camera.project(b, minus);
        assertEquals((plus[0] - minus[0]) / (2 * h), jacobian[k], FD_TOLERANCE, "du/d" + k);
        assertEquals((plus[1] - minus[1]) / (2 * h), jacobian[3 + k], FD_TOLERANCE, "dv/d" + k);
      }
    }
  }

  @Test
  void orbitLandsWhereExpected() {
    double[] target = {0.1, 1.0, -0.3};
    double[] pixel = new double[2];
    double d = 2.5;

    PinholeCamera front = PinholeCamera.orbit(target, d, 0, 0, 512, 512, 30);
    assertArrayEquals(new double[] {0.1, 1.0, 2.2}, front.cameraCenter(), EXACT);
    front.project(target, pixel);
    assertArrayEquals(new double[] {256, 256}, pixel, EXACT);
    // Facing a body that faces +z, the body's +x side (its left) is on the image right.
    front.project(new double[] {0.2, 1.0, -0.3}, pixel);
    assertTrue(pixel[0] > 256 + 5);
    front.project(new double[] {0.1, 1.1, -0.3}, pixel);
    assertTrue(pixel[1] < 256 - 5);

    PinholeCamera side = PinholeCamera.orbit(target, d, 90, 0, 512, 512, 30);
    assertArrayEquals(new double[] {2.6, 1.0, -0.3}, side.cameraCenter(), EXACT);
    side.project(target, pixel);
    assertArrayEquals(new double[] {256, 256}, pixel, EXACT);
    // From +x, the world -z direction is on the image right.
    side.project(new double[] {0.1, 1.0, -0.4}, pixel);
    assertTrue(pixel[0] > 256 + 5);

    PinholeCamera back = PinholeCamera.orbit(target, d, 180, 0, 512, 512, 30);
    assertArrayEquals(new double[] {0.1, 1.0, -2.8}, back.cameraCenter(), EXACT);
    back.project(new double[] {0.2, 1.0, -0.3}, pixel);
    assertTrue(pixel[0] < 256 - 5, "from behind, +x is on the image left");

    PinholeCamera above = PinholeCamera.orbit(target, d, 0, 90, 512, 512, 30);
    assertArrayEquals(new double[] {0.1, 3.5, -0.3}, above.cameraCenter(), EXACT);
    above.project(target, pixel);
    assertArrayEquals(new double[] {256, 256}, pixel, EXACT);
    // Looking straight down with azimuth 0, world +x is still image right, -z image up.
    above.project(new double[] {0.2, 1.0, -0.3}, pixel);
    assertTrue(pixel[0] > 256 + 5);
    above.project(new double[] {0.1, 1.0, -0.4}, pixel);
    assertTrue(pixel[1] < 256 - 5);
  }

  /** An orbit camera at a random angle around a point near the origin, with uneven intrinsics. */
  private static PinholeCamera randomCamera(Random random) {
    double[] target = {random.nextGaussian() * 0.1, random.nextGaussian() * 0.1, 0};
    PinholeCamera orbit =
        PinholeCamera.orbit(
            target,
            2 + random.nextDouble(),
            random.nextDouble() * 360 - 180,
            random.nextDouble() * 60 - 30,
            300 + random.nextInt(200),
            400 + random.nextInt(200),
            25 + random.nextDouble() * 30);
    return new PinholeCamera(
        orbit.width(),
        orbit.height(),
        orbit.fx() * 1.1,
        orbit.fy(),
        orbit.cx() + 3.5,
        orbit.cy() - 2.25,
        orbit.worldToCamera());
  }
}
