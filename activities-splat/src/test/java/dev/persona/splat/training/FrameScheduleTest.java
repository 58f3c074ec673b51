package dev.persona.splat.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameScheduleTest {
  private static final int FRAMES = 7;

  @Test
  void halfOfTheIterationsAreThePhotoAlternating() {
    FrameSchedule s = new FrameSchedule(3, 0.5, FRAMES);
    int photos = 0;
    for (int i = 0; i < 1000; i++) {
      boolean photo = s.frame(i) == FrameSchedule.PHOTO;
      assertEquals(i % 2 == 1, photo, "iteration " + i);
      photos += photo ? 1 : 0;
    }
    assertEquals(500, photos);
  }

  @Test
  void otherFractionsAreMetExactlyOverAnyPrefix() {
    FrameSchedule s = new FrameSchedule(3, 0.25, FRAMES);
    int photos = 0;
    for (int i = 0; i < 400; i++) {
      photos += s.frame(i) == FrameSchedule.PHOTO ? 1 : 0;
      assertEquals((i + 1) / 4, photos, "photos among the first " + (i + 1));
    }
    FrameSchedule none = new FrameSchedule(3, 0.0, FRAMES);
    for (int i = 0; i < 50; i++) {
      assertFalse(none.frame(i) == FrameSchedule.PHOTO);
    }
  }

  @Test
  void everySyntheticFrameOncePerEpochInAFreshOrder() {
    FrameSchedule s = new FrameSchedule(11, 0.5, FRAMES);
    int[][] epochs = new int[6][];
    int epoch = 0;
    int filled = 0;
    int[] current = new int[FRAMES];
    for (int i = 0; epoch < epochs.length; i++) {
      int f = s.frame(i);
      if (f == FrameSchedule.PHOTO) {
        continue;
      }
      current[filled++] = f;
      if (filled == FRAMES) {
        epochs[epoch++] = current.clone();
        filled = 0;
      }
    }
    int[] identity = {0, 1, 2, 3, 4, 5, 6};
    boolean anyDifferent = false;
    for (int[] e : epochs) {
      int[] sorted = e.clone();
      Arrays.sort(sorted);
      assertEquals(Arrays.toString(identity), Arrays.toString(sorted), "one visit each");
      anyDifferent |= !Arrays.equals(e, epochs[0]);
    }
    assertEquals(true, anyDifferent, "epochs are reshuffled");
  }

  @Test
  void aFreshScheduleAgreesAtAnyIteration() {
    FrameSchedule walked = new FrameSchedule(5, 0.5, FRAMES);
    int[] sequence = new int[300];
    for (int i = 0; i < sequence.length; i++) {
      sequence[i] = walked.frame(i);
    }
    for (int i = sequence.length - 1; i >= 0; i -= 37) {
      assertEquals(sequence[i], new FrameSchedule(5, 0.5, FRAMES).frame(i), "iteration " + i);
    }
    int[] other = new int[sequence.length];
    FrameSchedule reseeded = new FrameSchedule(6, 0.5, FRAMES);
    for (int i = 0; i < other.length; i++) {
      other[i] = reseeded.frame(i);
    }
    assertNotEquals(Arrays.toString(sequence), Arrays.toString(other), "the seed matters");
  }
}
