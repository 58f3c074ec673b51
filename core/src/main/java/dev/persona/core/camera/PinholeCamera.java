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

  /**
   * Projects a world point to pixel coordinates: {@code u = fx * x / z + cx}, {@code v = fy * y / z
   * + cy} with {@code (x, y, z)} the point in camera axes (pixel centres at integer + 0.5).
   *
   * @param world3 {@code [3]} world point, metres
   * @param destPixel2 {@code [2]} receives (u, v) in pixels; meaningless when the returned depth is
   *     not positive (the point is behind the camera or on its plane)
   * @return the camera-space depth {@code z}, metres
   */
  public double project(double[] world3, double[] destPixel2) {
    double[] m = worldToCamera;
    double x = world3[0];
    double y = world3[1];
    double z = world3[2];
    double cxCam = m[0] * x + m[1] * y + m[2] * z + m[3];
    double cyCam = m[4] * x + m[5] * y + m[6] * z + m[7];
    double czCam = m[8] * x + m[9] * y + m[10] * z + m[11];
    destPixel2[0] = fx * cxCam / czCam + cx;
    destPixel2[1] = fy * cyCam / czCam + cy;
    return czCam;
  }

  /**
   * The Jacobian of the projection with respect to the camera-space point, {@code d(u, v) / d(x, y,
   * z)}: {@code [[fx/z, 0, -fx x/z^2], [0, fy/z, -fy y/z^2]]}. Chain it with the world-to-camera
   * rotation (or the body's own derivatives) when fitting.
   *
   * @param camera3 {@code [3]} the point in camera axes, metres, {@code z != 0}
   * @param dest2x3 {@code [6]} receives the 2x3 Jacobian row-major, pixels per metre
   */
  public void projectJacobian(double[] camera3, double[] dest2x3) {
    double invZ = 1.0 / camera3[2];
    double invZ2 = invZ * invZ;
    dest2x3[0] = fx * invZ;
    dest2x3[1] = 0;
    dest2x3[2] = -fx * camera3[0] * invZ2;
    dest2x3[3] = 0;
    dest2x3[4] = fy * invZ;
    dest2x3[5] = -fy * camera3[1] * invZ2;
  }

  /**
   * The world point seen at pixel (u, v) at camera-space depth {@code depth} (the z coordinate in
   * camera axes, not the distance along the ray). Inverse of {@link #project}.
   *
   * @param destWorld3 {@code [3]} receives the world point, metres
   */
  public void unproject(double u, double v, double depth, double[] destWorld3) {
    double xc = (u - cx) / fx * depth;
    double yc = (v - cy) / fy * depth;
    cameraToWorldPoint(xc, yc, depth, destWorld3);
  }

  /**
   * The unit direction, in world axes, of the ray from the camera centre through pixel (u, v).
   *
   * @param dest3 {@code [3]} receives the direction (unit length, world axes)
   */
  public void rayDirection(double u, double v, double[] dest3) {
    double xc = (u - cx) / fx;
    double yc = (v - cy) / fy;
    double invNorm = 1.0 / Math.sqrt(xc * xc + yc * yc + 1.0);
    xc *= invNorm;
    yc *= invNorm;
    double zc = invNorm;
    // A direction rotates by R^T only: the translation does not apply.
    double[] m = worldToCamera;
    dest3[0] = m[0] * xc + m[4] * yc + m[8] * zc;
    dest3[1] = m[1] * xc + m[5] * yc + m[9] * zc;
    dest3[2] = m[2] * xc + m[6] * yc + m[10] * zc;
  }

  /** The camera centre in world coordinates, {@code -R^T t}, metres. A new array of 3. */
  public double[] cameraCenter() {
    double[] c = new double[3];
    cameraToWorldPoint(0, 0, 0, c);
    return c;
  }

  /**
   * The 4x4 row-major camera-to-world matrix: the inverse of the rigid world-to-camera matrix in
   * closed form, {@code [R^T, -R^T t; 0, 1]}. Assumes the rotation block is orthonormal, as it is
   * for every camera this class builds and every camera in our datasets.
   */
  public double[] cameraToWorld() {
    double[] m = worldToCamera;
    double[] inv = new double[16];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        inv[r * 4 + c] = m[c * 4 + r];
      }
    }
    double[] center = cameraCenter();
    inv[3] = center[0];
    inv[7] = center[1];
    inv[11] = center[2];
    inv[15] = 1;
    return inv;
  }

  /**
   * Transforms a point from camera axes to world coordinates, {@code R^T (p - t)}.
   *
   * @param dest receives (x, y, z) in world coordinates, metres
   */
  public void cameraToWorldPoint(double x, double y, double z, double[] dest) {
    double[] m = worldToCamera;
    double px = x - m[3];
    double py = y - m[7];
    double pz = z - m[11];
    dest[0] = m[0] * px + m[4] * py + m[8] * pz;
    dest[1] = m[1] * px + m[5] * py + m[9] * pz;
    dest[2] = m[2] * px + m[6] * py + m[10] * pz;
  }

  /**
   * The same camera for an image of another size: the intrinsics scale with the image. With pixel
   * centres at integer + 0.5 the image spans {@code [0, width]} continuously, so scaling {@code fx}
   * and {@code cx} by {@code newWidth / width} (and y likewise) is exact: every world point lands
   * at the same fraction of the image.
   */
  public PinholeCamera withSize(int newWidth, int newHeight) {
    double sx = (double) newWidth / width;
    double sy = (double) newHeight / height;
    return new PinholeCamera(
        newWidth, newHeight, fx * sx, fy * sy, cx * sx, cy * sy, worldToCamera);
  }

  /**
   * A camera with square pixels, the principal point at the image centre and the given vertical
   * field of view (the full angle between the top and bottom image edges).
   *
   * @param worldToCamera {@code [16]} row-major rigid transform; copied
   */
  public static PinholeCamera fromFov(
      int width, int height, double verticalFovDegrees, double[] worldToCamera) {
    if (!(verticalFovDegrees > 0 && verticalFovDegrees < 180)) {
      throw new IllegalArgumentException(
          "vertical field of view must be in (0, 180) degrees: " + verticalFovDegrees);
    }
    double f = 0.5 * height / Math.tan(Math.toRadians(verticalFovDegrees) * 0.5);
    return new PinholeCamera(width, height, f, f, 0.5 * width, 0.5 * height, worldToCamera);
  }

  /**
   * A camera at {@code eye3} looking at {@code target3}, with the world direction {@code up3} shown
   * pointing up in the image. In OpenCV axes the camera's z axis is the viewing direction {@code f
   * = normalize(target3 - eye3)}, its x axis (image right) is {@code normalize(f x up)} and its y
   * axis (image down) is {@code f x right}, so world up maps to camera -y. Square pixels, principal
   * point at the image centre.
   *
   * @param eye3 {@code [3]} camera centre, world metres
   * @param target3 {@code [3]} point that projects to the image centre, world metres
   * @param up3 {@code [3]} world up direction, any length, not parallel to the viewing direction
   */
  public static PinholeCamera lookAt(
      double[] eye3,
      double[] target3,
      double[] up3,
      int width,
      int height,
      double verticalFovDegrees) {
    double[] forward = {target3[0] - eye3[0], target3[1] - eye3[1], target3[2] - eye3[2]};
    if (!normalize(forward, 1e-12)) {
      throw new IllegalArgumentException("eye and target coincide");
    }
    double[] up = up3.clone();
    if (!normalize(up, 1e-12)) {
      throw new IllegalArgumentException("up is the zero vector");
    }
    double[] right = cross(forward, up);
    // |f x up| is the sine of the angle between them; below 1e-9 the right axis is noise.
    if (!normalize(right, 1e-9)) {
      throw new IllegalArgumentException("up is parallel to the viewing direction");
    }
    double[] down = cross(forward, right);
    return fromFov(width, height, verticalFovDegrees, rigid(right, down, forward, eye3));
  }

  /**
   * A camera on a sphere around {@code target3}, looking at it with world +y up in the image. Eye
   * position: {@code target3 + distance * (cos(el) sin(az), sin(el), cos(el) cos(az))}. Azimuth 0
   * puts the camera on +z looking toward -z, facing a body that faces +z; positive azimuth moves it
   * toward +x (a turn about +y); positive elevation raises it to look down. The camera's image
   * right axis is {@code (cos az, 0, -sin az)} whatever the elevation, so the poles (elevation
   * +-90) are well defined.
   *
   * @param target3 {@code [3]} world point at the image centre, metres
   * @param distance metres from the target to the camera centre, positive
   */
  public static PinholeCamera orbit(
      double[] target3,
      double distance,
      double azimuthDegrees,
      double elevationDegrees,
      int width,
      int height,
      double verticalFovDegrees) {
    if (!(distance > 0)) {
      throw new IllegalArgumentException("orbit distance must be positive: " + distance);
    }
    double az = Math.toRadians(azimuthDegrees);
    double el = Math.toRadians(elevationDegrees);
    double cosEl = Math.cos(el);
    double[] outward = {cosEl * Math.sin(az), Math.sin(el), cosEl * Math.cos(az)};
    double[] eye = {
      target3[0] + distance * outward[0],
      target3[1] + distance * outward[1],
      target3[2] + distance * outward[2]
    };
    double[] forward = {-outward[0], -outward[1], -outward[2]};
    double[] right = {Math.cos(az), 0, -Math.sin(az)};
    double[] down = cross(forward, right);
    return fromFov(width, height, verticalFovDegrees, rigid(right, down, forward, eye));
  }

  /** World-to-camera {@code [R, -R eye]} with the camera axes (in world coordinates) as rows. */
  private static double[] rigid(double[] xAxis, double[] yAxis, double[] zAxis, double[] eye) {
    double[][] rows = {xAxis, yAxis, zAxis};
    double[] m = new double[16];
    for (int r = 0; r < 3; r++) {
      double[] a = rows[r];
      m[r * 4] = a[0];
      m[r * 4 + 1] = a[1];
      m[r * 4 + 2] = a[2];
      m[r * 4 + 3] = -(a[0] * eye[0] + a[1] * eye[1] + a[2] * eye[2]);
    }
    m[15] = 1;
    return m;
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {
      a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
    };
  }

  /** Normalises in place; false (and unchanged) when the length is not above {@code minLength}. */
  private static boolean normalize(double[] a, double minLength) {
    double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    if (!(n > minLength)) {
      return false;
    }
    a[0] /= n;
    a[1] /= n;
    a[2] /= n;
    return true;
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
