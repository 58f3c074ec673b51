package dev.persona.core.body.makehuman;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * An MPFB pose file ({@code poses/<rig>_fk/*.json}) for a rig: per-bone rotations, read as what
 * MPFB's {@code RigService.set_pose_from_dict} assigns to {@code pose_bone.rotation_euler}. That is
 * a Blender Euler in rotation mode {@code XYZ} (MPFB normalises every bone to it): angles {@code
 * (x, y, z)} in radians, matrix {@code Rz(z) * Ry(y) * Rx(x)} (X applied first), in the bone's
 * local rest frame (Blender's {@code matrix_basis}: y along the bone, x and z from its roll). The
 * file's {@code bone_translations} must be empty: only rotations are baked.
 */
final class RestPose {
  private final double[] eulers;

  private RestPose(double[] eulers) {
    this.eulers = eulers;
  }

  /** {@code [B*3]} Euler angles (x, y, z) per rig bone, radians, zero for bones not in the file. */
  double[] eulers() {
    return eulers;
  }

  /**
   * Reads a pose for {@code rig}.
   *
   * @throws dev.persona.core.InvalidInputException {@code NOT_FOUND} or {@code MALFORMED} naming
   *     the file (a bone not in the rig, an angle that is not a finite number, translations)
   */
  static RestPose read(Path file, Rig rig) {
    JsonNode root = AssetFiles.readJson(file);
    JsonNode rotations = AssetFiles.object(root, "bone_rotations", file);
    JsonNode translations = root.get("bone_translations");
    if (translations != null && !translations.isEmpty()) {
      throw AssetFiles.malformed(file, "bone_translations are not supported, only rotations");
    }
    double[] eulers = new double[rig.size() * 3];
    for (Map.Entry<String, JsonNode> entry : rotations.properties()) {
      int b = rig.indexOf(entry.getKey());
      if (b < 0) {
        throw AssetFiles.malformed(
            file, "rotation for bone " + entry.getKey() + ", not in the rig");
      }
      double[] angles = AssetFiles.vector3(entry.getValue(), "rotation of " + entry.getKey(), file);
      System.arraycopy(angles, 0, eulers, b * 3, 3);
    }
    return new RestPose(eulers);
  }
}
