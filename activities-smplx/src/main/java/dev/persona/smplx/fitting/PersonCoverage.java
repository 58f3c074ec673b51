package dev.persona.smplx.fitting;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.smplx.perception.PoseLandmarks;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether the landmarks show enough of the person for a whole-body fit: the head, a
 * shoulder, a hip, a knee and an ankle must be in the photo with presence {@value #MIN_PRESENCE} or
 * more (BlazePose extrapolates parts outside the photo with low presence). Without them the body's
 * scale and legs are guesses, so the fit is refused rather than returned wrong.
 */
public final class PersonCoverage {
  public static final double MIN_PRESENCE = 0.5;

  private PersonCoverage() {}

  /**
   * @throws InvalidInputException {@link Reason#NO_PERSON} when no landmark is present at all,
   *     {@link Reason#PERSON_CUT_OFF} naming the missing parts when a required part is missing
   */
  public static void requireWholePerson(PoseLandmarks landmarks, int width, int height) {
    boolean any = false;
    for (int i = 0; i < PoseLandmarks.COUNT; i++) {
      any |= seen(landmarks, i, width, height);
    }
    if (!any) {
      throw new InvalidInputException(
          Reason.NO_PERSON, "no person found: none of the 33 landmarks is on the photo");
    }
    List<String> missing = new ArrayList<>();
    if (!anySeen(
        landmarks,
        width,
        height,
        PoseLandmarks.NOSE,
        PoseLandmarks.LEFT_EAR,
        PoseLandmarks.RIGHT_EAR,
        PoseLandmarks.LEFT_EYE,
        PoseLandmarks.RIGHT_EYE)) {
      missing.add("head");
    }
    pair(
        landmarks,
        width,
        height,
        PoseLandmarks.LEFT_SHOULDER,
        PoseLandmarks.RIGHT_SHOULDER,
        "shoulders",
        missing);
    pair(
        landmarks, width, height, PoseLandmarks.LEFT_HIP, PoseLandmarks.RIGHT_HIP, "hips", missing);
    pair(
        landmarks,
        width,
        height,
        PoseLandmarks.LEFT_KNEE,
        PoseLandmarks.RIGHT_KNEE,
        "knees",
        missing);
    pair(
        landmarks,
        width,
        height,
        PoseLandmarks.LEFT_ANKLE,
        PoseLandmarks.RIGHT_ANKLE,
        "ankles",
        missing);
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          Reason.PERSON_CUT_OFF,
          "the person is cut off: "
              + String.join(", ", missing)
              + " not in the photo; a whole-body fit needs the head, shoulders, hips, knees and"
              + " ankles in view");
    }
  }

  private static void pair(
      PoseLandmarks l, int w, int h, int left, int right, String name, List<String> missing) {
    if (!anySeen(l, w, h, left, right)) {
      missing.add("both " + name);
    }
  }

  private static boolean anySeen(PoseLandmarks l, int w, int h, int... indices) {
    for (int i : indices) {
      if (seen(l, i, w, h)) {
        return true;
      }
    }
    return false;
  }

  private static boolean seen(PoseLandmarks l, int i, int w, int h) {
    float x = l.x(i);
    float y = l.y(i);
    return l.presence(i) >= MIN_PRESENCE && x >= 0 && y >= 0 && x <= w && y <= h;
  }
}
