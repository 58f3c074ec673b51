package dev.persona.smplx.fitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.image.Image;
import dev.persona.core.progress.ProgressListener;
import dev.persona.smplx.perception.PersonDetection;
import dev.persona.smplx.perception.PersonMask;
import dev.persona.smplx.perception.PoseLandmarks;
import dev.persona.smplx.perception.PosePerceptionResult;
import dev.persona.smplx.perception.RegionOfInterest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made landmark sets: a person cut off at the knees, nobody at all, two people. */
class PersonCoverageTest {
  private static final int W = 400;
  private static final int H = 600;

  /** A standing person: head near the top, ankles near the bottom, all present. */
  private static PoseLandmarks standing(float ankleY, float kneeY) {
    float[] x = new float[33];
    float[] y = new float[33];
    float[] one = new float[33];
    Arrays.fill(one, 1f);
    for (int i = 0; i < 33; i++) {
      x[i] = 200 + (i % 2 == 0 ? -20 : 20);
      y[i] = i <= 10 ? 60 : i <= 22 ? 200 : 320;
    }
    y[PoseLandmarks.LEFT_KNEE] = kneeY;
    y[PoseLandmarks.RIGHT_KNEE] = kneeY;
    for (int i : new int[] {27, 28, 29, 30, 31, 32}) {
      y[i] = ankleY;
    }
    return new PoseLandmarks(x, y, new float[33], one, one, new float[0]);
  }

  @Test
  void aWholePersonPasses() {
    PersonCoverage.requireWholePerson(standing(560, 440), W, H);
  }

  @Test
  void legsBelowTheFrameAreNamed() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> PersonCoverage.requireWholePerson(standing(700, 640), W, H));
    assertEquals(Reason.PERSON_CUT_OFF, e.reason());
    assertTrue(e.getMessage().contains("both knees"), e.getMessage());
    assertTrue(e.getMessage().contains("both ankles"), e.getMessage());
    String missing = e.getMessage().substring(0, e.getMessage().indexOf(" not in the photo"));
    assertFalse(missing.contains("head"), e.getMessage());
  }

  @Test
  void lowPresenceCountsAsMissing() {
    PoseLandmarks l = standing(560, 440);
    float[] presence = l.presence();
    presence[PoseLandmarks.LEFT_ANKLE] = 0.1f;
    presence[PoseLandmarks.RIGHT_ANKLE] = 0.2f;
    PoseLandmarks cut =
        new PoseLandmarks(l.x(), l.y(), l.z(), l.visibility(), presence, new float[0]);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> PersonCoverage.requireWholePerson(cut, W, H));
    assertEquals(Reason.PERSON_CUT_OFF, e.reason());
    assertTrue(e.getMessage().contains("both ankles"), e.getMessage());
  }

  @Test
  void noLandmarkAnywhereIsNoPerson() {
    PoseLandmarks l = standing(560, 440);
    PoseLandmarks none =
        new PoseLandmarks(l.x(), l.y(), l.z(), l.visibility(), new float[33], new float[0]);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                new SmplxFitter(ProceduralBody.create().model(), FitOptions.defaults())
                    .fit(
                        new FitInput(
                            PhotoCamera.withFocal35mm(W, H, 50), none, null, null, List.of()),
                        ProgressListener.NONE));
    assertEquals(Reason.NO_PERSON, e.reason());
  }

  @Test
  void twoPeopleAreFlagged() {
    PoseLandmarks l = standing(560, 440);
    PersonDetection big = new PersonDetection(0.9f, 180, 40, 40, 40, new float[8]);
    PersonDetection small = new PersonDetection(0.8f, 20, 40, 10, 10, new float[8]);
    PersonMask mask = new PersonMask(new Image(W, H, 1));
    RegionOfInterest roi = new RegionOfInterest(200, 300, 500, 500, 0);
    PosePerceptionResult two =
        new PosePerceptionResult(
            big,
            List.of(big, small),
            roi,
            1f,
            l,
            mask,
            new PosePerceptionResult.Timings(0, 0, 0, 0));
    FitInput input = FitInput.fromPerception(PhotoCamera.withFocal35mm(W, H, 50), two);
    assertEquals(1, input.warnings().size());
    assertTrue(input.warnings().get(0).contains("2 people"), input.warnings().get(0));
    PosePerceptionResult one =
        new PosePerceptionResult(
            big, List.of(big), roi, 1f, l, mask, new PosePerceptionResult.Timings(0, 0, 0, 0));
    assertTrue(
        FitInput.fromPerception(PhotoCamera.withFocal35mm(W, H, 50), one).warnings().isEmpty());
  }
}
