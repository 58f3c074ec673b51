package dev.persona.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageResizeTest {
  /** Float arithmetic on a handful of terms in [0, 1]: a few ulps of 1. */
  private static final float EPS = 1e-6f;

  private static Image row(float... values) {
    return new Image(values.length, 1, 1, values.clone());
  }

  @Test
  void integerDownscaleIsTheBlockMean() {
    float[] v = new float[16];
    for (int i = 0; i < 16; i++) {
      v[i] = i;
    }
    Image out = ImageResize.resize(new Image(4, 4, 1, v), 2, 2);
    // Top-left block: pixels 0, 1, 4, 5.
    assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, out.data(), EPS);
  }

  @Test
  void fractionalFootprintsWeighPartialPixels() {
    // 3 -> 2: footprints [0, 1.5) and [1.5, 3); the middle pixel counts half in each.
    Image out = ImageResize.resize(row(1, 2, 4), 2, 1);
    assertArrayEquals(new float[] {(1 + 0.5f * 2) / 1.5f, (0.5f * 2 + 4) / 1.5f}, out.data(), EPS);
  }

  @Test
  void areaDownscalePreservesTheMeanForAnyRatio() {
    Random random = new Random(5);
    float[] v = new float[97 * 61 * 3];
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat();
      sum += v[i];
    }
    Image out = ImageResize.resize(new Image(97, 61, 3, v), 13, 7);
    double outSum = 0;
    for (float x : out.data()) {
      outSum += x;
    }
    // Footprints tile the source exactly, so means agree up to float accumulation (~1e-6).
    assertEquals(sum / v.length, outSum / out.data().length, 1e-5);
  }

  @Test
  void upscaleInterpolatesBetweenPixelCentresAndClampsAtEdges() {
    // 2 -> 4: output centres map to source -0.25, 0.25, 0.75, 1.25 -> clamped 0, 0.25, 0.75, 1.
    Image out = ImageResize.resize(row(0, 1), 4, 1);
    assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, out.data(), EPS);
  }

  @Test
  void constantImagesStayConstantAtAnySize() {
    float[] v = new float[5 * 3 * 3];
    java.util.Arrays.fill(v, 0.3f);
    Image src = new Image(5, 3, 3, v);
    int[][] sizes = {{2, 7}, {11, 1}, {5, 3}, {1, 1}, {13, 9}};
    for (int[] s : sizes) {
      Image out = ImageResize.resize(src, s[0], s[1]);
      assertEquals(3, out.channels());
      for (float x : out.data()) {
        assertEquals(0.3f, x, EPS);
      }
    }
  }

  @Test
  void alphaIsRespected() {
    // A transparent red pixel beside an opaque blue one: the result is half-covered pure blue.
    Image rgba = new Image(2, 1, 4, new float[] {1, 0, 0, 0, 0, 0, 1, 1});
    Image out = ImageResize.resize(rgba, 1, 1);
    assertArrayEquals(new float[] {0, 0, 1, 0.5f}, out.data(), EPS);
  }
}
