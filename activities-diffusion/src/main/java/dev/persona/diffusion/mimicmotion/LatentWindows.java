package dev.persona.diffusion.mimicmotion;

import java.util.ArrayList;
import java.util.List;

/**
 * MimicMotion's tiling of a long video into overlapping windows for progressive latent fusion
 * (Zhang et al. 2024, Sec. 3.3; {@code MimicMotionPipeline}): every window holds the reference
 * frame 0 and {@code tileSize - 1} consecutive frames; window starts advance by {@code tileSize -
 * overlap}, and a last window is added flush with the end when the stride does not reach it. Within
 * a window, position {@code j} carries the triangular weight {@code w_j = min(2 (j + 0.5) / T, 2 -
 * 2 (j + 0.5) / T)}: frames near a window's edge count less, so the fused estimate of a frame
 * shared by two windows blends smoothly from one to the other.
 *
 * @param tileSize frames per window, including the reference frame (MimicMotion: 16)
 * @param overlap frames shared by consecutive windows (MimicMotion: 6)
 */
public record LatentWindows(int tileSize, int overlap) {
  public LatentWindows {
    if (tileSize < 2 || overlap < 0 || overlap >= tileSize - 1) {
      throw new IllegalArgumentException(
          "need tile size >= 2 and 0 <= overlap < tile size - 1: " + tileSize + ", " + overlap);
    }
  }

  /** MimicMotion's defaults: windows of 16 frames overlapping by 6. */
  public static LatentWindows mimicMotion() {
    return new LatentWindows(16, 6);
  }

  /**
   * The windows over {@code frames} frames, each {@code min(tileSize, frames)} indices long.
   *
   * @return frame indices per window, reference frame first
   */
  public int[][] windows(int frames) {
    if (frames < 1) {
      throw new IllegalArgumentException("a video needs at least one frame");
    }
    if (frames <= tileSize) {
      int[] all = new int[frames];
      for (int f = 0; f < frames; f++) {
        all[f] = f;
      }
      return new int[][] {all};
    }
    List<int[]> out = new ArrayList<>();
    int stride = tileSize - overlap;
    for (int start = 0; start <= frames - tileSize; start += stride) {
      out.add(window(start + 1, frames));
    }
    int[] last = out.get(out.size() - 1);
    if (last[last.length - 1] < frames - 1) {
      out.add(window(frames - tileSize + 1, frames));
    }
    return out.toArray(new int[0][]);
  }

  /** Frame 0, then frames {@code first .. first + tileSize - 2}. */
  private int[] window(int first, int frames) {
    int[] w = new int[tileSize];
    for (int j = 1; j < tileSize; j++) {
      w[j] = Math.min(frames - 1, first + j - 1);
    }
    return w;
  }

  /** The position weights of a window of {@code length} frames. */
  public static double[] weights(int length) {
    double[] w = new double[length];
    for (int j = 0; j < length; j++) {
      double ramp = 2.0 * (j + 0.5) / length;
      w[j] = Math.min(ramp, 2 - ramp);
    }
    return w;
  }
}
