package dev.persona.smplx.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LandmarkDecoderTest {
  private static final int N = LandmarkDecoder.MODEL_LANDMARKS;

  @Test
  void landmarksAreProjectedThroughTheRotatedRoiWithSigmoidScores() {
    float[] raw = new float[N * 5];
    for (int i = 0; i < N; i++) {
      raw[i * 5] = 64 + 4 * i; // input pixels of 256
      raw[i * 5 + 1] = 200 - 3 * i;
      raw[i * 5 + 2] = -12.8f; // z: -0.05 of the crop
      raw[i * 5 + 3] = 0f; // visibility logit -> 0.5
      raw[i * 5 + 4] = 2f; // presence logit -> 0.881
    }
    float[] world = new float[N * 3];
    world[0] = 1f;
    world[1] = 0f;
    world[2] = 0.5f;
    RegionOfInterest roi = new RegionOfInterest(300, 400, 500, 500, Math.PI / 2);
    PoseLandmarks lm = LandmarkDecoder.decode(raw, null, 64, world, 256, roi);
    for (int i = 0; i < PoseLandmarks.COUNT; i++) {
      double[] p = roi.toImage((64 + 4 * i) / 256.0, (200 - 3 * i) / 256.0);
      assertEquals(p[0], lm.x(i), 1e-3);
      assertEquals(p[1], lm.y(i), 1e-3);
      assertEquals(0.5f, lm.visibility(i), 1e-6);
      assertEquals(1 / (1 + Math.exp(-2)), lm.presence(i), 1e-6);
      assertEquals(-0.05 * 500, lm.z()[i], 1e-3);
    }
    // World landmarks turn with the ROI: +x in the crop is +y (down) on the upright photo.
    assertEquals(0f, lm.world(0, 0), 1e-6);
    assertEquals(1f, lm.world(0, 1), 1e-6);
    assertEquals(0.5f, lm.world(0, 2), 1e-6);
  }

  @Test
  void theHeatmapMovesAConfidentLandmarkToItsLocalMeanAndLeavesAnUnsureOne() {
    int size = 64;
    float[] heatmap = new float[size * size * N];
    Arrays.fill(heatmap, -20f);
    // Landmark 0: a confident 3x3 blob centred on cell (40, 20).
    for (int r = 19; r <= 21; r++) {
      for (int c = 39; c <= 41; c++) {
        heatmap[(r * size + c) * N] = 10f;
      }
    }
    // Landmark 1: a weak blob (sigmoid(-1) = 0.27 < 0.5) near its prediction.
    heatmap[(20 * size + 40) * N + 1] = -1f;
    float[] u = new float[N];
    float[] v = new float[N];
    Arrays.fill(u, 0.3f);
    Arrays.fill(v, 0.3f);
    u[0] = 42.2f / size; // within the 7-cell window of the blob
    v[0] = 18.7f / size;
    u[1] = 40.5f / size;
    v[1] = 20.5f / size;
    LandmarkDecoder.refineFromHeatmap(u, v, heatmap, size, N);
    assertEquals(40f / size, u[0], 1e-4); // MediaPipe's mean cell index over the size
    assertEquals(20f / size, v[0], 1e-4);
    assertEquals(40.5f / size, u[1], 1e-7);
    assertEquals(20.5f / size, v[1], 1e-7);
  }
}
