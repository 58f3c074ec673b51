package dev.persona.splat.training;

import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;

/**
 * One frame as training uses it, at the training resolution. Arrays are held, not copied, and must
 * not be written.
 *
 * @param id the dataset's five-digit frame id
 * @param photo whether this is the input photograph (else a synthetic training frame)
 * @param camera the frame's camera, intrinsics scaled to the training resolution
 * @param params the frame's SMPL-X parameters
 * @param target {@code [H*W*3]} linear RGB, the image composited over the training background with
 *     its mask: {@code t = m I + (1 - m) bg}
 * @param mask {@code [H*W]} person coverage in [0, 1]
 */
public record TrainingFrame(
    String id,
    boolean photo,
    PinholeCamera camera,
    SmplxParams params,
    float[] target,
    float[] mask) {

  public int width() {
    return camera.width();
  }

  public int height() {
    return camera.height();
  }
}
