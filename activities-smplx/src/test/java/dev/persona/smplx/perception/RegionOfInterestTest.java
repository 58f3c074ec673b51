package dev.persona.smplx.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegionOfInterestTest {
  private static final double EPS = 1e-9;

  private static PersonDetection withBodyKeypoints(double hx, double hy, double sx, double sy) {
    return new PersonDetection(
        0.9f, 0, 0, 1, 1, new float[] {(float) hx, (float) hy, (float) sx, (float) sy, 0, 0, 0, 0});
  }

  @Test
  void anUprightBodyGetsAnUnrotatedSquareAroundTheHipsScaled() {
    RegionOfInterest r =
        RegionOfInterest.fromDetection(withBodyKeypoints(100, 200, 100, 120), 1.25);
    assertEquals(100, r.centerX(), EPS);
    assertEquals(200, r.centerY(), EPS);
    assertEquals(2 * 80 * 1.25, r.width(), 1e-4);
    assertEquals(r.width(), r.height(), EPS);
    assertEquals(0, r.rotation(), 1e-7);
  }

  @Test
  void aBodyLyingHeadRightIsRotatedAQuarterTurnSoItsHeadIsUpInTheCrop() {
    RegionOfInterest r =
        RegionOfInterest.fromDetection(withBodyKeypoints(100, 200, 180, 200), 1.25);
    assertEquals(Math.PI / 2, r.rotation(), 1e-7);
    double[] top = r.toImage(0.5, 0); // the crop's top centre
    assertEquals(100 + 100, top[0], 1e-4);
    assertEquals(200, top[1], 1e-4);
  }

  @Test
  void aBodyLeaningUpLeftIsRotatedMinusAnEighthTurn() {
    double d = 80 / Math.sqrt(2);
    RegionOfInterest r =
        RegionOfInterest.fromDetection(withBodyKeypoints(100, 200, 100 - d, 200 - d), 1.0);
    assertEquals(-Math.PI / 4, r.rotation(), 1e-6);
    double[] top = r.toImage(0.5, 0);
    assertEquals(100 - d, top[0], 1e-3); // half the side (80) along the body's axis
    assertEquals(200 - d, top[1], 1e-3);
  }

  @Test
  void cropAndImageCoordinatesInvertEachOther() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int t = 0; t < 100; t++) {
      RegionOfInterest r =
          new RegionOfInterest(
              rnd.nextDouble(-50, 500),
              rnd.nextDouble(-50, 500),
              rnd.nextDouble(10, 400),
              rnd.nextDouble(10, 400),
              rnd.nextDouble(-4, 4));
      double u = rnd.nextDouble(-0.5, 1.5);
      double v = rnd.nextDouble(-0.5, 1.5);
      double[] p = r.toImage(u, v);
      double[] back = r.toCrop(p[0], p[1]);
      assertEquals(u, back[0], 1e-9);
      assertEquals(v, back[1], 1e-9);
    }
  }

  @Test
  void theCentreAndCornersLandWhereTheRectangleSays() {
    RegionOfInterest r = new RegionOfInterest(50, 60, 40, 20, Math.PI / 2);
    assertEquals(50, r.toImage(0.5, 0.5)[0], EPS);
    assertEquals(60, r.toImage(0.5, 0.5)[1], EPS);
    // Rotated a quarter turn clockwise: the crop's right edge (u = 1) points down the photo.
    assertEquals(50, r.toImage(1, 0.5)[0], 1e-9);
    assertEquals(80, r.toImage(1, 0.5)[1], 1e-9);
    // ...and its bottom edge (v = 1) points left.
    assertEquals(40, r.toImage(0.5, 1)[0], 1e-9);
    assertEquals(60, r.toImage(0.5, 1)[1], 1e-9);
  }

  @Test
  void normalizeRadiansWrapsIntoMinusPiToPi() {
    assertEquals(0.5, RegionOfInterest.normalizeRadians(0.5 + 4 * Math.PI), 1e-12);
    assertEquals(-Math.PI, RegionOfInterest.normalizeRadians(Math.PI), 1e-12);
    assertEquals(-0.5, RegionOfInterest.normalizeRadians(2 * Math.PI - 0.5), 1e-12);
  }
}
