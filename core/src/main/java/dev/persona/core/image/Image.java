package dev.persona.core.image;

import java.util.Arrays;

/**
 * A linear-light float image. Pixels are stored interleaved, row-major, top row first: the value of
 * channel {@code c} at column {@code x}, row {@code y} is {@code data[(y * width + x) * channels +
 * c]}. Colour channels are linear RGB in [0, 1] (sRGB conversion happens only at file IO); a fourth
 * channel, when present, is straight (not premultiplied) alpha. One channel is a mask or depth.
 */
public final class Image {
  private final int width;
  private final int height;
  private final int channels;
  private final float[] data;

  /** A black (all-zero) image. */
  public Image(int width, int height, int channels) {
    this(width, height, channels, new float[checkedSize(width, height, channels)]);
  }

  /** Wraps {@code data} (not copied), laid out as described in the class doc. */
  public Image(int width, int height, int channels, float[] data) {
    int size = checkedSize(width, height, channels);
    if (data.length != size) {
      throw new IllegalArgumentException(
          "data has "
              + data.length
              + " floats, expected "
              + size
              + " for "
              + width
              + "x"
              + height
              + "x"
              + channels);
    }
    this.width = width;
    this.height = height;
    this.channels = channels;
    this.data = data;
  }

  private static int checkedSize(int width, int height, int channels) {
    if (width <= 0 || height <= 0 || channels <= 0 || channels > 4) {
      throw new IllegalArgumentException("bad image size " + width + "x" + height + "x" + channels);
    }
    long size = (long) width * height * channels;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("image too large: " + width + "x" + height);
    }
    return (int) size;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int channels() {
    return channels;
  }

  /** The backing array (not a copy): writes change the image. */
  public float[] data() {
    return data;
  }

  public float get(int x, int y, int c) {
    return data[(y * width + x) * channels + c];
  }

  public void set(int x, int y, int c, float value) {
    data[(y * width + x) * channels + c] = value;
  }

  public Image copy() {
    return new Image(width, height, channels, Arrays.copyOf(data, data.length));
  }
}
