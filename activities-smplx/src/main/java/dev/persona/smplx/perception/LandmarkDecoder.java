package dev.persona.smplx.perception;

/**
 * Turns the landmark model's raw tensors into {@link PoseLandmarks} on the photo, as MediaPipe's
 * {@code pose_landmark_by_roi} post-processing does: {@code TensorsToLandmarksCalculator} (39
 * landmarks of x, y, z, visibility, presence; coordinates divided by the 256-pixel input, sigmoid
 * on visibility and presence), {@code RefineLandmarksFromHeatmapCalculator} (kernel 7, refine when
 * the kernel's peak confidence reaches 0.5), {@code LandmarkProjectionCalculator} (crop to photo
 * through the ROI) and {@code WorldLandmarkProjectionCalculator} (world landmarks rotated by the
 * ROI's rotation). The 6 auxiliary landmarks (33..38) are dropped.
 */
public final class LandmarkDecoder {
  /** Landmarks in the model's output, the 33 body ones then 6 auxiliary. */
  public static final int MODEL_LANDMARKS = 39;

  /** Values per landmark in the (1, 195) tensor. */
  public static final int VALUES = 5;

  /** Heatmap refinement window, heatmap cells. */
  public static final int KERNEL = 7;

  /** Peak heatmap confidence needed before a landmark is moved to the heatmap's mean. */
  public static final float MIN_CONFIDENCE_TO_REFINE = 0.5f;

  private LandmarkDecoder() {}

  /**
   * Decodes the landmarks.
   *
   * @param landmarks {@code [39 * 5]} raw x, y, z (input pixels), visibility and presence logits
   * @param heatmap {@code [hm * hm * 39]} HWC logits (64 x 64), or null to skip refinement
   * @param heatmapSize side of the heatmap, cells
   * @param world {@code [39 * 3]} metres, in the crop's rotated frame
   * @param inputSize the model's input side, pixels (256)
   * @param roi where the crop was taken from
   */
  public static PoseLandmarks decode(
      float[] landmarks,
      float[] heatmap,
      int heatmapSize,
      float[] world,
      int inputSize,
      RegionOfInterest roi) {
    int n = PoseLandmarks.COUNT;
    float[] u = new float[MODEL_LANDMARKS];
    float[] v = new float[MODEL_LANDMARKS];
    float[] x = new float[n];
    float[] y = new float[n];
    float[] z = new float[n];
    float[] vis = new float[n];
    float[] pres = new float[n];
    for (int i = 0; i < MODEL_LANDMARKS; i++) {
      u[i] = landmarks[i * VALUES] / inputSize;
      v[i] = landmarks[i * VALUES + 1] / inputSize;
    }
    if (heatmap != null) {
      refineFromHeatmap(u, v, heatmap, heatmapSize, MODEL_LANDMARKS);
    }
    for (int i = 0; i < n; i++) {
      double[] p = roi.toImage(u[i], v[i]);
      x[i] = (float) p[0];
      y[i] = (float) p[1];
      z[i] = (float) (landmarks[i * VALUES + 2] / inputSize * roi.width());
      vis[i] = sigmoid(landmarks[i * VALUES + 3]);
      pres[i] = sigmoid(landmarks[i * VALUES + 4]);
    }
    float[] w = new float[n * 3];
    double c = Math.cos(roi.rotation());
    double s = Math.sin(roi.rotation());
    for (int i = 0; i < n; i++) {
      double wx = world[i * 3];
      double wy = world[i * 3 + 1];
      w[i * 3] = (float) (c * wx - s * wy);
      w[i * 3 + 1] = (float) (s * wx + c * wy);
      w[i * 3 + 2] = world[i * 3 + 2];
    }
    return new PoseLandmarks(x, y, z, vis, pres, w);
  }

  /**
   * MediaPipe's heatmap refinement, in place on crop coordinates {@code u, v} in [0, 1]: within a
   * {@link #KERNEL}-cell window around each landmark, the sigmoid-confidence-weighted mean cell
   * index divided by the heatmap size (cell corners, as MediaPipe computes it), when the window's
   * peak confidence is at least {@link #MIN_CONFIDENCE_TO_REFINE}.
   *
   * @param heatmap {@code [size * size * channels]} HWC logits
   */
  static void refineFromHeatmap(float[] u, float[] v, float[] heatmap, int size, int channels) {
    int offset = (KERNEL - 1) / 2;
    for (int k = 0; k < u.length; k++) {
      int col = (int) (u[k] * size);
      int row = (int) (v[k] * size);
      if (u[k] < 0 || v[k] < 0 || col >= size || row >= size) {
        continue;
      }
      int c0 = Math.max(0, col - offset);
      int c1 = Math.min(size, col + offset + 1);
      int r0 = Math.max(0, row - offset);
      int r1 = Math.min(size, row + offset + 1);
      float sum = 0;
      float wc = 0;
      float wr = 0;
      float peak = 0;
      for (int r = r0; r < r1; r++) {
        for (int cc = c0; cc < c1; cc++) {
          float conf = sigmoid(heatmap[(r * size + cc) * channels + k]);
          sum += conf;
          peak = Math.max(peak, conf);
          wc += cc * conf;
          wr += r * conf;
        }
      }
      if (peak >= MIN_CONFIDENCE_TO_REFINE && sum > 0) {
        u[k] = wc / size / sum;
        v[k] = wr / size / sum;
      }
    }
  }

  static float sigmoid(float logit) {
    return (float) (1.0 / (1.0 + Math.exp(-logit)));
  }
}
