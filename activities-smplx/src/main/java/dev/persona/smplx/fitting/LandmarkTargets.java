package dev.persona.smplx.fitting;

import dev.persona.smplx.perception.PoseLandmarks;

/**
 * The landmarks a fit aims at: pixel positions and a confidence per landmark, and BlazePose's
 * metric world landmarks when there are any.
 *
 * <p>Confidence is BlazePose's visibility, set to 0 when its presence is below {@value
 * #MIN_PRESENCE} or the point lies outside the photo (BlazePose extrapolates cut-off parts; they
 * must not pull the body), and below {@value #MIN_CONFIDENCE} (noise, not evidence).
 *
 * @param x {@code [33]} pixels
 * @param y {@code [33]} pixels
 * @param confidence {@code [33]} in [0, 1]
 * @param world {@code [33*3]} metres, camera axes, hip-centred; empty when unknown
 */
@SuppressWarnings("ArrayRecordComponent") // read-only inputs of the objective
public record LandmarkTargets(double[] x, double[] y, double[] confidence, double[] world) {
  public static final double MIN_PRESENCE = 0.5;
  public static final double MIN_CONFIDENCE = 0.2;

  /** Targets from landmarks seen on a {@code width x height} photo. */
  public static LandmarkTargets of(PoseLandmarks landmarks, int width, int height) {
    int n = PoseLandmarks.COUNT;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = landmarks.x(i);
      y[i] = landmarks.y(i);
      boolean inside = x[i] >= 0 && y[i] >= 0 && x[i] <= width && y[i] <= height;
      double v = landmarks.visibility(i);
      c[i] =
          inside && landmarks.presence(i) >= MIN_PRESENCE && v >= MIN_CONFIDENCE
              ? Math.min(1, v)
              : 0;
    }
    double[] world = new double[landmarks.hasWorld() ? n * 3 : 0];
    for (int i = 0; i < world.length; i++) {
      world[i] = landmarks.world(i / 3, i % 3);
    }
    return new LandmarkTargets(x, y, c, world);
  }

  public boolean hasWorld() {
    return world.length != 0;
  }

  /**
   * The person's size on the photo, pixels: the larger extent of the confident landmarks' box (head
   * to heels standing, hand to hand in a T-pose), at least 16. Reprojection and silhouette
   * residuals are divided by it, so the weights do not depend on the photo's resolution.
   */
  public double personSize() {
    double x0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      if (confidence[i] > 0) {
        x0 = Math.min(x0, x[i]);
        x1 = Math.max(x1, x[i]);
        y0 = Math.min(y0, y[i]);
        y1 = Math.max(y1, y[i]);
      }
    }
    double size = Math.max(x1 - x0, y1 - y0);
    return Double.isFinite(size) ? Math.max(16, size) : 16;
  }
}
