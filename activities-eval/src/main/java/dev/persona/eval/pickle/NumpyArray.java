package dev.persona.eval.pickle;

import java.util.Arrays;

/**
 * A numpy array read from a pickle: its shape, numpy's dtype name ({@code float32}, {@code int64},
 * ...) and the values as doubles in C (row-major) order. Float32 values convert exactly; integers
 * beyond 2^53 lose precision (body parameters and camera matrices never come near).
 *
 * @param shape the dimensions, outermost first; empty for a numpy scalar
 * @param dtype numpy's name of the element type
 * @param values the elements, product(shape) of them
 */
public record NumpyArray(int[] shape, String dtype, double[] values) {
  public NumpyArray {
    shape = shape.clone();
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " values, got " + values.length);
    }
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** The number of elements. */
  public int size() {
    return values.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumpyArray a
        && Arrays.equals(shape, a.shape)
        && dtype.equals(a.dtype)
        && Arrays.equals(values, a.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "NumpyArray" + Arrays.toString(shape) + " " + dtype;
  }
}
