package dev.persona.core.raster;

import dev.persona.core.camera.PinholeCamera;

/** Cameras, meshes and geometry shared by the raster tests. */
final class RasterFixtures {
  private RasterFixtures() {}

  /** Camera at the world origin looking down +z (world axes are camera axes). */
  static PinholeCamera camera(int width, int height, double focal, double cx, double cy) {
    return new PinholeCamera(
        width,
        height,
        focal,
        focal,
        cx,
        cy,
        new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
  }

  /**
   * Camera at the origin with the given world-to-camera rotation (row-major 3x3) and translation.
   */
  static PinholeCamera posedCamera(
      int width, int height, double focal, double[] rotation, double[] translation) {
    double[] m = new double[16];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        m[r * 4 + c] = rotation[r * 3 + c];
      }
      m[r * 4 + 3] = translation[r];
    }
    m[15] = 1;
    return new PinholeCamera(width, height, focal, focal, width / 2.0, height / 2.0, m);
  }

  /** A rotation matrix (row-major) from axis-angle, Rodrigues' formula. */
  static double[] rotation(double ax, double ay, double az, double angle) {
    double n = Math.sqrt(ax * ax + ay * ay + az * az);
    double x = ax / n;
    double y = ay / n;
    double z = az / n;
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double t = 1 - c;
    return new double[] {
      t * x * x + c,
      t * x * y - s * z,
      t * x * z + s * y,
      t * x * y + s * z,
      t * y * y + c,
      t * y * z - s * x,
      t * x * z - s * y,
      t * y * z + s * x,
      t * z * z + c
    };
  }

  /** Single-threaded defaults. */
  static RasterOptions oneThread() {
    return RasterOptions.defaults().withThreads(1);
  }

  /**
   * Pixel coordinates (u, v) of vertex v seen by camera; assumes it lies in front of the camera.
   */
  static double[] project(PinholeCamera camera, float[] vertices, int v) {
    double[] p = new double[3];
    camera.worldToCameraPoint(vertices[v * 3], vertices[v * 3 + 1], vertices[v * 3 + 2], p);
    return new double[] {
      camera.fx() * p[0] / p[2] + camera.cx(), camera.fy() * p[1] / p[2] + camera.cy(), p[2]
    };
  }

  /** Index of pixel (x, y) in a row-major buffer of the given width. */
  static int pixel(int width, int x, int y) {
    return y * width + x;
  }
}
