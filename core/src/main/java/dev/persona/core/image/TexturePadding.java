package dev.persona.core.image;

/**
 * Padding of a texture atlas: texels outside every UV island take colour from the islands, so that
 * bilinear lookups and mipmaps near island edges never pick up unpainted texels (the "edge padding"
 * or "dilation" step of every texture baker).
 */
public final class TexturePadding {
  private TexturePadding() {}

  /**
   * Grows the islands outward by {@code passes} texels (each new texel the mean of its filled
   * 8-neighbours of the previous pass), then gives every texel still empty the mean colour of the
   * islands.
   *
   * @param rgb {@code [size*size*3]} colours, row-major; changed in place
   * @param filled {@code [size*size]} which texels belong to an island; changed in place (all
   *     padded texels become filled)
   */
  public static void pad(float[] rgb, boolean[] filled, int size, int passes) {
    double[] mean = new double[3];
    int count = 0;
    for (int t = 0; t < filled.length; t++) {
      if (filled[t]) {
        mean[0] += rgb[t * 3];
        mean[1] += rgb[t * 3 + 1];
        mean[2] += rgb[t * 3 + 2];
        count++;
      }
    }
    boolean[] next = filled.clone();
    for (int pass = 0; pass < passes; pass++) {
      for (int row = 0; row < size; row++) {
        for (int col = 0; col < size; col++) {
          int t = row * size + col;
          if (filled[t]) {
            continue;
          }
          float r = 0;
          float g = 0;
          float b = 0;
          int n = 0;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              int rr = row + dy;
              int cc = col + dx;
              if (rr >= 0 && rr < size && cc >= 0 && cc < size && filled[rr * size + cc]) {
                int u = rr * size + cc;
                r += rgb[u * 3];
                g += rgb[u * 3 + 1];
                b += rgb[u * 3 + 2];
                n++;
              }
            }
          }
          if (n > 0) {
            rgb[t * 3] = r / n;
            rgb[t * 3 + 1] = g / n;
            rgb[t * 3 + 2] = b / n;
            next[t] = true;
          }
        }
      }
      System.arraycopy(next, 0, filled, 0, filled.length);
    }
    for (int t = 0; t < filled.length; t++) {
      if (!filled[t] && count > 0) {
        rgb[t * 3] = (float) (mean[0] / count);
        rgb[t * 3 + 1] = (float) (mean[1] / count);
        rgb[t * 3 + 2] = (float) (mean[2] / count);
        filled[t] = true;
      }
    }
  }
}
