package dev.persona.core.raster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.core.image.Image;
import org.junit.jupiter.api.Test;

class TextureSamplerTest {

  /** Bilinear weights are sums of products of exact binary fractions here: float rounding only. */
  private static final float EPS = 1e-6f;

  /** A 4 x 2 one-channel texture whose texel (x, y) holds 10 * y + x. */
  private static Image texture() {
    Image image = new Image(4, 2, 1);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 4; x++) {
        image.set(x, y, 0, 10 * y + x);
      }
    }
    return image;
  }

  private static float sample(double u, double v, TextureWrap wrap) {
    float[] out = new float[1];
    TextureSampler.sample(texture(), u, v, wrap, out, 0);
    return out[0];
  }

  @Test
  void texelCentresReturnTheTexelWithVUp() {
    // Texel (x, y) centre: u = (x + 0.5) / 4, v = 1 - (y + 0.5) / 2; row 0 is the top row.
    assertEquals(0f, sample(0.125, 0.75, TextureWrap.CLAMP), EPS);
    assertEquals(3f, sample(0.875, 0.75, TextureWrap.CLAMP), EPS);
    assertEquals(12f, sample(0.625, 0.25, TextureWrap.CLAMP), EPS);
  }

  @Test
  void bilinearBlendsNeighbours() {
    // Halfway between texels 1 and 2 of the top row, then the centre of a 2 x 2 block.
    assertEquals(1.5f, sample(0.5, 0.75, TextureWrap.CLAMP), EPS);
    assertEquals((1 + 2 + 11 + 12) / 4f, sample(0.5, 0.5, TextureWrap.CLAMP), EPS);
    // A quarter of the way from texel 0 to texel 1.
    assertEquals(0.25f, sample(0.125 + 0.0625, 0.75, TextureWrap.CLAMP), EPS);
  }

  @Test
  void clampHoldsEdgeTexelsAndRepeatWraps() {
    assertEquals(3f, sample(1.7, 0.75, TextureWrap.CLAMP), EPS);
    assertEquals(10f, sample(-2.0, -5.0, TextureWrap.CLAMP), EPS);
    // Repeat: u = 1.125 is texel 0's centre again; u = 0 sits between texel 3 and texel 0.
    assertEquals(0f, sample(1.125, 0.75, TextureWrap.REPEAT), EPS);
    assertEquals(1.5f, sample(0.0, 0.75, TextureWrap.REPEAT), EPS);
    // v = 1 sits between the top row and (wrapped) the bottom row.
    assertEquals(5f, sample(0.125, 1.0, TextureWrap.REPEAT), EPS);
    // Huge coordinates do not overflow the texel index.
    assertEquals(2f, sample(1e9 + 0.625, 0.75, TextureWrap.REPEAT), 1e-3f);
  }
}
