package dev.persona.core.camera;

import java.util.Arrays;

/**
 * A pinhole camera in OpenCV axes: x right, y down, z forward (into the scene). Intrinsics in
 * pixels; pixel centres lie at integer + 0.5, so the centre of the top-left pixel is (0.5, 0.5).
 * Extrinsics are a 4x4 world-to-camera matrix, row-major. World units are metres.
 *
 * <p>This is the camera object of the dataset layout and the bench scene ({@code width, height, fx,
 * fy, cx, cy, world_to_camera}). Immutable.
 */
public final class PinholeCamera {
  private final int width;
  private final int height;
  private final double fx;
  private final double fy;
  private final double cx;
  private final double cy;
  private final double[] worldToCamera;

  /**
   * @param worldToCamera 16 values, row-major; the last row must be (0, 0, 0, 1). Copied.
   */
  public PinholeCamera(
      int width, int height, double fx, double fy, double cx, double cy, double[] worldToCamera) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("camera size must be positive: " + width + "x" + height);
    }
    if (!(fx > 0) || !(fy > 0)) {
      throw new IllegalArgumentException("focal lengths must be positive: " + fx + ", " + fy);
    }
    if (worldToCamera.length != 16) {
      throw new IllegalArgumentException("world_to_camera needs 16 values");
    }
    this.width = width;
    this.height = height;
    this.fx = fx;
    this.fy = fy;
    this.cx = cx;
    this.cy = cy;
    this.worldToCamera = worldToCamera.clone();
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public double fx() {
    return fx;
  }

  public double fy() {
    return fy;
  }

  public double cx() {
    return cx;
  }

  public double cy() {
    return cy;
  }

  /** A copy of the 4x4 row-major world-to-camera matrix. */
  public double[] worldToCamera() {
    return worldToCamera.clone();
  }

  /** Element (row, col) of the world-to-camera matrix, without copying. */
  public double worldToCamera(int row, int col) {
    return worldToCamera[row * 4 + col];
  }

  /**
   * Transforms a world point into camera coordinates.
   *
   * @param dest receives (x, y, z) in camera axes, metres
   */
  public void worldToCameraPoint(double x, double y, double z, double[] dest) {
    double[] m = worldToCamera;
    dest[0] = m[0] * x + m[1] * y + m[2] * z + m[3];
    dest[1] = m[4] * x + m[5] * y + m[6] * z + m[7];
    dest[2] = m[8] * x + m[9] * y + m[10] * z + m[11];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PinholeCamera c
        && width == c.width
        && height == c.height
        && fx == c.fx
        && fy == c.fy
        && cx == c.cx
        && cy == c.cy
        && Arrays.equals(worldToCamera, c.worldToCamera);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(worldToCamera) * 31 + Double.hashCode(fx) + 7 * width + 13 * height;
  }

  @Override
  public String toString() {
    return "PinholeCamera["
        + width
        + "x"
        + height
        + ", fx="
        + fx
        + ", fy="
        + fy
        + ", cx="
        + cx
        + ", cy="
        + cy
        + "]";
  }
}
