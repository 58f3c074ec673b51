package dev.persona.splat.avatar;

import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxParams;
import dev.persona.splat.gaussian.Gaussians;

/**
 * The avatar posed by {@link AvatarPoser#pose}: the Gaussians to render and what the backward pass
 * needs. Arrays are exposed, not copied, and must not be written.
 *
 * <ul>
 *   <li>{@link #gaussians()}: N Gaussians, world frame (the SMPL-X world: the body's model frame
 *       plus {@code transl}), no extra feature channels;
 *   <li>{@link #offsets()} {@code [N*O]}: the pose-driven offsets ({@link OffsetField}'s layout),
 *       for regularisers;
 *   <li>{@code blend [N*9]}: each Gaussian's blended skinning rotation part {@code M_i = sum_j w_ij
 *       R_j}, row-major;
 *   <li>{@code skinRotation [N*4]}: the rotation part of {@code M_i} (its polar factor) as a unit
 *       quaternion (w, x, y, z);
 *   <li>{@code body}: the coarse body posed at these parameters (its skinning transforms), and
 *       {@code corrective [N*3]} (or null): its pose correctives carried to the Gaussians.
 * </ul>
 */
public final class PosedAvatar {
  private final SmplxParams params;
  private final Gaussians gaussians;
  private final float[] offsets;
  private final float[] sixD;
  private final float[] blend;
  private final float[] skinRotation;
  private final PosedBody body;
  private final float[] corrective;

  PosedAvatar(
      SmplxParams params,
      Gaussians gaussians,
      float[] offsets,
      float[] sixD,
      float[] blend,
      float[] skinRotation,
      PosedBody body,
      float[] corrective) {
    this.params = params;
    this.gaussians = gaussians;
    this.offsets = offsets;
    this.sixD = sixD;
    this.blend = blend;
    this.skinRotation = skinRotation;
    this.body = body;
    this.corrective = corrective;
  }

  /** The coarse body at these parameters, whose skinning transforms posed the Gaussians. */
  PosedBody body() {
    return body;
  }

  /** {@code [N*3]} the body's pose correctives at the Gaussians, metres, or null when all zero. */
  float[] corrective() {
    return corrective;
  }

  /** The SMPL-X parameters this pose came from. */
  public SmplxParams params() {
    return params;
  }

  /** The posed Gaussians, world frame. */
  public Gaussians gaussians() {
    return gaussians;
  }

  /** {@code [N*O]} pose-driven offsets (mean part in metres, canonical frame). */
  public float[] offsets() {
    return offsets;
  }

  /** {@code [126]} the MLP's pose features before masking. */
  float[] sixD() {
    return sixD;
  }

  /** {@code [N*9]} blended skinning rotation parts, row-major. */
  float[] blend() {
    return blend;
  }

  /** {@code [N*4]} polar rotation of each blended transform, unit quaternion. */
  float[] skinRotation() {
    return skinRotation;
  }
}
