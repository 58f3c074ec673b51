package dev.persona.core.raster;

import dev.persona.core.image.Image;

/**
 * Bilinear texture lookup in OBJ texture coordinates: u runs left to right, v bottom to top, so
 * texel column {@code u * width} and texel row {@code (1 - v) * height} (row 0 is the image's top
 * row). Texel centres sit at integer + 0.5, so a coordinate at a texel centre returns that texel
 * exactly and one on the border between two texels returns their mean.
 */
public final class TextureSampler {
  private TextureSampler() {}

  /**
   * Samples {@code texture} at (u, v).
   *
   * @param dest receives {@code texture.channels()} values starting at {@code offset}
   */
  public static void sample(
      Image texture, double u, double v, TextureWrap wrap, float[] dest, int offset) {
    int width = texture.width();
    int height = texture.height();
    int channels = texture.channels();
    float[] data = texture.data();
    double x = u * width - 0.5;
    double y = (1.0 - v) * height - 0.5;
    int x0;
    int x1;
    int y0;
    int y1;
    double tx;
    double ty;
    if (wrap == TextureWrap.REPEAT) {
      // Reduce first so huge coordinates cannot overflow the int texel index.
      x -= width * Math.floor(x / width);
      y -= height * Math.floor(y / height);
      x0 = Math.min((int) x, width - 1);
      y0 = Math.min((int) y, height - 1);
      tx = x - x0;
      ty = y - y0;
      x1 = x0 + 1 == width ? 0 : x0 + 1;
      y1 = y0 + 1 == height ? 0 : y0 + 1;
    } else {
      x = Math.min(Math.max(x, 0.0), width - 1.0);
      y = Math.min(Math.max(y, 0.0), height - 1.0);
      x0 = (int) x;
      y0 = (int) y;
      tx = x - x0;
      ty = y - y0;
      x1 = Math.min(x0 + 1, width - 1);
      y1 = Math.min(y0 + 1, height - 1);
    }
    double w00 = (1 - tx) * (1 - ty);
    double w10 = tx * (1 - ty);
    double w01 = (1 - tx) * ty;
    double w11 = tx * ty;
    int i00 = (y0 * width + x0) * channels;
    int i10 = (y0 * width + x1) * channels;
    int i01 = (y1 * width + x0) * channels;
    int i11 = (y1 * width + x1) * channels;
    for (int c = 0; c < channels; c++) {
      dest[offset + c] =
          (float)
              (w00 * data[i00 + c]
                  + w10 * data[i10 + c]
                  + w01 * data[i01 + c]
                  + w11 * data[i11 + c]);
    }
  }
}
