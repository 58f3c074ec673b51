package dev.persona.diffusion.reproject;

import dev.persona.core.mesh.MeshAdjacency;
import java.util.Arrays;

/**
 * Spreads colours from seed vertices over the rest of a mesh: each vertex first takes the colour of
 * its nearest seed along mesh edges (multi-source Dijkstra, rest-pose edge lengths), then the
 * unseeded vertices are relaxed toward the mean of their neighbours ({@value #DIFFUSION_STEPS}
 * Jacobi steps of the graph Laplace equation with the seeds held fixed), which blurs the borders
 * between the regions different seeds won. Ties in distance go to the lower vertex index, so the
 * result does not depend on anything but the input.
 */
final class SurfacePropagation {
  /** Jacobi steps of diffusion after the nearest-seed fill. */
  static final int DIFFUSION_STEPS = 40;

  private SurfacePropagation() {}

  /**
   * @param adjacency the mesh's vertex graph
   * @param rest {@code [V*3]} rest-pose positions, metres (edge lengths)
   * @param seeded {@code [V]} which vertices carry a colour
   * @param colour {@code [V*3]}: seeds' colours in; every vertex's colour out
   * @param distance {@code [V]} out: metres along edges to the nearest seed (0 at seeds, +Infinity
   *     where no seed is reachable; those keep colour 0)
   */
  static void propagate(
      MeshAdjacency adjacency, double[] rest, boolean[] seeded, float[] colour, double[] distance) {
    int n = adjacency.vertexCount();
    int[] offsets = adjacency.neighbourOffsets();
    int[] neighbours = adjacency.neighbours();
    int[] origin = new int[n];
    Arrays.fill(origin, -1);
    Arrays.fill(distance, Double.POSITIVE_INFINITY);
    VertexHeap heap = new VertexHeap(n);
    for (int v = 0; v < n; v++) {
      if (seeded[v]) {
        distance[v] = 0;
        origin[v] = v;
        heap.push(v, 0);
      }
    }
    boolean[] done = new boolean[n];
    while (!heap.isEmpty()) {
      int v = heap.pop();
      if (done[v]) {
        continue;
      }
      done[v] = true;
      for (int i = offsets[v]; i < offsets[v + 1]; i++) {
        int w = neighbours[i];
        if (done[w]) {
          continue;
        }
        double dx = rest[v * 3] - rest[w * 3];
        double dy = rest[v * 3 + 1] - rest[w * 3 + 1];
        double dz = rest[v * 3 + 2] - rest[w * 3 + 2];
        double d = distance[v] + Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (d < distance[w] || (d == distance[w] && origin[v] < origin[w])) {
          distance[w] = d;
          origin[w] = origin[v];
          heap.push(w, d);
        }
      }
    }
    for (int v = 0; v < n; v++) {
      if (!seeded[v] && origin[v] >= 0) {
        System.arraycopy(colour, origin[v] * 3, colour, v * 3, 3);
      }
    }
    float[] next = colour.clone();
    for (int step = 0; step < DIFFUSION_STEPS; step++) {
      for (int v = 0; v < n; v++) {
        if (seeded[v] || origin[v] < 0 || offsets[v + 1] == offsets[v]) {
          continue;
        }
        float r = 0;
        float g = 0;
        float b = 0;
        int count = 0;
        for (int i = offsets[v]; i < offsets[v + 1]; i++) {
          int w = neighbours[i];
          if (origin[w] >= 0) {
            r += colour[w * 3];
            g += colour[w * 3 + 1];
            b += colour[w * 3 + 2];
            count++;
          }
        }
        next[v * 3] = r / count;
        next[v * 3 + 1] = g / count;
        next[v * 3 + 2] = b / count;
      }
      System.arraycopy(next, 0, colour, 0, colour.length);
    }
  }

  /** A binary min-heap of (distance, vertex) with lazy deletion; ties by lower vertex. */
  private static final class VertexHeap {
    private int[] vertices;
    private double[] keys;
    private int size;

    VertexHeap(int capacity) {
      vertices = new int[Math.max(16, capacity)];
      keys = new double[vertices.length];
    }

    boolean isEmpty() {
      return size == 0;
    }

    void push(int vertex, double key) {
      if (size == vertices.length) {
        vertices = Arrays.copyOf(vertices, size * 2);
        keys = Arrays.copyOf(keys, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!less(key, vertex, keys[parent], vertices[parent])) {
          break;
        }
        vertices[i] = vertices[parent];
        keys[i] = keys[parent];
        i = parent;
      }
      vertices[i] = vertex;
      keys[i] = key;
    }

    int pop() {
      int top = vertices[0];
      size--;
      int lastVertex = vertices[size];
      double lastKey = keys[size];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size
            && less(keys[child + 1], vertices[child + 1], keys[child], vertices[child])) {
          child++;
        }
        if (!less(keys[child], vertices[child], lastKey, lastVertex)) {
          break;
        }
        vertices[i] = vertices[child];
        keys[i] = keys[child];
        i = child;
      }
      vertices[i] = lastVertex;
      keys[i] = lastKey;
      return top;
    }

    private static boolean less(double ka, int va, double kb, int vb) {
      return ka < kb || (ka == kb && va < vb);
    }
  }
}
