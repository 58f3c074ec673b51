package dev.persona.diffusion.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.motion.BuiltInMotion;
import java.util.List;
import org.junit.jupiter.api.Test;

class SynthesisPlanTest {
  @Test
  void defaultsCoverEveryBuiltInMotionInClipsOfSixteen() {
    SynthesisPlan plan = SynthesisPlan.defaults();
    assertEquals(BuiltInMotion.names(), plan.motions());
    assertEquals(5 * 32, plan.frameCount());
    assertEquals(10, plan.clipCount());
    assertEquals(CameraPath.ORBIT, plan.cameraPath());
  }

  @Test
  void theLastClipMayBeShorter() {
    assertEquals(3, SynthesisPlan.defaults().withFramesPerMotion(7).withClipLength(16).clipCount());
  }

  @Test
  void badValuesAreTypedErrorsNamingTheProblem() {
    SynthesisPlan plan = SynthesisPlan.defaults();
    assertReason(Reason.MALFORMED, "motion", () -> plan.withMotions(List.of()));
    assertReason(Reason.TOO_SMALL, "frames per motion", () -> plan.withFramesPerMotion(0));
    assertReason(Reason.TOO_LARGE, "99999", () -> plan.withFramesPerMotion(50_000));
    assertReason(Reason.TOO_LARGE, "frame size", () -> plan.withSize(5000, 512));
    assertReason(Reason.TOO_SMALL, "frame size", () -> plan.withSize(512, 4));
    assertReason(Reason.MALFORMED, "clip length", () -> plan.withClipLength(0));
    assertReason(Reason.MALFORMED, "orbit", () -> plan.withCamera(CameraPath.ORBIT, Double.NaN));
    assertReason(Reason.MALFORMED, "camera path", () -> CameraPath.fromCliName("spiral"));
  }

  private static void assertReason(Reason reason, String words, Runnable action) {
    InvalidInputException e = assertThrows(InvalidInputException.class, action::run);
    assertEquals(reason, e.reason());
    assertTrue(e.getMessage().contains(words), e.getMessage());
  }
}
