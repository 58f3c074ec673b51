package dev.persona.smplx.perception;

import java.util.List;

/**
 * What {@link BlazePose} found on one photo.
 *
 * @param person the detection of the person whose landmarks and mask follow (the largest one)
 * @param detections every person detected after non-maximum suppression, largest body first (so
 *     {@code detections.get(0) == person})
 * @param roi the rotated region the landmark model looked at, photo pixels
 * @param presence the landmark model's pose-presence score in [0, 1]
 * @param landmarks the 33 landmarks on the photo, and world landmarks
 * @param mask the person's segmentation, photo size
 * @param timings how long each step took
 */
public record PosePerceptionResult(
    PersonDetection person,
    List<PersonDetection> detections,
    RegionOfInterest roi,
    float presence,
    PoseLandmarks landmarks,
    PersonMask mask,
    Timings timings) {

  public PosePerceptionResult {
    detections = List.copyOf(detections);
  }

  /** People detected on the photo (at least 1). */
  public int personCount() {
    return detections.size();
  }

  /** More than one person was detected; the largest was kept. */
  public boolean multiplePeople() {
    return detections.size() > 1;
  }

  /**
   * Wall-clock milliseconds of each step.
   *
   * @param detection letterbox crop, detector inference, decoding and NMS
   * @param landmarks ROI crop, landmark inference and decoding
   * @param mask the segmentation's warp back onto the photo
   * @param total the whole call
   */
  public record Timings(double detection, double landmarks, double mask, double total) {}
}
