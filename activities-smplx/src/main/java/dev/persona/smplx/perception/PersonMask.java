package dev.persona.smplx.perception;

import dev.persona.core.image.Image;

/**
 * Where the person is on the photo: per pixel the probability (or coverage) in [0, 1] that it shows
 * the person, at the photo's size.
 *
 * @param probability one channel, the photo's width and height
 */
public record PersonMask(Image probability) {
  public PersonMask {
    if (probability.channels() != 1) {
      throw new IllegalArgumentException("a mask has one channel, got " + probability.channels());
    }
  }

  public int width() {
    return probability.width();
  }

  public int height() {
    return probability.height();
  }

  /** The value at the pixel containing (x, y) in pixel coordinates; 0 outside the photo. */
  public float at(double x, double y) {
    int ix = (int) Math.floor(x);
    int iy = (int) Math.floor(y);
    if (ix < 0 || iy < 0 || ix >= width() || iy >= height()) {
      return 0;
    }
    return probability.get(ix, iy, 0);
  }

  /** Fraction of the photo's pixels at or above {@code threshold}. */
  public double coverage(float threshold) {
    float[] d = probability.data();
    long n = 0;
    for (float v : d) {
      if (v >= threshold) {
        n++;
      }
    }
    return (double) n / d.length;
  }

  /** A 0/1 mask: 1 where the probability is at or above {@code threshold}. */
  public PersonMask binary(float threshold) {
    float[] d = probability.data();
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = d[i] >= threshold ? 1f : 0f;
    }
    return new PersonMask(new Image(width(), height(), 1, out));
  }
}
