package dev.persona.core.raster;

import dev.persona.core.camera.PinholeCamera;
import java.util.Arrays;

/**
 * A steady-state timing of {@link MeshRasterizer} on a closed UV sphere of about 10k vertices and
 * 20k triangles with per-vertex normals, filling about half of the image: roughly the load of one
 * body render. For a benchmark command; no {@code main} and no output of its own.
 */
public final class RasterBenchmark {
  private RasterBenchmark() {}

  /**
   * Timing figures.
   *
   * @param medianMillis median wall time of one frame, milliseconds
   * @param minMillis fastest frame, milliseconds
   * @param vertices mesh vertices
   * @param triangles mesh triangles
   * @param coveredPixels pixels with coverage in the last frame
   */
  public record Figures(
      double medianMillis, double minMillis, int vertices, int triangles, int coveredPixels) {}

  /**
   * Rasterizes the sphere {@code warmup + frames} times into one reused result and times the last
   * {@code frames}.
   */
  public static Figures measure(
      int width, int height, RasterOptions options, int warmup, int frames) {
    if (frames < 1 || warmup < 0) {
      throw new IllegalArgumentException("need frames >= 1 and warmup >= 0");
    }
    RasterMesh sphere = uvSphere(99, 100, 1.0);
    double focal = 0.9 * Math.min(width, height);
    PinholeCamera camera =
        new PinholeCamera(
            width,
            height,
            focal,
            focal,
            width / 2.0,
            height / 2.0,
            new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 0, 0, 0, 1});
    MeshRasterizer rasterizer = new MeshRasterizer(options);
    RasterResult result = null;
    for (int i = 0; i < warmup; i++) {
      result = rasterizer.rasterize(sphere, camera, result);
    }
    double[] millis = new double[frames];
    for (int i = 0; i < frames; i++) {
      long start = System.nanoTime();
      result = rasterizer.rasterize(sphere, camera, result);
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return new Figures(
        millis[frames / 2],
        millis[0],
        sphere.vertexCount(),
        sphere.triangleCount(),
        result.coveredPixels());
  }

  /**
   * A closed UV sphere centred at the origin: {@code rings - 1} latitude circles of {@code
   * segments} vertices plus one vertex per pole, triangles counter-clockwise seen from outside,
   * unit normals as 3 attribute channels. {@code (rings - 1) * segments + 2} vertices, {@code 2 *
   * segments * (rings - 1)} triangles.
   */
  static RasterMesh uvSphere(int rings, int segments, double radius) {
    int vertexCount = (rings - 1) * segments + 2;
    float[] vertices = new float[vertexCount * 3];
    float[] normals = new float[vertexCount * 3];
    int north = 0;
    int south = vertexCount - 1;
    setPoint(vertices, normals, north, 0, 1, 0, radius);
    setPoint(vertices, normals, south, 0, -1, 0, radius);
    for (int r = 1; r < rings; r++) {
      double polar = Math.PI * r / rings;
      for (int s = 0; s < segments; s++) {
        double azimuth = 2 * Math.PI * s / segments;
        setPoint(
            vertices,
            normals,
            1 + (r - 1) * segments + s,
            Math.sin(polar) * Math.sin(azimuth),
            Math.cos(polar),
            Math.sin(polar) * Math.cos(azimuth),
            radius);
      }
    }
    int[] triangles = new int[2 * segments * (rings - 1) * 3];
    int t = 0;
    for (int s = 0; s < segments; s++) {
      int next = (s + 1) % segments;
      // Azimuth grows from +z towards +x; the normal (v1 - v0) x (v2 - v0) of these fans and of
      // the quads below points outwards.
      triangles[t++] = north;
      triangles[t++] = 1 + s;
      triangles[t++] = 1 + next;
      int lastRing = 1 + (rings - 2) * segments;
      triangles[t++] = south;
      triangles[t++] = lastRing + next;
      triangles[t++] = lastRing + s;
    }
    for (int r = 1; r < rings - 1; r++) {
      int upper = 1 + (r - 1) * segments;
      int lower = upper + segments;
      for (int s = 0; s < segments; s++) {
        int next = (s + 1) % segments;
        triangles[t++] = upper + s;
        triangles[t++] = lower + s;
        triangles[t++] = upper + next;
        triangles[t++] = upper + next;
        triangles[t++] = lower + s;
        triangles[t++] = lower + next;
      }
    }
    return RasterMesh.of(vertices, triangles).withAttributes(normals, 3);
  }

  private static void setPoint(
      float[] vertices, float[] normals, int v, double x, double y, double z, double radius) {
    vertices[v * 3] = (float) (x * radius);
    vertices[v * 3 + 1] = (float) (y * radius);
    vertices[v * 3 + 2] = (float) (z * radius);
    normals[v * 3] = (float) x;
    normals[v * 3 + 1] = (float) y;
    normals[v * 3 + 2] = (float) z;
  }
}
