package dev.persona.smplx.inputs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.smplx.perception.PoseLandmarks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Body keypoints a user already has, as OpenPose JSON ({@code {"people": [{"pose_keypoints_2d": [x,
 * y, c, ...]}]}}), mapped onto the 33 BlazePose landmark indices where the two skeletons share a
 * point: nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles, and for BODY_25 also
 * heels and big toes (as BlazePose's foot index). The other BlazePose landmarks (eye corners,
 * mouth, hand points) and OpenPose's neck, mid-hip and small toes have no counterpart.
 *
 * <p>A mapped landmark gets its pixel position, visibility = OpenPose's confidence, presence 1; an
 * unmapped or undetected one (confidence 0) gets position (0, 0) and visibility and presence 0, so
 * weighting by visibility ignores it. OpenPose's hips sit higher and wider than BlazePose's, a few
 * percent of the body height; a fit should weight them accordingly.
 *
 * @param landmarks the mapped landmarks (no world landmarks)
 * @param format which OpenPose skeleton the file holds
 * @param peopleCount people in the file; the largest (by keypoint bounding box) was taken
 */
public record OpenPoseKeypoints(PoseLandmarks landmarks, Format format, int peopleCount) {

  /** OpenPose body skeletons, told apart by the number of keypoints. */
  public enum Format {
    BODY_25(
        new int[] {
          0, -1, 12, 14, 16, 11, 13, 15, -1, 24, 26, 28, 23, 25, 27, 5, 2, 8, 7, 31, -1, 29, 32, -1,
          30
        }),
    COCO_18(new int[] {0, -1, 12, 14, 16, 11, 13, 15, 24, 26, 28, 23, 25, 27, 5, 2, 8, 7});

    private final int[] toBlazePose;

    Format(int[] toBlazePose) {
      this.toBlazePose = toBlazePose;
    }

    public int keypoints() {
      return toBlazePose.length;
    }

    /** The BlazePose landmark index of OpenPose keypoint {@code k}, or -1 when none. */
    public int blazePoseIndex(int k) {
      return toBlazePose[k];
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads an OpenPose JSON file (at most 16 MiB). */
  public static OpenPoseKeypoints read(Path file) throws IOException {
    try {
      if (Files.size(file) > 16 << 20) {
        throw new InvalidInputException(
            Reason.TOO_LARGE, "keypoint file " + file + " is larger than 16 MiB");
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(Reason.NOT_FOUND, "no keypoint file " + file, e);
    }
  }

  /**
   * Parses OpenPose JSON text.
   *
   * @param source names the input in error messages
   * @throws InvalidInputException MALFORMED for text that is not OpenPose JSON, NO_PERSON when it
   *     lists nobody with a detected keypoint
   */
  public static OpenPoseKeypoints parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + " is not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode people = root == null ? null : root.get("people");
    if (people == null || !people.isArray()) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + " has no \"people\" array (not OpenPose JSON)");
    }
    double[] best = null;
    double bestSize = -1;
    Format bestFormat = null;
    int count = 0;
    for (JsonNode person : people) {
      JsonNode kp = person.get("pose_keypoints_2d");
      if (kp == null || !kp.isArray()) {
        throw new InvalidInputException(
            Reason.MALFORMED, source + ": a person without \"pose_keypoints_2d\"");
      }
      Format format = formatOf(kp.size(), source);
      double[] values = new double[kp.size()];
      for (int i = 0; i < values.length; i++) {
        JsonNode v = kp.get(i);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
          throw new InvalidInputException(
              Reason.MALFORMED, source + ": pose_keypoints_2d[" + i + "] is not a finite number");
        }
        values[i] = v.asDouble();
      }
      double size = boxDiagonal(values);
      if (size < 0) {
        continue; // nobody detected in this entry
      }
      count++;
      if (size > bestSize) {
        bestSize = size;
        best = values;
        bestFormat = format;
      }
    }
    if (best == null) {
      throw new InvalidInputException(
          Reason.NO_PERSON, source + " lists no person with a detected keypoint");
    }
    return new OpenPoseKeypoints(toLandmarks(best, bestFormat), bestFormat, count);
  }

  private static Format formatOf(int values, String source) {
    for (Format f : Format.values()) {
      if (values == f.keypoints() * 3) {
        return f;
      }
    }
    throw new InvalidInputException(
        Reason.UNSUPPORTED,
        source
            + ": pose_keypoints_2d has "
            + values
            + " values; BODY_25 (75) and COCO-18 (54) are supported");
  }

  /** Diagonal of the box around the detected keypoints; -1 when none is detected. */
  private static double boxDiagonal(double[] v) {
    double x0 = Double.MAX_VALUE;
    double y0 = Double.MAX_VALUE;
    double x1 = -Double.MAX_VALUE;
    double y1 = -Double.MAX_VALUE;
    boolean any = false;
    for (int k = 0; k < v.length / 3; k++) {
      if (v[3 * k + 2] > 0) {
        any = true;
        x0 = Math.min(x0, v[3 * k]);
        x1 = Math.max(x1, v[3 * k]);
        y0 = Math.min(y0, v[3 * k + 1]);
        y1 = Math.max(y1, v[3 * k + 1]);
      }
    }
    return any ? Math.hypot(x1 - x0, y1 - y0) : -1;
  }

  private static PoseLandmarks toLandmarks(double[] v, Format format) {
    int n = PoseLandmarks.COUNT;
    float[] x = new float[n];
    float[] y = new float[n];
    float[] vis = new float[n];
    float[] pres = new float[n];
    for (int k = 0; k < format.keypoints(); k++) {
      int b = format.blazePoseIndex(k);
      double c = v[3 * k + 2];
      if (b < 0 || c <= 0) {
        continue;
      }
      x[b] = (float) v[3 * k];
      y[b] = (float) v[3 * k + 1];
      vis[b] = (float) Math.min(1, c);
      pres[b] = 1f;
    }
    return new PoseLandmarks(x, y, new float[n], vis, pres, new float[0]);
  }
}
