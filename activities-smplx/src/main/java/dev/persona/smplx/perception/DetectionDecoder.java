package dev.persona.smplx.perception;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the detector's raw tensors into person detections, as MediaPipe's {@code
 * TensorsToDetectionsCalculator} (box and keypoint decoding against SSD anchors, sigmoid scores)
 * and {@code NonMaxSuppressionCalculator} (weighted non-maximum suppression on intersection over
 * union) do with the options of {@code pose_detection_cpu.pbtxt}.
 *
 * <p>Coordinates here are fractions of the model input (the letterboxed 224x224 square), x right, y
 * down; {@link BlazePose} maps them back to photo pixels.
 */
public final class DetectionDecoder {
  /** Values per anchor in the box tensor: box (4) then 4 keypoints (x, y). */
  public static final int COORDS = 12;

  private static final int KEYPOINT_OFFSET = 4;
  private static final float SCORE_CLIP = 100f;

  private DetectionDecoder() {}

  /**
   * Decodes every anchor whose score passes {@code minScore}.
   *
   * @param boxes {@code [N * 12]} the raw regressors, per anchor x, y, w, h then keypoint x, y
   *     pairs, in input pixels relative to the anchor ({@code reverse_output_order}: x before y)
   * @param logits {@code [N]} raw class scores (logits)
   * @param anchors {@code [N * 4]} from {@link SsdAnchors#generate}
   * @param inputSize the model's input side, pixels (the scale of the regressors: 224)
   * @param minScore keep detections with {@code sigmoid(logit) >= minScore}
   * @return detections in input fractions, in anchor order
   */
  public static List<PersonDetection> decode(
      float[] boxes, float[] logits, float[] anchors, float inputSize, float minScore) {
    int n = logits.length;
    if (boxes.length != n * COORDS || anchors.length != n * 4) {
      throw new IllegalArgumentException(
          "tensor sizes disagree: "
              + boxes.length
              + " box values, "
              + n
              + " scores, "
              + anchors.length / 4
              + " anchors");
    }
    List<PersonDetection> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float logit = Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, logits[i]));
      float score = (float) (1.0 / (1.0 + Math.exp(-logit)));
      if (score < minScore) {
        continue;
      }
      int b = i * COORDS;
      float ax = anchors[i * 4];
      float ay = anchors[i * 4 + 1];
      float aw = anchors[i * 4 + 2];
      float ah = anchors[i * 4 + 3];
      float cx = boxes[b] / inputSize * aw + ax;
      float cy = boxes[b + 1] / inputSize * ah + ay;
      float w = boxes[b + 2] / inputSize * aw;
      float h = boxes[b + 3] / inputSize * ah;
      if (!(w > 0) || !(h > 0)) {
        continue; // degenerate box
      }
      float[] kp = new float[PersonDetection.KEYPOINTS * 2];
      for (int k = 0; k < PersonDetection.KEYPOINTS; k++) {
        kp[2 * k] = boxes[b + KEYPOINT_OFFSET + 2 * k] / inputSize * aw + ax;
        kp[2 * k + 1] = boxes[b + KEYPOINT_OFFSET + 2 * k + 1] / inputSize * ah + ay;
      }
      out.add(new PersonDetection(score, cx - w / 2, cy - h / 2, w, h, kp));
    }
    return out;
  }

  /**
   * Weighted non-maximum suppression: take the best-scoring detection left, gather every remaining
   * detection overlapping it by more than {@code iouThreshold} (itself included), and replace it by
   * their score-weighted mean box and keypoints, keeping the best score; repeat on the rest.
   *
   * @return the merged detections, best score first
   */
  public static List<PersonDetection> weightedNms(
      List<PersonDetection> detections, float iouThreshold) {
    List<PersonDetection> remaining = new ArrayList<>(detections);
    remaining.sort(Comparator.comparingDouble(PersonDetection::score).reversed());
    List<PersonDetection> out = new ArrayList<>();
    while (!remaining.isEmpty()) {
      PersonDetection best = remaining.get(0);
      List<PersonDetection> rest = new ArrayList<>();
      double total = 0;
      double xMin = 0;
      double yMin = 0;
      double xMax = 0;
      double yMax = 0;
      double[] kp = new double[PersonDetection.KEYPOINTS * 2];
      for (PersonDetection d : remaining) {
        if (iou(best, d) > iouThreshold) {
          double s = d.score();
          total += s;
          xMin += s * d.xMin();
          yMin += s * d.yMin();
          xMax += s * (d.xMin() + d.width());
          yMax += s * (d.yMin() + d.height());
          float[] dk = d.keypoints();
          for (int k = 0; k < kp.length; k++) {
            kp[k] += s * dk[k];
          }
        } else {
          rest.add(d);
        }
      }
      float[] merged = new float[kp.length];
      for (int k = 0; k < kp.length; k++) {
        merged[k] = (float) (kp[k] / total);
      }
      out.add(
          new PersonDetection(
              best.score(),
              (float) (xMin / total),
              (float) (yMin / total),
              (float) ((xMax - xMin) / total),
              (float) ((yMax - yMin) / total),
              merged));
      remaining = rest;
    }
    return out;
  }

  /** Intersection over union of two boxes; 0 when either is empty. */
  public static double iou(PersonDetection a, PersonDetection b) {
    double ix = Math.min(a.xMin() + a.width(), b.xMin() + b.width()) - Math.max(a.xMin(), b.xMin());
    double iy =
        Math.min(a.yMin() + a.height(), b.yMin() + b.height()) - Math.max(a.yMin(), b.yMin());
    if (ix <= 0 || iy <= 0) {
      return 0;
    }
    double inter = ix * iy;
    double union = (double) a.width() * a.height() + (double) b.width() * b.height() - inter;
    return union > 0 ? inter / union : 0;
  }

  /**
   * Maps a detection from the input square to photo pixels, given the square's placement on the
   * photo (the letterbox, as a region of interest without rotation).
   */
  public static PersonDetection toImage(PersonDetection d, RegionOfInterest square) {
    float[] kp = d.keypoints();
    float[] out = new float[kp.length];
    for (int k = 0; k < PersonDetection.KEYPOINTS; k++) {
      double[] p = square.toImage(kp[2 * k], kp[2 * k + 1]);
      out[2 * k] = (float) p[0];
      out[2 * k + 1] = (float) p[1];
    }
    double[] corner = square.toImage(d.xMin(), d.yMin());
    return new PersonDetection(
        d.score(),
        (float) corner[0],
        (float) corner[1],
        (float) (d.width() * square.width()),
        (float) (d.height() * square.height()),
        out);
  }

  /** Sorts detections by body size, largest first (stable for equal sizes). */
  public static List<PersonDetection> largestFirst(List<PersonDetection> detections) {
    PersonDetection[] a = detections.toArray(new PersonDetection[0]);
    Arrays.sort(a, Comparator.comparingDouble(PersonDetection::bodyRadius).reversed());
    return List.of(a);
  }
}
