package dev.persona.eval.testframes;

import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;

/**
 * Adjusts a test frame's SMPL-X parameters against its image before it is scored (the papers'
 * test-pose refinement, {@code dev.persona.eval.refine.TestPoseRefinement}).
 */
@FunctionalInterface
public interface FramePoseRefiner {
  /**
   * @param id the dataset frame id
   * @param params the dataset's parameters for the frame
   * @param camera the frame's camera at the size it is scored at
   * @param image the frame at that size, linear RGB(A)
   * @param mask its person mask at that size
   * @return the parameters to render the frame at
   */
  SmplxParams refine(String id, SmplxParams params, PinholeCamera camera, Image image, Image mask);
}
