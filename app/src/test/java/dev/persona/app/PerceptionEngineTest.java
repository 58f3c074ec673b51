package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import dev.persona.core.InvalidInputException;
import dev.persona.core.image.Image;
import dev.persona.smplx.fitting.PhotoFit;
import org.junit.jupiter.api.Test;

/**
 * The app's class path holds DJL's PyTorch engine (mimicmotion, the LPIPS term) beside TFLite's.
 * DJL would make PyTorch TFLite's alternative engine and load libtorch with the first fit, which a
 * deployment without a torch profile does not have: every fit failed so (`./persona demo` stuck in
 * FIT retries). Perception must run on TFLite alone. This test's class path has libtorch, so with
 * the alternative allowed the engine would be there and the assertion fail.
 */
class PerceptionEngineTest {
  @Test
  void blazePoseRunsOnTfLiteWithoutAnAlternativeEngine() throws Exception {
    Image blank = new Image(256, 256, 3, new float[256 * 256 * 3]);
    InvalidInputException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidInputException.class, () -> PhotoFit.Perception.blazePose().perceive(blank));
    assertEquals(InvalidInputException.Reason.NO_PERSON, e.reason());
    assertNull(Engine.getEngine("TFLite").getAlternativeEngine());
  }
}
