package dev.persona.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TexturePaddingTest {
  @Test
  void onePassAveragesTheFilledNeighboursAndTheRestTakesTheIslandMean() {
    int size = 5;
    float[] rgb = new float[size * size * 3];
    boolean[] filled = new boolean[size * size];
    // Two island texels at (0,0) red and (0,2) blue.
    filled[0] = true;
    rgb[0] = 1;
    filled[2] = true;
    rgb[2 * 3 + 2] = 1;

    TexturePadding.pad(rgb, filled, size, 1);

    // (0,1) touches both: the mean of red and blue. (1,0) touches only red.
    assertArrayEquals(new float[] {0.5f, 0, 0.5f}, slice(rgb, 1));
    assertArrayEquals(new float[] {1, 0, 0}, slice(rgb, size));
    // (4,4) is beyond one pass: the islands' mean colour, which was taken before padding.
    assertArrayEquals(new float[] {0.5f, 0, 0.5f}, slice(rgb, size * size - 1));
    for (boolean f : filled) {
      assertTrue(f);
    }
    // The islands themselves are untouched.
    assertEquals(1f, rgb[0]);
    assertEquals(1f, rgb[2 * 3 + 2]);
  }

  private static float[] slice(float[] rgb, int texel) {
    return new float[] {rgb[texel * 3], rgb[texel * 3 + 1], rgb[texel * 3 + 2]};
  }
}
