package dev.persona.smplx.perception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.image.ColorTransfer;
import dev.persona.core.image.Image;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RoiSamplerTest {

  @Test
  void aUniformPhotoBecomesItsSrgbValueInTheModelRange() {
    Image photo = new Image(300, 200, 3);
    Arrays.fill(photo.data(), 0.2f);
    RegionOfInterest roi = new RegionOfInterest(150, 100, 100, 100, 0.3);
    float[] t = RoiSampler.crop(photo, roi, 32, RoiSampler.Border.REPLICATE, -1f, 1f);
    float expected = (float) (-1 + 2 * ColorTransfer.linearToSrgb(0.2));
    for (float v : t) {
      assertEquals(expected, v, 1e-5);
    }
  }

  @Test
  void theLetterboxBarsAreBlackWithZeroBorder() {
    Image photo = new Image(200, 100, 3);
    Arrays.fill(photo.data(), 1f);
    float[] t =
        RoiSampler.crop(
            photo, RegionOfInterest.letterbox(200, 100), 20, RoiSampler.Border.ZERO, -1f, 1f);
    // The photo fills rows 5..14 of the 20-row square; rows 0..4 and 15..19 are bars.
    assertEquals(-1f, t[(2 * 20 + 10) * 3], 1e-6);
    assertEquals(-1f, t[(17 * 20 + 10) * 3], 1e-6);
    assertEquals(1f, t[(10 * 20 + 10) * 3], 1e-6);
  }

  @Test
  void aBrightSpotAppearsWhereTheRoiMapsIt() {
    Image photo = new Image(200, 200, 3);
    int sx = 130;
    int sy = 70;
    for (int y = sy - 2; y <= sy + 2; y++) {
      for (int x = sx - 2; x <= sx + 2; x++) {
        for (int c = 0; c < 3; c++) {
          photo.set(x, y, c, 1f);
        }
      }
    }
    RegionOfInterest roi = new RegionOfInterest(100, 100, 128, 128, 0.7);
    int size = 128;
    float[] t = RoiSampler.crop(photo, roi, size, RoiSampler.Border.ZERO, 0f, 1f);
    double sum = 0;
    double mu = 0;
    double mv = 0;
    for (int j = 0; j < size; j++) {
      for (int i = 0; i < size; i++) {
        float v = t[(j * size + i) * 3];
        sum += v;
        mu += v * (i + 0.5);
        mv += v * (j + 0.5);
      }
    }
    double[] expected = roi.toCrop(sx + 0.5, sy + 0.5);
    assertEquals(expected[0] * size, mu / sum, 0.5);
    assertEquals(expected[1] * size, mv / sum, 0.5);
  }

  @Test
  void uncropPutsEachCropValueBackAtItsPhotoPixel() {
    int size = 64;
    float[] ramp = new float[size * size];
    for (int j = 0; j < size; j++) {
      for (int i = 0; i < size; i++) {
        ramp[j * size + i] = (i + 0.5f) / size; // the crop's u at each cell centre
      }
    }
    RegionOfInterest roi = new RegionOfInterest(60, 50, 80, 80, -0.4);
    float[] photo = RoiSampler.uncrop(ramp, size, roi, 120, 100);
    int inside = 0;
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 120; x++) {
        double[] uv = roi.toCrop(x + 0.5, y + 0.5);
        boolean in = uv[0] >= 0 && uv[0] <= 1 && uv[1] >= 0 && uv[1] <= 1;
        if (!in) {
          assertEquals(0f, photo[y * 120 + x], "outside the ROI at " + x + "," + y);
        } else if (uv[0] > 1.0 / size && uv[0] < 1 - 1.0 / size) {
          assertEquals(uv[0], photo[y * 120 + x], 1e-4, "at " + x + "," + y);
          inside++;
        }
      }
    }
    assertTrue(inside > 4000, "checked " + inside + " pixels");
  }
}
