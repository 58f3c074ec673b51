package dev.persona.smplx.perception;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One person found by the BlazePose detector, in the photo's pixel coordinates (x right, y down,
 * pixel centres at integer + 0.5). The detector's box is the person's face box; the body is located
 * by the four keypoints.
 *
 * @param score detector confidence in [0, 1] (sigmoid of the model's logit)
 * @param xMin left edge of the (face) box, pixels
 * @param yMin top edge of the box, pixels
 * @param width box width, pixels
 * @param height box height, pixels
 * @param keypoints {@code [4 * 2]} x, y of: {@link #HIP_CENTER}, {@link #FULL_BODY_SCALE} (a point
 *     whose distance from the hip centre encodes the body's size and whose direction its rotation),
 *     {@link #SHOULDER_CENTER}, {@link #UPPER_BODY_SCALE}
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals/hashCode compare contents
public record PersonDetection(
    float score, float xMin, float yMin, float width, float height, float[] keypoints) {
  public static final int HIP_CENTER = 0;
  public static final int FULL_BODY_SCALE = 1;
  public static final int SHOULDER_CENTER = 2;
  public static final int UPPER_BODY_SCALE = 3;
  public static final int KEYPOINTS = 4;

  public PersonDetection {
    if (keypoints.length != KEYPOINTS * 2) {
      throw new IllegalArgumentException("need 8 keypoint coordinates, got " + keypoints.length);
    }
    keypoints = keypoints.clone();
  }

  @Override
  public float[] keypoints() {
    return keypoints.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PersonDetection d
        && Float.compare(score, d.score) == 0
        && Float.compare(xMin, d.xMin) == 0
        && Float.compare(yMin, d.yMin) == 0
        && Float.compare(width, d.width) == 0
        && Float.compare(height, d.height) == 0
        && Arrays.equals(keypoints, d.keypoints);
  }

  @Override
  public int hashCode() {
    return Objects.hash(score, xMin, yMin, width, height, Arrays.hashCode(keypoints));
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "PersonDetection[score=%.3f, box=(%.1f, %.1f, %.1f x %.1f), keypoints=%s]",
        score,
        xMin,
        yMin,
        width,
        height,
        Arrays.toString(keypoints));
  }

  public float keypointX(int k) {
    return keypoints[2 * k];
  }

  public float keypointY(int k) {
    return keypoints[2 * k + 1];
  }

  /**
   * The body's size on the photo: the distance from the hip centre to the full-body scale point,
   * pixels (about half the body's height for a standing person). Used to pick the largest person.
   */
  public double bodyRadius() {
    return Math.hypot(
        keypointX(FULL_BODY_SCALE) - keypointX(HIP_CENTER),
        keypointY(FULL_BODY_SCALE) - keypointY(HIP_CENTER));
  }
}
