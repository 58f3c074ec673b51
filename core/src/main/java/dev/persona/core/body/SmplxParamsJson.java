package dev.persona.core.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link SmplxParams} as JSON, with SMPL-X's own key names: {@code betas, expression,
 * global_orient, body_pose, jaw_pose, leye_pose, reye_pose, left_hand_pose, right_hand_pose,
 * transl}.
 *
 * <p>Reading accepts what smplx-python users dump: flat arrays or nested ones in C order, e.g.
 * {@code betas} as (1, 10), {@code body_pose} as (1, 63), (21, 3) or (1, 21, 3). A missing or
 * {@code null} group means zeros (an empty {@code betas}/{@code expression}); keys it does not know
 * (vertices, joints, metadata) are ignored. Hand poses must be full axis-angle (45 values), not PCA
 * coefficients. Writing produces flat arrays in the key order above.
 */
public final class SmplxParamsJson {
  private SmplxParamsJson() {}

  /** Upper bound on betas and on expression coefficients (SMPL-X ships 300 and 100). */
  public static final int MAX_COEFFICIENTS = 400;

  /** Reads a parameters file. See {@link #fromJson} for the errors. */
  public static SmplxParams read(Path file) {
    return fromJson(JsonFiles.read(file), file.toString());
  }

  /** Writes a parameters file atomically. */
  public static void write(Path file, SmplxParams params) throws IOException {
    JsonFiles.write(file, toJson(params));
  }

  /**
   * Parses the parameters object.
   *
   * @param source names the document in error messages (usually the file)
   * @throws InvalidInputException MALFORMED naming the key and source when the root is not an
   *     object, a group is not an array of finite numbers, or has the wrong number of values
   */
  public static SmplxParams fromJson(JsonNode root, String source) {
    if (root == null || !root.isObject()) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          source + ": SMPL-X parameters must be a JSON object, got " + JsonFiles.describe(root));
    }
    return new SmplxParams(
        group(root, "betas", -1, source),
        group(root, "expression", -1, source),
        group(root, "global_orient", 3, source),
        group(root, "body_pose", SmplxJoints.BODY_JOINTS * 3, source),
        group(root, "jaw_pose", 3, source),
        group(root, "leye_pose", 3, source),
        group(root, "reye_pose", 3, source),
        group(root, "left_hand_pose", SmplxJoints.HAND_JOINTS * 3, source),
        group(root, "right_hand_pose", SmplxJoints.HAND_JOINTS * 3, source),
        group(root, "transl", 3, source));
  }

  /** The parameters as a JSON object of flat arrays, keys in SMPL-X's order. */
  public static ObjectNode toJson(SmplxParams params) {
    ObjectNode root = JsonFiles.object();
    put(root, "betas", params.betas());
    put(root, "expression", params.expression());
    put(root, "global_orient", params.globalOrient());
    put(root, "body_pose", params.bodyPose());
    put(root, "jaw_pose", params.jawPose());
    put(root, "leye_pose", params.leyePose());
    put(root, "reye_pose", params.reyePose());
    put(root, "left_hand_pose", params.leftHandPose());
    put(root, "right_hand_pose", params.rightHandPose());
    put(root, "transl", params.transl());
    return root;
  }

  private static void put(ObjectNode root, String key, double[] values) {
    ArrayNode array = root.putArray(key);
    for (double v : values) {
      array.add(v);
    }
  }

  /**
   * One parameter group, flattened; {@code expected < 0} means any length up to {@link
   * #MAX_COEFFICIENTS}, and absence then gives an empty array rather than zeros of a fixed size.
   */
  private static double[] group(JsonNode root, String key, int expected, String source) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      return new double[Math.max(expected, 0)];
    }
    String what = key + " in " + source;
    double[] values =
        JsonFiles.flatNumbers(node, what, expected < 0 ? MAX_COEFFICIENTS : expected + 1);
    if (expected >= 0 && values.length != expected) {
      String hint =
          key.endsWith("hand_pose")
              ? " (full axis-angle for 15 joints; PCA hand coefficients are not accepted)"
              : expected == SmplxJoints.BODY_JOINTS * 3 ? " (21 joints x 3 axis-angle)" : "";
      throw new InvalidInputException(
          Reason.MALFORMED,
          what + ": expected " + expected + " numbers, got " + values.length + hint);
    }
    return values;
  }
}
