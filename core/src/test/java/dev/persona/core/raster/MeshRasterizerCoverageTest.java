package dev.persona.core.raster;

import static dev.persona.core.raster.RasterFixtures.camera;
import static dev.persona.core.raster.RasterFixtures.oneThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.camera.PinholeCamera;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which pixels a triangle covers: area, the fill rule, watertightness, culling, supersampling. */
class MeshRasterizerCoverageTest {

  /**
   * The cameras below have focal length 64 and principal point (0, 0), and planes sit at z = 1, so
   * world x = pixel u / 64: pixel positions that are multiples of 1/128 are exact in float and on
   * the rasterizer's fixed-point grid, which makes exact pixel counts predictable.
   */
  private static final double FOCAL = 64;

  /** Positions on a plane at z = 1 for pixel coordinates (u0, v0, u1, v1, ...). */
  private static float[] atPixels(double... uv) {
    float[] vertices = new float[uv.length / 2 * 3];
    for (int i = 0; i < uv.length / 2; i++) {
      vertices[i * 3] = (float) (uv[i * 2] / FOCAL);
      vertices[i * 3 + 1] = (float) (uv[i * 2 + 1] / FOCAL);
      vertices[i * 3 + 2] = 1f;
    }
    return vertices;
  }

  /** How many of the given triangles cover each pixel, rasterizing each triangle on its own. */
  private static int[] coverageCounts(float[] vertices, int[] triangles, PinholeCamera camera) {
    MeshRasterizer rasterizer = new MeshRasterizer(oneThread());
    int[] counts = new int[camera.width() * camera.height()];
    RasterResult result = null;
    for (int f = 0; f < triangles.length / 3; f++) {
      int[] one = Arrays.copyOfRange(triangles, f * 3, f * 3 + 3);
      result = rasterizer.rasterize(RasterMesh.of(vertices, one), camera, result);
      int[] ids = result.triangleIds();
      for (int p = 0; p < counts.length; p++) {
        if (ids[p] >= 0) {
          counts[p]++;
        }
      }
    }
    return counts;
  }

  @Test
  void latticeTrianglesHalvingASquareCoverItExactlyOnce() {
    // Square 40 x 40 px from (4, 4); the diagonal passes through 40 pixel centres. The strict
    // interiors hold 40 * 39 / 2 = 780 centres each; the 40 on the diagonal go to exactly one.
    PinholeCamera camera = camera(48, 48, FOCAL, 0, 0);
    float[] vertices = atPixels(4, 4, 44, 4, 4, 44, 44, 44);
    int[] counts = coverageCounts(vertices, new int[] {0, 1, 2, 3, 2, 1}, camera);
    int[] first = coverageCounts(vertices, new int[] {0, 1, 2}, camera);
    int firstCount = Arrays.stream(first).sum();
    assertTrue(firstCount == 780 || firstCount == 820, "first half covers " + firstCount);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        int expected = x >= 4 && x < 44 && y >= 4 && y < 44 ? 1 : 0;
        assertEquals(expected, counts[y * 48 + x], "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void coveredPixelCountMatchesTriangleArea() {
    // A pixel's centre can be misclassified relative to area only if the boundary crosses that
    // pixel, and a segment crosses at most |dx| + |dy| + 2 pixels: that sum bounds the error.
    PinholeCamera camera = camera(128, 128, FOCAL, 0, 0);
    MeshRasterizer rasterizer = new MeshRasterizer(oneThread());
    MeshRasterizer supersampled = new MeshRasterizer(oneThread().withSamples(4));
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      double[] uv = new double[6];
      for (int i = 0; i < 6; i++) {
        uv[i] = 2 + random.nextDouble() * 124;
      }
      float[] vertices = atPixels(uv);
      double[] u = new double[3];
      double[] v = new double[3];
      for (int i = 0; i < 3; i++) {
        u[i] = vertices[i * 3] * FOCAL;
        v[i] = vertices[i * 3 + 1] * FOCAL;
      }
      double area = Math.abs((u[1] - u[0]) * (v[2] - v[0]) - (v[1] - v[0]) * (u[2] - u[0])) / 2;
      double bound = 0;
      for (int i = 0; i < 3; i++) {
        int j = (i + 1) % 3;
        bound += Math.abs(u[j] - u[i]) + Math.abs(v[j] - v[i]) + 2;
      }
      RasterMesh mesh = RasterMesh.of(vertices, new int[] {0, 1, 2});
      int count = rasterizer.rasterize(mesh, camera).coveredPixels();
      assertTrue(
          Math.abs(count - area) <= bound, "count " + count + " area " + area + " bound " + bound);
      // The same argument on the 4x finer sample grid, in pixels: the bound shrinks about 4x.
      double coverage = 0;
      for (float c : supersampled.rasterize(mesh, camera).coverage()) {
        coverage += c;
      }
      double fineBound = (bound - 6) / 4 + 6 / 16.0;
      assertTrue(
          Math.abs(coverage - area) <= fineBound,
          "coverage " + coverage + " area " + area + " bound " + fineBound);
    }
  }

