package dev.persona.core.raster;

/**
 * Which triangles to discard by their facing. A triangle is front-facing when its vertices appear
 * counter-clockwise seen from the camera, i.e. its right-handed normal {@code (v1 - v0) x (v2 -
 * v0)} points towards the camera: the SMPL-X and OBJ convention for outward-facing triangles.
 */
public enum CullMode {
  /** Draw every triangle (the default). */
  NONE,
  /** Discard triangles facing away from the camera. */
  BACK,
  /** Discard triangles facing the camera. */
  FRONT
}
