package dev.persona.core.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The camera object of the dataset layout and the bench scene, for {@link PinholeCamera}:
 *
 * <pre>{@code
 * {"width": 512, "height": 512, "fx": 600.0, "fy": 600.0, "cx": 256.0, "cy": 256.0,
 *  "world_to_camera": [[r00, r01, r02, tx], [r10, r11, r12, ty], [r20, r21, r22, tz], [0, 0, 0, 1]]}
 * }</pre>
 *
 * OpenCV axes, pixels, metres, as {@link PinholeCamera} documents. {@code world_to_camera} is
 * written as four rows; reading also accepts a flat array of 16 in row-major order. Other keys are
 * ignored on reading.
 */
public final class CameraJson {
  private CameraJson() {}

  /** Tolerance on the last row of {@code world_to_camera} being (0, 0, 0, 1): float round-off. */
  private static final double LAST_ROW_TOLERANCE = 1e-6;

  /** Larger images than this many pixels a side are refused as implausible. */
  private static final int MAX_SIDE = 1 << 16;

  /** Reads a file holding one camera object. See {@link #fromJson} for the errors. */
  public static PinholeCamera read(Path file) {
    return fromJson(JsonFiles.read(file), file.toString());
  }

  /** Writes one camera object to a file atomically. */
  public static void write(Path file, PinholeCamera camera) throws IOException {
    JsonFiles.write(file, toJson(camera));
  }

  /**
   * Parses a camera object.
   *
   * @param source names the object in error messages, e.g. {@code "cameras.json, frame 00012"}
   * @throws InvalidInputException MALFORMED naming the key when a key is missing, not a number, out
   *     of range, or {@code world_to_camera} is not 4x4 with a last row (0, 0, 0, 1)
   */
  public static PinholeCamera fromJson(JsonNode node, String source) {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": a camera must be a JSON object, got " + describe(node));
    }
    int width = size(node, "width", source);
    int height = size(node, "height", source);
    double fx = positive(node, "fx", source);
    double fy = positive(node, "fy", source);
    double cx = number(node, "cx", source);
    double cy = number(node, "cy", source);
    JsonNode matrixNode = node.get("world_to_camera");
    if (matrixNode == null) {
      throw new InvalidInputException(Reason.MALFORMED, source + ": world_to_camera is missing");
    }
    double[] m = JsonFiles.flatNumbers(matrixNode, "world_to_camera in " + source, 17);
    if (m.length != 16) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "world_to_camera in " + source + ": expected 4x4 = 16 numbers, got " + m.length);
    }
    double[] lastRow = {0, 0, 0, 1};
    for (int c = 0; c < 4; c++) {
      if (Math.abs(m[12 + c] - lastRow[c]) > LAST_ROW_TOLERANCE) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            "world_to_camera in " + source + ": the last row must be [0, 0, 0, 1]");
      }
    }
    m[12] = 0;
    m[13] = 0;
    m[14] = 0;
    m[15] = 1;
    return new PinholeCamera(width, height, fx, fy, cx, cy, m);
  }

  /** The camera object, {@code world_to_camera} as four rows. */
  public static ObjectNode toJson(PinholeCamera camera) {
    ObjectNode node = JsonFiles.object();
    node.put("width", camera.width());
    node.put("height", camera.height());
    node.put("fx", camera.fx());
    node.put("fy", camera.fy());
    node.put("cx", camera.cx());
    node.put("cy", camera.cy());
    ArrayNode rows = node.putArray("world_to_camera");
    for (int r = 0; r < 4; r++) {
      ArrayNode row = rows.addArray();
      for (int c = 0; c < 4; c++) {
        row.add(camera.worldToCamera(r, c));
      }
    }
    return node;
  }

  private static String describe(JsonNode node) {
    return JsonFiles.describe(node);
  }

  private static double number(JsonNode node, String key, String source) {
    JsonNode value = node.get(key);
    if (value == null || !value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          source + ": " + key + " must be a finite number, got " + describe(value));
    }
    return value.doubleValue();
  }

  private static double positive(JsonNode node, String key, String source) {
    double value = number(node, key, source);
    if (!(value > 0)) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": " + key + " must be positive, got " + value);
    }
    return value;
  }

  private static int size(JsonNode node, String key, String source) {
    double value = number(node, key, source);
    if (value != Math.rint(value) || value < 1 || value > MAX_SIDE) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          source
              + ": "
              + key
              + " must be a whole number of pixels in 1.."
              + MAX_SIDE
              + ", got "
              + value);
    }
    return (int) value;
  }
}
