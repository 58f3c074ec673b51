package dev.persona.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ExifOrientationTest {
  /**
   * Where the stored image's top-left and top-right pixels appear once upright, per EXIF 2.32's
   * table for tag 0x0112 ("0th row" / "0th column" sides), as {TL, TR, BR, BL} corner indices.
   * Orientation 1: 0th row top, 0th column left; 2: top, right; 3: bottom, right; 4: bottom, left;
   * 5: left, top; 6: right, top; 7: right, bottom; 8: left, bottom.
   */
  private static final int[] STORED_TOP_LEFT_LANDS = {0, 1, 2, 3, 0, 1, 2, 3};

  private static final int[] STORED_TOP_RIGHT_LANDS = {1, 0, 3, 2, 3, 2, 1, 0};

  @Test
  void everyOrientationPutsTheCornersWhereExifSays() {
    // 3 wide, 2 high, 2 channels; pixel value = 10 * index + channel.
    int w = 3;
    int h = 2;
    float[] v = new float[w * h * 2];
    for (int i = 0; i < w * h; i++) {
      v[i * 2] = 10 * i;
      v[i * 2 + 1] = 10 * i + 1;
    }
    Image stored = new Image(w, h, 2, v);
    assertSame(stored, ExifOrientation.apply(stored, 1));
    for (int o = 1; o <= 8; o++) {
      Image up = ExifOrientation.apply(stored, o);
      boolean swapped = o >= 5;
      assertEquals(swapped ? h : w, up.width(), "orientation " + o);
      assertEquals(swapped ? w : h, up.height(), "orientation " + o);
      assertEquals(0f, corner(up, STORED_TOP_LEFT_LANDS[o - 1], 0), "orientation " + o);
      assertEquals(1f, corner(up, STORED_TOP_LEFT_LANDS[o - 1], 1), "orientation " + o);
      assertEquals(20f, corner(up, STORED_TOP_RIGHT_LANDS[o - 1], 0), "orientation " + o);
      // Every stored value appears exactly once (a permutation of pixels).
      float sum = 0;
      for (float x : up.data()) {
        sum += x;
      }
      float expected = 0;
      for (float x : v) {
        expected += x;
      }
      assertEquals(expected, sum, "orientation " + o);
    }
  }

  /** Corner 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left. */
  private static float corner(Image image, int corner, int channel) {
    int x = corner == 1 || corner == 2 ? image.width() - 1 : 0;
    int y = corner >= 2 ? image.height() - 1 : 0;
    return image.get(x, y, channel);
  }
}