  /**
   * A grid of 8 x 8 cells over the square [4, 60]^2 px, each split by a diagonal (alternating),
   * interior vertices either on pixel centres (so edges pass exactly through many centres) or
   * jittered. Each pixel whose centre is inside the square must be covered exactly once.
   */
  @Test
  void sharedEdgesOfAGridHaveNoCracksOrOverlaps() {
    PinholeCamera camera = camera(64, 64, FOCAL, 0, 0);
    Random random = new Random(11);
    for (boolean jitter : new boolean[] {false, true}) {
      int n = 9;
      double[] uv = new double[n * n * 2];
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          double u = 4 + 7 * i;
          double v = 4 + 7 * j;
          boolean interior = i > 0 && i < n - 1 && j > 0 && j < n - 1;
          if (interior) {
            u += jitter ? random.nextDouble() * 5 - 2.5 : 0.5;
            v += jitter ? random.nextDouble() * 5 - 2.5 : 0.5;
          }
          uv[(j * n + i) * 2] = u;
          uv[(j * n + i) * 2 + 1] = v;
        }
      }
      int[] triangles = new int[(n - 1) * (n - 1) * 6];
      int t = 0;
      for (int j = 0; j + 1 < n; j++) {
        for (int i = 0; i + 1 < n; i++) {
          int a = j * n + i;
          int b = a + 1;
          int c = a + n;
          int d = c + 1;
          int[] cell =
              (i + j) % 2 == 0 ? new int[] {a, b, d, a, d, c} : new int[] {a, b, c, b, d, c};
          System.arraycopy(cell, 0, triangles, t, 6);
          t += 6;
        }
      }
      int[] counts = coverageCounts(atPixels(uv), triangles, camera);
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++) {
          int expected = x >= 4 && x < 60 && y >= 4 && y < 60 ? 1 : 0;
          assertEquals(expected, counts[y * 64 + x], "jitter " + jitter + " pixel " + x + "," + y);
        }
      }
    }
  }

  /** 16 triangles fanned around a vertex on a pixel centre: the centre pixel is claimed once. */
  @Test
  void fanAroundAPixelCentreCoversItOnce() {
    PinholeCamera camera = camera(64, 64, FOCAL, 0, 0);
    int spokes = 16;
    double[] uv = new double[(spokes + 1) * 2];
    uv[0] = 32.5;
    uv[1] = 32.5;
    for (int i = 0; i < spokes; i++) {
      double angle = 2 * Math.PI * i / spokes;
      uv[(i + 1) * 2] = 32.5 + 24 * Math.cos(angle);
      uv[(i + 1) * 2 + 1] = 32.5 + 24 * Math.sin(angle);
    }
    float[] vertices = atPixels(uv);
    int[] triangles = new int[spokes * 3];
    for (int i = 0; i < spokes; i++) {
      triangles[i * 3] = 0;
      triangles[i * 3 + 1] = 1 + i;
      triangles[i * 3 + 2] = 1 + (i + 1) % spokes;
    }
    int[] counts = coverageCounts(vertices, triangles, camera);
    double apothem = 24 * Math.cos(Math.PI / spokes);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        double du = x + 0.5 - 32.5;
        double dv = y + 0.5 - 32.5;
        int count = counts[y * 64 + x];
        assertTrue(count <= 1, "pixel " + x + "," + y + " covered " + count + " times");
        // Inside the inscribed circle of the 16-gon (with a margin for float rounding) means
        // inside the union.
        if (Math.hypot(du, dv) < apothem - 1e-3) {
          assertEquals(1, count, "pixel " + x + "," + y);
        }
        if (Math.hypot(du, dv) > 24 + 1e-3) {
          assertEquals(0, count, "pixel " + x + "," + y);
        }
      }
    }
  }

  /**
   * A closed UV sphere in several poses (one looking straight at a pole) covers every pixel whose
   * centre lies inside the convex hull of its projected vertices and none outside; every visible
   * triangle faces the camera; back-face culling changes nothing inside the silhouette.
   */
  @Test
  void closedSphereHasNoHolesInsideItsSilhouette() {
    RasterMesh sphere = RasterBenchmark.uvSphere(20, 28, 1.0);
    float[] vertices = sphere.vertices();
    int[] triangles = sphere.triangles();
    double[][] poses = {
      {1, 0, 0, Math.PI / 2}, {0.3, 1, 0.2, 0.7}, {-1, 0.4, 0.9, 2.1}, {0.1, 0.1, 1, -1.3}
    };
    MeshRasterizer rasterizer = new MeshRasterizer(oneThread());
    MeshRasterizer culling = new MeshRasterizer(oneThread().withCull(CullMode.BACK));
    for (double[] pose : poses) {
      double[] rotation = RasterFixtures.rotation(pose[0], pose[1], pose[2], pose[3]);
      PinholeCamera camera =
          RasterFixtures.posedCamera(96, 96, 80, rotation, new double[] {0.1, -0.05, 3.2});
      RasterResult all = rasterizer.rasterize(sphere, camera);
      RasterResult front = culling.rasterize(sphere, camera);
      double[] hull = convexHull(camera, vertices);
      for (int y = 0; y < 96; y++) {
        for (int x = 0; x < 96; x++) {
          int p = y * 96 + x;
          double inside = insideDistance(hull, x + 0.5, y + 0.5);
          // Snapping moves vertices by at most 1/512 px; 0.01 px margin is well clear of that.
          if (inside > 0.01) {
            assertTrue(all.triangleIds()[p] >= 0, "hole at " + x + "," + y);
            assertEquals(all.triangleIds()[p], front.triangleIds()[p], "culled at " + x + "," + y);
            assertTrue(facesCamera(camera, vertices, triangles, all.triangleIds()[p]));
          } else if (inside < -0.01) {
            assertEquals(-1, all.triangleIds()[p], "outside silhouette at " + x + "," + y);
          }
        }
      }
    }
  }

  private static boolean facesCamera(
      PinholeCamera camera, float[] vertices, int[] triangles, int f) {
    double[][] p = new double[3][3];
    for (int i = 0; i < 3; i++) {
      int v = triangles[f * 3 + i];
      camera.worldToCameraPoint(vertices[v * 3], vertices[v * 3 + 1], vertices[v * 3 + 2], p[i]);
    }
    double[] e1 = {p[1][0] - p[0][0], p[1][1] - p[0][1], p[1][2] - p[0][2]};
    double[] e2 = {p[2][0] - p[0][0], p[2][1] - p[0][1], p[2][2] - p[0][2]};
    double nx = e1[1] * e2[2] - e1[2] * e2[1];
    double ny = e1[2] * e2[0] - e1[0] * e2[2];
    double nz = e1[0] * e2[1] - e1[1] * e2[0];
    // Facing the camera: the normal points back towards the camera centre at the origin.
    return nx * p[0][0] + ny * p[0][1] + nz * p[0][2] < 0;
  }

  /** Convex hull (Andrew's monotone chain) of the projected vertices, counter-clockwise, x/y. */
  private static double[] convexHull(PinholeCamera camera, float[] vertices) {
    int n = vertices.length / 3;
    double[][] points = new double[n][];
    for (int v = 0; v < n; v++) {
      points[v] = RasterFixtures.project(camera, vertices, v);
    }
    Arrays.sort(
        points, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    double[][] hull = new double[2 * n][];
    int k = 0;
    for (int pass = 0; pass < 2; pass++) {
      int start = k;
      for (int i = 0; i < n; i++) {
        double[] point = points[pass == 0 ? i : n - 1 - i];
        while (k >= start + 2 && cross(hull[k - 2], hull[k - 1], point) <= 0) {
          k--;
        }
        hull[k++] = point;
      }
      k--;
    }
    double[] flat = new double[k * 2];
    for (int i = 0; i < k; i++) {
      flat[i * 2] = hull[i][0];
      flat[i * 2 + 1] = hull[i][1];
    }
    return flat;
  }

  private static double cross(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }

  /** Distance from (x, y) to the hull boundary, positive inside. */
  private static double insideDistance(double[] hull, double x, double y) {
    int n = hull.length / 2;
    double distance = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      double ex = hull[j * 2] - hull[i * 2];
      double ey = hull[j * 2 + 1] - hull[i * 2 + 1];
      double side = (ex * (y - hull[i * 2 + 1]) - ey * (x - hull[i * 2])) / Math.hypot(ex, ey);
      distance = Math.min(distance, side);
    }
    return distance;
  }

  @Test
  void cullModesFollowWinding() {
    PinholeCamera camera = camera(32, 32, FOCAL, 0, 0);
    // Counter-clockwise seen from the camera: normal (v1 - v0) x (v2 - v0) points to -z.
    float[] vertices = atPixels(4, 4, 4, 28, 28, 4);
    int[] facing = {0, 1, 2};
    int[] away = {0, 2, 1};
    for (CullMode mode : CullMode.values()) {
      MeshRasterizer rasterizer = new MeshRasterizer(oneThread().withCull(mode));
      int front = rasterizer.rasterize(RasterMesh.of(vertices, facing), camera).coveredPixels();
      int back = rasterizer.rasterize(RasterMesh.of(vertices, away), camera).coveredPixels();
      assertEquals(mode != CullMode.FRONT, front > 0, mode + " front-facing");
      assertEquals(mode != CullMode.BACK, back > 0, mode + " back-facing");
    }
  }

  @Test
  void rightEdgeThroughPixelCentresIsExcludedAndHalfCoveredWithSupersampling() {
    // Quad over u in [0, 10.5] px: column 10's centre lies on the quad's right edge.
    PinholeCamera camera = camera(16, 16, FOCAL, 0, 0);
    float[] vertices = atPixels(0, 0, 10.5, 0, 10.5, 16, 0, 16);
    float[] attribute = {0.7f, 0.7f, 0.7f, 0.7f};
    RasterMesh quad =
        RasterMesh.of(vertices, new int[] {0, 1, 2, 0, 2, 3}).withAttributes(attribute, 1);
    RasterResult single = new MeshRasterizer(oneThread()).rasterize(quad, camera);
    RasterResult ss = new MeshRasterizer(oneThread().withSamples(2)).rasterize(quad, camera);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        int p = y * 16 + x;
        assertEquals(x < 10 ? 1f : 0f, single.coverage()[p], "1 sample at " + x + "," + y);
        // 2x2 samples sit at +0.25 and +0.75: column 10 has its left pair covered.
        float expected = x < 10 ? 1f : x == 10 ? 0.5f : 0f;
        assertEquals(expected, ss.coverage()[p], "2x2 samples at " + x + "," + y);
        // Attributes average the covered samples only, so edge pixels are not darkened.
        assertEquals(x <= 10 ? 0.7f : 0f, ss.attributes()[p], 1e-6f, "attribute " + x);
      }
    }
  }
}
