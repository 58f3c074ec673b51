package dev.persona.smplx.perception;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.image.Image;
import dev.persona.smplx.models.MediaPipePoseModels;
import dev.persona.smplx.models.MediaPipePoseModels.ModelFile;
import dev.persona.smplx.models.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * MediaPipe BlazePose on one photo, through DJL's TFLite engine: person detection, 33 landmarks
 * (image and metric world), and a person segmentation mask — MediaPipe's {@code pose_detection} and
 * {@code pose_landmark_by_roi} graphs in static-image mode, implemented here step by step:
 *
 * <ol>
 *   <li>the photo letterboxed into 224x224 (black bars), sRGB in [-1, 1] → {@code
 *       pose_detection.tflite} → boxes and 4 keypoints decoded against 2254 SSD anchors ({@link
 *       SsdAnchors}, {@link DetectionDecoder}), sigmoid scores, weighted NMS;
 *   <li>the largest person kept (MediaPipe keeps the best-scoring one; the count is reported);
 *   <li>its rotated, square region of interest from the hip-centre and full-body keypoints, scaled
 *       1.25 ({@link RegionOfInterest#fromDetection});
 *   <li>that region cropped to 256x256, sRGB in [0, 1] → {@code pose_landmark_full.tflite} (or
 *       lite/heavy) → pose-presence score, 39 landmarks refined on the 64x64 heatmap and projected
 *       back ({@link LandmarkDecoder}), world landmarks, and the 256x256 segmentation logits →
 *       sigmoid → warped back onto the photo ({@link RoiSampler#uncrop}).
 * </ol>
 *
 * <p>Photos come in as core {@link Image}s: linear RGB (RGBA is composited over mid grey), sRGB
 * encoded on the way into the models, which were trained on sRGB pixels.
 *
 * <p>Thread-safe: calls to {@link #perceive} are serialised (one TFLite interpreter per model).
 * Close it to free the native interpreters.
 */
public final class BlazePose implements AutoCloseable {
  /** The detector's input side, pixels. */
  public static final int DETECTOR_INPUT = 224;

  /** The landmark model's input side, pixels. */
  public static final int LANDMARK_INPUT = 256;

  private static final int HEATMAP = 64;
  private static final int SEGMENTATION = 256;

  private final BlazePoseOptions options;
  private final TfLiteModel detector;
  private final TfLiteModel landmarker;
  private final float[] anchors;

  private BlazePose(BlazePoseOptions options, TfLiteModel detector, TfLiteModel landmarker) {
    this.options = options;
    this.detector = detector;
    this.landmarker = landmarker;
    this.anchors = SsdAnchors.generate(SsdAnchors.POSE_DETECTION);
  }

  /**
   * Opens BlazePose with models from {@code models}, fetching them on first use.
   *
   * @throws ModelUnavailableException when the models cannot be had (the message says how to
   *     provide them by hand)
   * @throws EngineUnavailableException when DJL's TFLite engine cannot start
   */
  public static BlazePose open(MediaPipePoseModels models, BlazePoseOptions options)
      throws IOException {
    Path det = models.ensure(ModelFile.DETECTOR);
    Path lm = models.ensure(options.landmarkModel().file());
    return open(det, lm, options);
  }

  /** Opens BlazePose on the given model files (no fetching, no hash check). */
  public static BlazePose open(Path detectorModel, Path landmarkModel, BlazePoseOptions options)
      throws IOException {
    TfLiteModel det = TfLiteModel.load(detectorModel);
    try {
      return new BlazePose(options, det, TfLiteModel.load(landmarkModel));
    } catch (IOException | RuntimeException e) {
      det.close();
      throw e;
    }
  }

  public BlazePoseOptions options() {
    return options;
  }

  /**
   * Finds the person on {@code photo}: landmarks, mask, and every person detected.
   *
   * @param photo linear RGB or RGBA, upright (as {@code ImageIo.read} gives it)
   * @throws InvalidInputException with {@link Reason#NO_PERSON} when the detector finds nobody or
   *     the landmark model says no pose is present in the region it was given
   */
  public synchronized PosePerceptionResult perceive(Image photo) {
    if (photo.channels() != 3 && photo.channels() != 4) {
      throw new IllegalArgumentException(
          "need an RGB or RGBA photo, got " + photo.channels() + " channels");
    }
    long t0 = System.nanoTime();
    List<PersonDetection> people = detect(photo);
    if (people.isEmpty()) {
      throw new InvalidInputException(
          Reason.NO_PERSON,
          String.format(
              Locale.ROOT,
              "no person found on the %dx%d photo (no detection scored %.2f or more)",
              photo.width(),
              photo.height(),
              options.minDetectionScore()));
    }
    PersonDetection person = people.get(0);
    long t1 = System.nanoTime();

    RegionOfInterest roi = RegionOfInterest.fromDetection(person, options.roiScale());
    float[] input =
        RoiSampler.crop(photo, roi, LANDMARK_INPUT, RoiSampler.Border.REPLICATE, 0f, 1f);
    List<TfLiteModel.Output> out = landmarker.run(input, 1, LANDMARK_INPUT, LANDMARK_INPUT, 3);
    float presence = presenceScore(TfLiteModel.bySize(out, 1, "pose presence")[0]);
    if (presence < options.minPresence()) {
      throw new InvalidInputException(
          Reason.NO_PERSON,
          String.format(
              Locale.ROOT,
              "no person found on the photo: a person-like detection (score %.2f) was not"
                  + " confirmed by the landmark model (presence %.2f < %.2f)",
              person.score(),
              presence,
              options.minPresence()));
    }
    float[] raw =
        TfLiteModel.bySize(
            out, LandmarkDecoder.MODEL_LANDMARKS * LandmarkDecoder.VALUES, "landmark");
    float[] heatmap =
        options.refineWithHeatmap()
            ? TfLiteModel.bySize(
                out, (long) HEATMAP * HEATMAP * LandmarkDecoder.MODEL_LANDMARKS, "heatmap")
            : null;
    float[] world = TfLiteModel.bySize(out, LandmarkDecoder.MODEL_LANDMARKS * 3, "world landmark");
    PoseLandmarks landmarks =
        LandmarkDecoder.decode(raw, heatmap, HEATMAP, world, LANDMARK_INPUT, roi);
    long t2 = System.nanoTime();

    float[] logits = TfLiteModel.bySize(out, (long) SEGMENTATION * SEGMENTATION, "segmentation");
    float[] prob = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      prob[i] = LandmarkDecoder.sigmoid(logits[i]);
    }
    float[] onPhoto = RoiSampler.uncrop(prob, SEGMENTATION, roi, photo.width(), photo.height());
    PersonMask mask = new PersonMask(new Image(photo.width(), photo.height(), 1, onPhoto));
    long t3 = System.nanoTime();

    PosePerceptionResult.Timings timings =
        new PosePerceptionResult.Timings(
            (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6);
    return new PosePerceptionResult(person, people, roi, presence, landmarks, mask, timings);
  }

  /**
   * Runs the detector on the letterboxed photo.
   *
   * @return every person found, in photo pixels, largest body first
   */
  public synchronized List<PersonDetection> detect(Image photo) {
    RegionOfInterest square = RegionOfInterest.letterbox(photo.width(), photo.height());
    float[] input = RoiSampler.crop(photo, square, DETECTOR_INPUT, RoiSampler.Border.ZERO, -1f, 1f);
    List<TfLiteModel.Output> out = detector.run(input, 1, DETECTOR_INPUT, DETECTOR_INPUT, 3);
    int n = anchors.length / 4;
    float[] boxes = TfLiteModel.bySize(out, (long) n * DetectionDecoder.COORDS, "box");
    float[] scores = TfLiteModel.bySize(out, n, "score");
    List<PersonDetection> raw =
        DetectionDecoder.decode(
            boxes, scores, anchors, DETECTOR_INPUT, options.minDetectionScore());
    List<PersonDetection> merged = DetectionDecoder.weightedNms(raw, options.nmsIouThreshold());
    return DetectionDecoder.largestFirst(
        merged.stream().map(d -> DetectionDecoder.toImage(d, square)).toList());
  }

  /**
   * The (1, 1) pose-flag output as a probability. MediaPipe's graph thresholds it at 0.5 without an
   * activation, i.e. the model emits a probability; a value outside [0, 1] is taken for a logit and
   * passed through a sigmoid (not observed with the packaged models).
   */
  static float presenceScore(float flag) {
    return flag >= 0 && flag <= 1 ? flag : LandmarkDecoder.sigmoid(flag);
  }

  @Override
  public void close() {
    try {
      landmarker.close();
    } finally {
      detector.close();
    }
  }
}
