package dev.persona.core.mesh;

import java.util.Arrays;

/**
 * A growable {@code int[]} for parsers and mesh builders that do not know their sizes up front (no
 * boxing).
 */
public final class IntArrayBuilder {
  private int[] data;
  private int size;

  public IntArrayBuilder(int initialCapacity) {
    data = new int[Math.max(initialCapacity, 16)];
  }

  public void add(int value) {
    if (size == data.length) {
      data = Arrays.copyOf(data, grownCapacity(data.length));
    }
    data[size++] = value;
  }

  /** Appends a triangle's three vertex indices. */
  public void addTriangle(int a, int b, int c) {
    add(a);
    add(b);
    add(c);
  }

  public int get(int index) {
    return data[index];
  }

  public int size() {
    return size;
  }

  public int[] toArray() {
    return Arrays.copyOf(data, size);
  }

  static int grownCapacity(int capacity) {
    long grown = (long) capacity + (capacity >> 1) + 16;
    return (int) Math.min(grown, Integer.MAX_VALUE - 8);
  }
}
