package dev.persona.eval.testframes;

import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;

/** Renders the subject being evaluated (an avatar, a baseline) at a frame's body and camera. */
@FunctionalInterface
public interface FrameRenderer {
  /**
   * @return a linear RGB or RGBA image of the camera's size
   */
  Image render(SmplxParams params, PinholeCamera camera);
}
