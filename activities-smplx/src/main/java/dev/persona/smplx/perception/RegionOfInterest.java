package dev.persona.smplx.perception;

/**
 * A rotated rectangle on the photo that a model looks at, in photo pixels (x right, y down): the
 * {@code NormalizedRect} of MediaPipe, kept in pixels. The crop's own coordinates {@code (u, v)}
 * run over [0, 1] across it: {@code (0.5, 0.5)} is the centre, u along the rectangle's rotated x
 * axis, v along its rotated y axis.
 *
 * @param centerX centre, pixels
 * @param centerY centre, pixels
 * @param width extent along the rotated x axis, pixels
 * @param height extent along the rotated y axis, pixels
 * @param rotation radians; positive turns the rectangle's axes clockwise on screen (from x toward
 *     y), as MediaPipe's rect rotation
 */
public record RegionOfInterest(
    double centerX, double centerY, double width, double height, double rotation) {

  /** The full-body ROI scale of MediaPipe's {@code pose_detection_to_roi.pbtxt}. */
  public static final double POSE_ROI_SCALE = 1.25;

  /**
   * MediaPipe's {@code AlignmentPointsRectsCalculator} (centre at the hip-centre keypoint, size
   * twice its distance to the full-body scale point, rotated so that point is straight up) followed
   * by {@code RectTransformationCalculator} (square on the long side, then scaled).
   *
   * @param d a detection in photo pixels
   * @param scale enlargement of the square ({@link #POSE_ROI_SCALE})
   */
  public static RegionOfInterest fromDetection(PersonDetection d, double scale) {
    double x0 = d.keypointX(PersonDetection.HIP_CENTER);
    double y0 = d.keypointY(PersonDetection.HIP_CENTER);
    double x1 = d.keypointX(PersonDetection.FULL_BODY_SCALE);
    double y1 = d.keypointY(PersonDetection.FULL_BODY_SCALE);
    double size = 2 * Math.hypot(x1 - x0, y1 - y0);
    double rotation = normalizeRadians(Math.PI / 2 - Math.atan2(-(y1 - y0), x1 - x0));
    return new RegionOfInterest(x0, y0, size * scale, size * scale, rotation);
  }

  /**
   * The square that letterboxes a whole {@code width x height} photo (the detector's input):
   * centred, side the longer of the two, no rotation.
   */
  public static RegionOfInterest letterbox(int width, int height) {
    double side = Math.max(width, height);
    return new RegionOfInterest(width / 2.0, height / 2.0, side, side, 0);
  }

  /** Angle wrapped into [-pi, pi). */
  public static double normalizeRadians(double angle) {
    return angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
  }

  /** Crop coordinates (u, v) in [0, 1] to photo pixels {x, y}. */
  public double[] toImage(double u, double v) {
    double dx = (u - 0.5) * width;
    double dy = (v - 0.5) * height;
    double c = Math.cos(rotation);
    double s = Math.sin(rotation);
    return new double[] {centerX + c * dx - s * dy, centerY + s * dx + c * dy};
  }

  /** Photo pixels (x, y) to crop coordinates {u, v} (outside [0, 1] when outside the ROI). */
  public double[] toCrop(double x, double y) {
    double dx = x - centerX;
    double dy = y - centerY;
    double c = Math.cos(rotation);
    double s = Math.sin(rotation);
    return new double[] {(c * dx + s * dy) / width + 0.5, (-s * dx + c * dy) / height + 0.5};
  }
}
