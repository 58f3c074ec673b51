package dev.persona.splat.raster;

import dev.persona.core.camera.PinholeCamera;

/**
 * A pinhole camera unpacked into the scalars the projection uses, computed once per render: the
 * world-to-camera rotation W (row-major 3x3) and translation t, the camera centre -W^T t, the
 * intrinsics, and the limits of x/z and y/z beyond which the perspective Jacobian is clamped (1.3
 * times the half field of view on each side, generalised as gsplat does to an off-centre principal
 * point).
 */
final class CameraFrame {
  final int width;
  final int height;
  final double fx;
  final double fy;
  final double cx;
  final double cy;

  /** {@code [9]} world-to-camera rotation, row-major. */
  final double[] rotation = new double[9];

  /** {@code [3]} world-to-camera translation, metres. */
  final double[] translation = new double[3];

  /** {@code [3]} camera centre in world coordinates, metres. */
  final double[] center = new double[3];

  final double limitXPositive;
  final double limitXNegative;
  final double limitYPositive;
  final double limitYNegative;

  CameraFrame(PinholeCamera camera) {
    width = camera.width();
    height = camera.height();
    fx = camera.fx();
    fy = camera.fy();
    cx = camera.cx();
    cy = camera.cy();
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        rotation[r * 3 + c] = camera.worldToCamera(r, c);
      }
      translation[r] = camera.worldToCamera(r, 3);
    }
    double[] centre = camera.cameraCenter();
    System.arraycopy(centre, 0, center, 0, 3);
    // 3DGS clamps x/z to 1.3 tan(fovx / 2); gsplat extends each side separately by 0.3 tan(fovx/2)
    // past the image edge, which is the same for a centred principal point.
    double tanHalfFovX = 0.5 * width / fx;
    double tanHalfFovY = 0.5 * height / fy;
    limitXPositive = (width - cx) / fx + 0.3 * tanHalfFovX;
    limitXNegative = cx / fx + 0.3 * tanHalfFovX;
    limitYPositive = (height - cy) / fy + 0.3 * tanHalfFovY;
    limitYNegative = cy / fy + 0.3 * tanHalfFovY;
  }
}
