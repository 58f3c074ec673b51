package dev.persona.core.mesh;

import java.util.Arrays;

/** A growable {@code float[]} for parsers that do not know their sizes up front. */
final class FloatArrayBuilder {
  private float[] data;
  private int size;

  FloatArrayBuilder(int initialCapacity) {
    data = new float[Math.max(initialCapacity, 16)];
  }

  void add(float value) {
    if (size == data.length) {
      data = Arrays.copyOf(data, IntArrayBuilder.grownCapacity(data.length));
    }
    data[size++] = value;
  }

  int size() {
    return size;
  }

  float[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
