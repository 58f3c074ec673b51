package dev.persona.core.mesh;

import java.util.Arrays;

/** A growable {@code int[]} for parsers that do not know their sizes up front. */
final class IntArrayBuilder {
  private int[] data;
  private int size;

  IntArrayBuilder(int initialCapacity) {
    data = new int[Math.max(initialCapacity, 16)];
  }

  void add(int value) {
    if (size == data.length) {
      data = Arrays.copyOf(data, grownCapacity(data.length));
    }
    data[size++] = value;
  }

  int get(int index) {
    return data[index];
  }

  int size() {
    return size;
  }

  int[] toArray() {
    return Arrays.copyOf(data, size);
  }

  static int grownCapacity(int capacity) {
    long grown = (long) capacity + (capacity >> 1) + 16;
    return (int) Math.min(grown, Integer.MAX_VALUE - 8);
  }
}
