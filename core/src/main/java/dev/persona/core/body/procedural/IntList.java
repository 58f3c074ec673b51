package dev.persona.core.body.procedural;

import java.util.Arrays;

/** A growable {@code int} array, for building index buffers without boxing. */
final class IntList {
  private int[] data = new int[1024];
  private int size;

  void add(int value) {
    if (size == data.length) {
      data = Arrays.copyOf(data, size * 2);
    }
    data[size++] = value;
  }

  void add(int a, int b, int c) {
    add(a);
    add(b);
    add(c);
  }

  int size() {
    return size;
  }

  int get(int i) {
    return data[i];
  }

  int[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
