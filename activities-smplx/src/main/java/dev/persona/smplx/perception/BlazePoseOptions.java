package dev.persona.smplx.perception;

import dev.persona.smplx.models.MediaPipePoseModels.ModelFile;

/**
 * How {@link BlazePose} runs. {@link #DEFAULTS} follows MediaPipe's pose graphs except where noted.
 *
 * @param landmarkModel which landmark model: {@link LandmarkModel#FULL} (default) or {@link
 *     LandmarkModel#HEAVY} (more accurate, about 4x slower), {@link LandmarkModel#LITE}
 * @param minDetectionScore detections scoring below are dropped (0.5; MediaPipe's detector graph
 *     keeps 0.2 and its pose solution's {@code min_detection_confidence} defaults to 0.5)
 * @param nmsIouThreshold boxes overlapping more than this are merged (0.3)
 * @param minPresence the landmark model's pose-presence score below which no person is reported
 *     (0.5)
 * @param roiScale enlargement of the body's region of interest (1.25)
 * @param refineWithHeatmap move landmarks to the heatmap's local mean (MediaPipe does)
 */
public record BlazePoseOptions(
    LandmarkModel landmarkModel,
    float minDetectionScore,
    float nmsIouThreshold,
    float minPresence,
    double roiScale,
    boolean refineWithHeatmap) {

  /** The landmark model variants of {@code @mediapipe/pose}. */
  public enum LandmarkModel {
    LITE(ModelFile.LANDMARK_LITE),
    FULL(ModelFile.LANDMARK_FULL),
    HEAVY(ModelFile.LANDMARK_HEAVY);

    private final ModelFile file;

    LandmarkModel(ModelFile file) {
      this.file = file;
    }

    public ModelFile file() {
      return file;
    }
  }

  public static final BlazePoseOptions DEFAULTS =
      new BlazePoseOptions(
          LandmarkModel.FULL, 0.5f, 0.3f, 0.5f, RegionOfInterest.POSE_ROI_SCALE, true);

  public BlazePoseOptions {
    if (!(minDetectionScore >= 0 && minDetectionScore < 1)
        || !(minPresence >= 0 && minPresence < 1)) {
      throw new IllegalArgumentException("score thresholds must be in [0, 1)");
    }
    if (!(nmsIouThreshold > 0 && nmsIouThreshold < 1) || !(roiScale > 0)) {
      throw new IllegalArgumentException("need 0 < IoU threshold < 1 and ROI scale > 0");
    }
  }

  public BlazePoseOptions withLandmarkModel(LandmarkModel model) {
    return new BlazePoseOptions(
        model, minDetectionScore, nmsIouThreshold, minPresence, roiScale, refineWithHeatmap);
  }
}
