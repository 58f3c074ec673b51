package dev.persona.core.body.procedural;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A triangle mesh under construction: {@code positions [V*3]} metres and {@code triangles [F*3]}
 * counter-clockwise seen from outside. Mutable; used only while the body is generated.
 */
final class TriMesh {
  double[] positions;
  final int[] triangles;
  private int[] neighbourStart;
  private int[] neighbours;

  TriMesh(double[] positions, int[] triangles) {
    this.positions = positions;
    this.triangles = triangles;
  }

  int vertexCount() {
    return positions.length / 3;
  }

  int triangleCount() {
    return triangles.length / 3;
  }

  /**
   * The one-ring of every vertex in compressed form: vertex {@code v}'s neighbours are {@code
   * neighbours()[neighbourStart()[v] .. neighbourStart()[v+1])}, ascending.
   */
  int[] neighbourStart() {
    buildNeighbours();
    return neighbourStart;
  }

  int[] neighbours() {
    buildNeighbours();
    return neighbours;
  }

  private void buildNeighbours() {
    if (neighbours != null) {
      return;
    }
    int v = vertexCount();
    int[] degree = new int[v + 1];
    for (int t = 0; t < triangles.length; t += 3) {
      for (int e = 0; e < 3; e++) {
        degree[triangles[t + e]] += 2;
      }
    }
    int[] start = new int[v + 1];
    for (int i = 0; i < v; i++) {
      start[i + 1] = start[i] + degree[i];
    }
    int[] fill = Arrays.copyOf(start, v);
    int[] raw = new int[start[v]];
    for (int t = 0; t < triangles.length; t += 3) {
      for (int e = 0; e < 3; e++) {
        int a = triangles[t + e];
        int b = triangles[t + (e + 1) % 3];
        raw[fill[a]++] = b;
        raw[fill[b]++] = a;
      }
    }
    // Each edge was recorded once from each of its two triangles: sort and drop duplicates.
    neighbourStart = new int[v + 1];
    int[] out = new int[raw.length];
    int n = 0;
    for (int i = 0; i < v; i++) {
      Arrays.sort(raw, start[i], start[i + 1]);
      neighbourStart[i] = n;
      for (int at = start[i]; at < start[i + 1]; at++) {
        if (at == start[i] || raw[at] != raw[at - 1]) {
          out[n++] = raw[at];
        }
      }
    }
    neighbourStart[v] = n;
    neighbours = Arrays.copyOf(out, n);
  }

  /**
   * Taubin's lambda|mu smoothing (Taubin 1995, "A signal processing approach to fair surface
   * design"): a shrinking umbrella step with {@code lambda > 0} followed by an inflating one with
   * {@code mu < -lambda}, which removes the staircase of the grid without shrinking the body.
   */
  void taubin(int iterations, double lambda, double mu) {
    int[] start = neighbourStart();
    int[] adj = neighbours();
    double[] next = new double[positions.length];
    for (int it = 0; it < 2 * iterations; it++) {
      double factor = it % 2 == 0 ? lambda : mu;
      for (int v = 0; v < vertexCount(); v++) {
        double sx = 0;
        double sy = 0;
        double sz = 0;
        int n = start[v + 1] - start[v];
        for (int at = start[v]; at < start[v + 1]; at++) {
          int u = adj[at];
          sx += positions[u * 3];
          sy += positions[u * 3 + 1];
          sz += positions[u * 3 + 2];
        }
        for (int c = 0; c < 3; c++) {
          double mean = (c == 0 ? sx : c == 1 ? sy : sz) / n;
          next[v * 3 + c] = positions[v * 3 + c] + factor * (mean - positions[v * 3 + c]);
        }
      }
      double[] swap = positions;
      positions = next;
      next = swap;
    }
  }

  /**
   * Moves every vertex onto the zero level set by Newton steps along the field's gradient (forward
   * differences, step {@code 1e-5} m, enough for a field that is smooth on the scale of
   * millimetres): {@code p -= f(p) grad f / |grad f|^2}.
   */
  void projectOnto(BodySdf sdf, int steps) {
    // Each vertex moves on its own, so any thread count gives the same positions.
    IntStream.range(0, vertexCount()).parallel().forEach(v -> project(sdf, steps, v));
  }

  private void project(BodySdf sdf, int steps, int v) {
    double h = 1e-5;
    double x = positions[v * 3];
    double y = positions[v * 3 + 1];
    double z = positions[v * 3 + 2];
    for (int s = 0; s < steps; s++) {
      double f = sdf.distance(x, y, z);
      double gx = (sdf.distance(x + h, y, z) - f) / h;
      double gy = (sdf.distance(x, y + h, z) - f) / h;
      double gz = (sdf.distance(x, y, z + h) - f) / h;
      double g2 = gx * gx + gy * gy + gz * gz;
      if (g2 < 1e-12) {
        break;
      }
      x -= f * gx / g2;
      y -= f * gy / g2;
      z -= f * gz / g2;
    }
    positions[v * 3] = x;
    positions[v * 3 + 1] = y;
    positions[v * 3 + 2] = z;
  }

  /** Area-weighted unit vertex normals {@code [V*3]}, pointing outward. */
  double[] vertexNormals() {
    double[] normals = new double[positions.length];
    for (int t = 0; t < triangles.length; t += 3) {
      int a = triangles[t] * 3;
      int b = triangles[t + 1] * 3;
      int c = triangles[t + 2] * 3;
      double ux = positions[b] - positions[a];
      double uy = positions[b + 1] - positions[a + 1];
      double uz = positions[b + 2] - positions[a + 2];
      double vx = positions[c] - positions[a];
      double vy = positions[c + 1] - positions[a + 1];
      double vz = positions[c + 2] - positions[a + 2];
      double nx = uy * vz - uz * vy;
      double ny = uz * vx - ux * vz;
      double nz = ux * vy - uy * vx;
      accumulate(normals, a, nx, ny, nz);
      accumulate(normals, b, nx, ny, nz);
      accumulate(normals, c, nx, ny, nz);
    }
    for (int v = 0; v < normals.length; v += 3) {
      double len =
          Math.sqrt(
              normals[v] * normals[v]
                  + normals[v + 1] * normals[v + 1]
                  + normals[v + 2] * normals[v + 2]);
      if (len > 0) {
        normals[v] /= len;
        normals[v + 1] /= len;
        normals[v + 2] /= len;
      }
    }
    return normals;
  }

  private static void accumulate(double[] into, int at, double x, double y, double z) {
    into[at] += x;
    into[at + 1] += y;
    into[at + 2] += z;
  }
}
