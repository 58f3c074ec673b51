package dev.persona.diffusion.mimicmotion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProgressiveLatentFusionTest {
  private static final int FRAME_SIZE = 5;

  /** Frame-wise: each frame's estimate depends on that frame only. */
  private static final WindowDenoiser FRAMEWISE =
      (latents, window, sigma, conditional, dest) -> {
        for (int i = 0; i < latents.length; i++) {
          dest[i] =
              (float) (0.5 * latents[i] + (conditional ? 1 : -1) + 0.01 * window[i / FRAME_SIZE]);
        }
      };

  /** Temporally coupled: every frame's estimate involves the mean over the window's frames. */
  private static final WindowDenoiser COUPLED =
      (latents, window, sigma, conditional, dest) -> {
        int n = window.length;
        for (int i = 0; i < FRAME_SIZE; i++) {
          double mean = 0;
          for (int j = 0; j < n; j++) {
            mean += latents[j * FRAME_SIZE + i];
          }
          mean /= n;
          for (int j = 0; j < n; j++) {
            dest[j * FRAME_SIZE + i] =
                (float)
                    (latents[j * FRAME_SIZE + i] / (1 + sigma) + mean + (conditional ? 0.2 : 0));
          }
        }
      };

  private static float[] latents(int frames) {
    SplittableRandom random = new SplittableRandom(5);
    float[] x = new float[frames * FRAME_SIZE];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (random.nextDouble() * 4 - 2);
    }
    return x;
  }

  private static int[] all(int frames) {
    int[] w = new int[frames];
    for (int f = 0; f < frames; f++) {
      w[f] = f;
    }
    return w;
  }

  @Test
  void mimicMotionsWindowsHoldTheReferenceFrameAndEndFlush() {
    int[][] windows = LatentWindows.mimicMotion().windows(40);
    // Starts advance by 16 - 6 = 10: frames 1-15, 11-25, 21-35, then one flush with the end.
    assertEquals(4, windows.length);
    assertEquals(0, windows[0][0]);
    assertEquals(1, windows[0][1]);
    assertEquals(15, windows[0][15]);
    assertEquals(11, windows[1][1]);
    assertEquals(21, windows[2][1]);
    assertEquals(0, windows[3][0]);
    assertEquals(25, windows[3][1]);
    assertEquals(39, windows[3][15]);
    assertEquals(1, LatentWindows.mimicMotion().windows(16).length);
  }

  @Test
  void positionWeightsAreTriangular() {
    double[] w = LatentWindows.weights(16);
    assertEquals(1.0 / 16, w[0], 1e-15);
    assertEquals(15.0 / 16, w[7], 1e-15);
    assertEquals(15.0 / 16, w[8], 1e-15);
    assertEquals(1.0 / 16, w[15], 1e-15);
  }

  @Test
  void overlappingWindowsOfAFramewiseDenoiserReproduceOneWindow() {
    int frames = 40;
    float[] x = latents(frames);
    float[] single = new float[x.length];
    float[] tiled = new float[x.length];
    GuidanceScale guidance = new GuidanceScale(1.0, 2.5);
    new ProgressiveLatentFusion(FRAMEWISE, frames, FRAME_SIZE, new int[][] {all(frames)}, guidance)
        .denoise(x, 3.0, single);
    new ProgressiveLatentFusion(
            FRAMEWISE, frames, FRAME_SIZE, LatentWindows.mimicMotion(), guidance)
        .denoise(x, 3.0, tiled);
    // The weighted mean of equal estimates is the estimate, up to float rounding of the sums.
    assertArrayEquals(single, tiled, 1e-5f);
  }

  @Test
  void windowsCoveringTheSameFramesReproduceOneWindowOfACoupledDenoiser() {
    int frames = 12;
    float[] x = latents(frames);
    float[] single = new float[x.length];
    float[] fused = new float[x.length];
    GuidanceScale guidance = GuidanceScale.mimicMotion();
    new ProgressiveLatentFusion(COUPLED, frames, FRAME_SIZE, new int[][] {all(frames)}, guidance)
        .denoise(x, 0.7, single);
    new ProgressiveLatentFusion(
            COUPLED,
            frames,
            FRAME_SIZE,
            new int[][] {all(frames), all(frames), all(frames)},
            guidance)
        .denoise(x, 0.7, fused);
    assertArrayEquals(single, fused, 1e-5f);
    // MimicMotion's tiling of a video no longer than a tile is that one window.
    float[] tiled = new float[x.length];
    new ProgressiveLatentFusion(COUPLED, frames, FRAME_SIZE, LatentWindows.mimicMotion(), guidance)
        .denoise(x, 0.7, tiled);
    assertArrayEquals(single, tiled, 0f);
  }

  @Test
  void guidanceGrowsLinearlyOverTheFrames() {
    int frames = 5;
    float[] x = latents(frames);
    float[] out = new float[x.length];
    new ProgressiveLatentFusion(
            FRAMEWISE, frames, FRAME_SIZE, new int[][] {all(frames)}, new GuidanceScale(1, 3))
        .denoise(x, 1.0, out);
    for (int f = 0; f < frames; f++) {
      // Conditional minus unconditional is 2 everywhere; scale 1 + 2 f / 4.
      double w = 1 + 2.0 * f / 4;
      for (int i = f * FRAME_SIZE; i < (f + 1) * FRAME_SIZE; i++) {
        double unconditional = 0.5 * x[i] - 1 + 0.01 * f;
        assertEquals(unconditional + w * 2, out[i], 1e-5, "frame " + f);
      }
    }
  }
}
