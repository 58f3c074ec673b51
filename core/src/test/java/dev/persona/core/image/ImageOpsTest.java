package dev.persona.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageOpsTest {
  /** Products and sums of a few floats in [0, 1]. */
  private static final float EPS = 1e-6f;

  private static Image ramp(int w, int h) {
    float[] v = new float[w * h];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return new Image(w, h, 1, v);
  }

  @Test
  void cropInsideAndAcrossTheEdges() {
    Image image = ramp(4, 3); // values 0..11, row-major
    assertArrayEquals(new float[] {5, 6, 9, 10}, ImageOps.crop(image, 1, 1, 2, 2).data());
    // One pixel beyond the top-left corner: the outside is zero.
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1}, ImageOps.crop(image, -1, -1, 3, 2).data());
    assertArrayEquals(new float[4], ImageOps.crop(image, 10, 10, 2, 2).data());
  }

  @Test
  void pasteCompositesOver() {
    Image dst = new Image(2, 1, 3, new float[] {0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.2f});
    Image src = new Image(1, 1, 4, new float[] {1, 0, 0, 0.25f});
    ImageOps.paste(dst, src, 1, 0);
    // Opaque destination: c = 0.25 * c_s + 0.75 * c_d.
    assertArrayEquals(new float[] {0.2f, 0.2f, 0.2f, 0.4f, 0.15f, 0.15f}, dst.data(), EPS);

    Image dstA = new Image(1, 1, 4, new float[] {0, 0, 1, 0.5f});
    ImageOps.paste(dstA, new Image(1, 1, 4, new float[] {1, 0, 0, 0.5f}), 0, 0);
    // a = 0.5 + 0.5 * 0.5 = 0.75; premultiplied red 0.5, blue 0.25 -> straight 2/3, 1/3.
    assertArrayEquals(new float[] {2f / 3, 0, 1f / 3, 0.75f}, dstA.data(), EPS);

    // Clipped at the right edge; an opaque source replaces.
    Image grey = new Image(2, 1, 1);
    ImageOps.paste(grey, new Image(2, 1, 1, new float[] {0.7f, 0.9f}), 1, 0);
    assertArrayEquals(new float[] {0, 0.7f}, grey.data());
    assertThrows(
        IllegalArgumentException.class, () -> ImageOps.paste(grey, new Image(1, 1, 3), 0, 0));
  }

  @Test
  void flattenOverABackground() {
    Image rgba = new Image(1, 1, 4, new float[] {1, 1, 1, 0.25f});
    assertArrayEquals(
        new float[] {0.25f + 0.75f * 0.1f, 0.25f + 0.75f * 0.2f, 0.25f + 0.75f * 0.3f},
        ImageOps.flattenOver(rgba, 0.1f, 0.2f, 0.3f).data(),
        EPS);
    assertArrayEquals(
        new float[] {0.4f, 0.4f, 0.4f},
        ImageOps.flattenOver(new Image(1, 1, 1, new float[] {0.4f}), 0, 0, 0).data());
  }

  @Test
  void contactSheetLaysImagesOutInAGrid() {
    Image white = new Image(20, 10, 3);
    java.util.Arrays.fill(white.data(), 1f);
    Image mask = new Image(10, 10, 1); // black
    Image sheet = ContactSheet.of(List.of(white, mask, white), 2, 12, 12);
    assertEquals(24, sheet.width());
    assertEquals(24, sheet.height()); // 3 images in 2 columns: 2 rows
    assertEquals(3, sheet.channels());
    // Cell (0, 0): the 20x10 image fits the 10x10 inner area as 10x5, centred vertically.
    assertEquals(1f, sheet.get(6, 6, 0), EPS);
    assertEquals(ContactSheet.BACKGROUND, sheet.get(6, 1, 0), EPS); // above the letterboxed image
    assertEquals(ContactSheet.BACKGROUND, sheet.get(0, 0, 0), EPS); // gutter
    assertEquals(0f, sheet.get(18, 6, 1), EPS); // cell (1, 0): the black mask
    assertEquals(ContactSheet.BACKGROUND, sheet.get(18, 18, 2), EPS); // cell (1, 1): empty
  }

  @Test
  void aDiscPaintsThePixelsWhoseCentresAreWithinItsRadiusAndClipsAtTheEdge() {
    Image image = new Image(4, 4, 3, new float[4 * 4 * 3]);
    // Centre (2, 2), radius 1: the four centres (1.5|2.5, 1.5|2.5) are 0.71 away; the next
    // nearest, e.g. (0.5, 1.5), are 1.58 away.
    ImageOps.fillDisc(image, 2, 2, 1, new float[] {1, 0.5f, 0.25f});
    int painted = 0;
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        boolean inside = (x == 1 || x == 2) && (y == 1 || y == 2);
        assertEquals(inside ? 1f : 0f, image.get(x, y, 0), x + "," + y);
        painted += image.get(x, y, 0) > 0 ? 1 : 0;
      }
    }
    assertEquals(4, painted);
    assertEquals(0.25f, image.get(1, 1, 2));
    // A disc around a corner, mostly outside: only the corner pixel, no exception.
    Image corner = new Image(4, 4, 3, new float[4 * 4 * 3]);
    ImageOps.fillDisc(corner, 0, 0, 0.8, new float[] {1, 1, 1});
    assertEquals(1f, corner.get(0, 0, 0));
    assertEquals(0f, corner.get(1, 0, 0));
  }
}
