package dev.persona.splat.avatar.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.JsonFiles;
import dev.persona.splat.avatar.AvatarOptions;

/** {@link AvatarOptions} as the {@code options} object of {@code avatar.json}, snake_case keys. */
final class BundleOptions {
  private BundleOptions() {}

  static ObjectNode toJson(AvatarOptions o) {
    ObjectNode n = JsonFiles.object();
    n.put("subdivision_levels", o.subdivisionLevels());
    n.put("sh_degree", o.shDegree());
    n.put("anisotropic_scale", o.anisotropicScale());
    n.put("learn_opacity", o.learnOpacity());
    n.put("triplane_channels", o.triplaneChannels());
    n.put("triplane_resolution", o.triplaneResolution());
    n.put("triplane_side", o.triplaneSide());
    n.put("mlp_hidden_width", o.mlpHiddenWidth());
    n.put("mlp_hidden_layers", o.mlpHiddenLayers());
    n.put("mlp_norm_groups", o.mlpNormGroups());
    n.put("pose_ring", o.poseRing());
    n.put("scale_offsets", o.scaleOffsets());
    n.put("color_offsets", o.colorOffsets());
    n.put("hand_face_weight", o.handFaceWeight());
    n.put("mlp_batch_rows", o.mlpBatchRows());
    return n;
  }

  /**
   * @throws InvalidInputException MALFORMED naming the key when one is missing or of the wrong
   *     type, or the values are not valid options
   */
  static AvatarOptions fromJson(JsonNode n, String source) {
    if (n == null || !n.isObject()) {
      throw new InvalidInputException(Reason.MALFORMED, source + ": no \"options\" object");
    }
    try {
      return new AvatarOptions(
          integer(n, "subdivision_levels", source),
          integer(n, "sh_degree", source),
          bool(n, "anisotropic_scale", source),
          bool(n, "learn_opacity", source),
          integer(n, "triplane_channels", source),
          integer(n, "triplane_resolution", source),
          number(n, "triplane_side", source),
          integer(n, "mlp_hidden_width", source),
          integer(n, "mlp_hidden_layers", source),
          integer(n, "mlp_norm_groups", source),
          integer(n, "pose_ring", source),
          bool(n, "scale_offsets", source),
          bool(n, "color_offsets", source),
          number(n, "hand_face_weight", source),
          integer(n, "mlp_batch_rows", source));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": invalid options: " + e.getMessage(), e);
    }
  }

  private static JsonNode field(JsonNode n, String key, String source) {
    JsonNode v = n.get(key);
    if (v == null) {
      throw new InvalidInputException(Reason.MALFORMED, source + ": options lack \"" + key + "\"");
    }
    return v;
  }

  private static int integer(JsonNode n, String key, String source) {
    JsonNode v = field(n, key, source);
    if (!v.isInt()) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": options." + key + " must be an integer");
    }
    return v.intValue();
  }

  private static double number(JsonNode n, String key, String source) {
    JsonNode v = field(n, key, source);
    if (!v.isNumber()) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": options." + key + " must be a number");
    }
    return v.doubleValue();
  }

  private static boolean bool(JsonNode n, String key, String source) {
    JsonNode v = field(n, key, source);
    if (!v.isBoolean()) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": options." + key + " must be true or false");
    }
    return v.booleanValue();
  }
}
