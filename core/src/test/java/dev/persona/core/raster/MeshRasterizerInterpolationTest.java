package dev.persona.core.raster;

import static dev.persona.core.raster.RasterFixtures.camera;
import static dev.persona.core.raster.RasterFixtures.oneThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a covered pixel reports: depth, barycentrics, attributes, texture, visibility, clipping. */
class MeshRasterizerInterpolationTest {

  /**
   * Outputs are computed in double and stored as float; values here are at most about 10, so a few
   * float ulps (1e-6 each) stay below this where the vertices sit exactly on the fixed-point grid.
   */
  private static final double FLOAT_STORAGE = 1e-5;

  /** Snapping moves each projected vertex by at most half a fixed-point unit: 2^-9 px. */
  private static final double SNAP_PX = 1.0 / 512;

  @Test
  void depthOfAFrontoParallelPlane() {
    PinholeCamera camera = camera(40, 30, 50, 20, 15);
    float d = 2.5f;
    float[] vertices = {-5, -5, d, 5, -5, d, 5, 5, d, -5, 5, d};
    RasterResult result =
        new MeshRasterizer(oneThread())
            .rasterize(RasterMesh.of(vertices, new int[] {0, 1, 2, 0, 2, 3}), camera);
    for (int p = 0; p < 40 * 30; p++) {
      assertTrue(result.triangleIds()[p] >= 0);
      assertEquals(d, result.depth()[p], FLOAT_STORAGE);
    }
  }

  /**
   * A plane tilted away from the camera (z from 1 at the top edge to 2 at the bottom), carrying the
   * attribute a = 3x - 2y + 5z, which is linear in 3D and so exact on the plane. Depth and
   * attribute at each pixel must match the ray-plane intersection. Vertices project exactly onto
   * the fixed-point grid (focal 64, coordinates in 1/128ths), so only float rounding remains.
   */
  @Test
  void perspectiveCorrectDepthAndAttributesOnATiltedPlane() {
    PinholeCamera camera = camera(64, 64, 64, 32, 32);
    float[] vertices = {
      -0.375f, -0.375f, 1, 0.375f, -0.375f, 1, 0.75f, 0.75f, 2, -0.75f, 0.75f, 2,
    };
    float[] attribute = new float[4];
    for (int v = 0; v < 4; v++) {
      attribute[v] = 3 * vertices[v * 3] - 2 * vertices[v * 3 + 1] + 5 * vertices[v * 3 + 2];
    }
    RasterMesh plane =
        RasterMesh.of(vertices, new int[] {0, 1, 2, 0, 2, 3}).withAttributes(attribute, 1);
    RasterResult result = new MeshRasterizer(oneThread()).rasterize(plane, camera);
    // Plane normal from two edges; the point on the ray t * r with n . (t r - v0) = 0.
    double[] e1 = {0.75, 0, 0};
    double[] e2 = {-0.375, 1.125, 1};
    double nx = e1[1] * e2[2] - e1[2] * e2[1];
    double ny = e1[2] * e2[0] - e1[0] * e2[2];
    double nz = e1[0] * e2[1] - e1[1] * e2[0];
    double offset = nx * -0.375 + ny * -0.375 + nz;
    int covered = 0;
    for (int y = 8; y < 56; y++) {
      for (int x = 0; x < 64; x++) {
        int p = y * 64 + x;
        double rx = (x + 0.5 - 32) / 64;
        double ry = (y + 0.5 - 32) / 64;
        double t = offset / (nx * rx + ny * ry + nz);
        double px = t * rx;
        if (Math.abs(px) >= 0.375 * t) {
          continue; // outside the trapezoid's slanted sides
        }
        covered++;
        assertTrue(result.triangleIds()[p] >= 0, "pixel " + x + "," + y);
        assertEquals(t, result.depth()[p], FLOAT_STORAGE, "depth at " + x + "," + y);
        double expected = 3 * px - 2 * t * ry + 5 * t;
        assertEquals(
            expected, result.attributes()[p], FLOAT_STORAGE, "attribute at " + x + "," + y);
      }
    }
    assertTrue(covered > 1000);
    // The test discriminates: screen-space (affine) interpolation down the centre column between
    // the top edge (v = 8, a = 5.75) and the bottom edge (v = 56, a = 8.5) is far off at
    // mid-height.
    double analytic = result.attributes()[32 * 64 + 32];
    double affine = 5.75 + (32.5 - 8) / 48 * (8.5 - 5.75);
    assertTrue(Math.abs(affine - analytic) > 0.1, "affine " + affine + " vs " + analytic);
  }

  /** A 32 x 32 texture mapped texel-for-pixel onto a quad: each pixel returns its own texel. */
  @Test
  void textureLookupReturnsTheMappedTexel() {
    PinholeCamera camera = camera(48, 48, 64, 24, 24);
    float[] vertices = {-0.25f, -0.25f, 1, 0.25f, -0.25f, 1, 0.25f, 0.25f, 1, -0.25f, 0.25f, 1};
    // OBJ convention: v up, so the quad's top corners (image row 8) have v = 1.
    float[] uvs = {0, 1, 1, 1, 1, 0, 0, 0};
    int[] triangles = {0, 1, 2, 0, 2, 3};
    Image texture = new Image(32, 32, 4);
    Random random = new Random(3);
    for (int i = 0; i < texture.data().length; i++) {
      texture.data()[i] = random.nextFloat();
    }
    RasterMesh quad = RasterMesh.of(vertices, triangles).withTexture(uvs, triangles, texture);
    RasterResult result = new MeshRasterizer(oneThread()).rasterize(quad, camera);
    assertEquals(4, result.colorChannels());
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        boolean inside = x >= 8 && x < 40 && y >= 8 && y < 40;
        assertEquals(inside ? 1f : 0f, result.coverage()[y * 48 + x]);
        for (int c = 0; c < 4; c++) {
          // uv carries ~1e-7 rounding, so a neighbouring texel leaks in with weight ~1e-6.
          float expected = inside ? texture.get(x - 8, y - 8, c) : 0f;
          assertEquals(expected, result.color()[(y * 48 + x) * 4 + c], FLOAT_STORAGE);
        }
      }
    }
  }

  @Test
  void nearerTriangleWinsWhateverTheSubmissionOrder() {
    PinholeCamera camera = camera(32, 32, 32, 16, 16);
    // Triangle 0 at z = 1, triangle 1 at z = 2 twice as large: both cover the image centre.
    float[] vertices = {
      -0.3f, -0.3f, 1, 0.3f, -0.3f, 1, 0, 0.3f, 1, -0.6f, 0.6f, 2, 0.6f, 0.6f, 2, 0, -0.6f, 2
    };
    for (int[] triangles : new int[][] {{0, 1, 2, 3, 4, 5}, {3, 4, 5, 0, 1, 2}}) {
      RasterResult result =
          new MeshRasterizer(oneThread()).rasterize(RasterMesh.of(vertices, triangles), camera);
      int nearId = triangles[0] == 0 ? 0 : 1;
      int centre = 16 * 32 + 16;
      assertEquals(nearId, result.triangleIds()[centre]);
      assertEquals(1.0, result.depth()[centre], FLOAT_STORAGE);
    }
    // Equal depth: the triangle submitted first keeps the pixel.
    float[] twice = {-0.3f, -0.3f, 1, 0.3f, -0.3f, 1, 0, 0.3f, 1};
    RasterResult tie =
        new MeshRasterizer(oneThread())
            .rasterize(RasterMesh.of(twice, new int[] {0, 1, 2, 0, 2, 1}), camera);
    assertEquals(0, tie.triangleIds()[16 * 32 + 16]);
  }

  /**
   * A floor triangle (plane y = 0.3 in camera axes) running from z = 4 to behind the camera (z =
   * -2), near plane 0.5 m. The rasterizer must clip it, not drop it: everything the ray caster sees
   * at or beyond the near plane is drawn, nothing nearer, with depth matching the plane.
   */
  @Test
  void triangleCrossingTheNearPlaneIsClipped() {
    PinholeCamera camera = camera(64, 64, 32, 32, 32);
    double near = 0.5;
    float[] vertices = {-1.5f, 0.3f, 4, 1.5f, 0.3f, 4, 0.2f, 0.3f, -2};
    float[] depthAttribute = {4, 4, -2};
    RasterMesh floor =
        RasterMesh.of(vertices, new int[] {0, 1, 2}).withAttributes(depthAttribute, 1);
    RasterResult result =
        new MeshRasterizer(oneThread().withNearPlane(near)).rasterize(floor, camera);
    RasterResult reference = ReferenceRasterizer.render(floor, camera, near);
    double nearest = Double.POSITIVE_INFINITY;
    for (int p = 0; p < 64 * 64; p++) {
      int y = p / 64;
      boolean hit = result.triangleIds()[p] >= 0;
      if (hit != (reference.triangleIds()[p] >= 0)) {
        // Only on the boundary: the triangle's edges (a barycentric near 0) or the near plane.
        RasterResult drawn = hit ? result : reference;
        assertTrue(
            minBarycentric(drawn, p) < 1e-3 || drawn.depth()[p] < near * 1.001,
            "coverage differs from the ray caster at " + p % 64 + "," + y);
        continue;
      }
      if (!hit) {
        continue;
      }
      double trueInverseDepth = (y + 0.5 - 32) / 32 / 0.3;
      // 1/z is screen-linear with slope 1 / (32 * 0.3) per px; snapping three vertices by 2^-9 px
      // moves it by at most about 3 slopes x 2^-9 (plus float storage).
      double tolerance = 3 * SNAP_PX / (32 * 0.3) + 1e-6;
      assertEquals(trueInverseDepth, 1.0 / result.depth()[p], tolerance, "1/z at pixel " + p);
      assertEquals(result.depth()[p], result.attributes()[p], 1e-4 * result.depth()[p]);
      nearest = Math.min(nearest, result.depth()[p]);
    }
    assertTrue(
        nearest >= near * (1 - 1e-6), "drew geometry nearer than the near plane: " + nearest);
    assertTrue(nearest < near * 1.1, "the clipped part near the camera is missing: " + nearest);
  }

  @Test
  void triangleBehindTheCameraDrawsNothing() {
    PinholeCamera camera = camera(32, 32, 32, 16, 16);
    float[] vertices = {-1, -1, -1, 1, -1, -1, 0, 1, -1};
    RasterResult result =
        new MeshRasterizer(oneThread())
            .rasterize(RasterMesh.of(vertices, new int[] {0, 1, 2}), camera);
    assertEquals(0, result.coveredPixels());
  }

  /**
   * The sphere in several poses against the ray caster: same visible triangle except where the
   * pixel centre is within 1e-3 (barycentric) of an edge, and there barycentrics, depth and the
   * interpolated normals agree within what vertex snapping explains.
   */
  @Test
  void matchesTheRayCastingReference() {
    RasterMesh sphere = RasterBenchmark.uvSphere(12, 16, 1.0);
    double[][] poses = {{0.3, 1, 0.2, 0.7}, {1, 0, 0, Math.PI / 2}, {-1, 0.4, 0.9, 2.1}};
    MeshRasterizer rasterizer = new MeshRasterizer(oneThread());
    for (double[] pose : poses) {
      PinholeCamera camera =
          RasterFixtures.posedCamera(
              64,
              64,
              50,
              RasterFixtures.rotation(pose[0], pose[1], pose[2], pose[3]),
              new double[] {0.2, 0.1, 2.5});
      RasterResult fast = rasterizer.rasterize(sphere, camera);
      RasterResult reference = ReferenceRasterizer.render(sphere, camera, 0.01);
      int agreeing = 0;
      for (int p = 0; p < 64 * 64; p++) {
        int id = fast.triangleIds()[p];
        if (id != reference.triangleIds()[p]) {
          boolean nearEdge =
              (id >= 0 && minBarycentric(fast, p) < 1e-3)
                  || (reference.triangleIds()[p] >= 0 && minBarycentric(reference, p) < 1e-3);
          assertTrue(nearEdge, "visible triangle differs away from edges at pixel " + p);
          continue;
        }
        if (id < 0) {
          continue;
        }
        agreeing++;
        double[] bounds = triangleScale(camera, sphere, id);
        // Barycentrics are distances to edges over heights: moving edges by 2^-9 px changes them by
        // about 2 * 2^-9 / (smallest height); the perspective weighting scales that by up to the
        // squared depth ratio of the vertices.
        double depthRatio = bounds[2] / bounds[1];
        double baryTolerance = 4 * SNAP_PX / bounds[0] * depthRatio * depthRatio + 1e-5;
        for (int i = 0; i < 3; i++) {
          assertEquals(
              reference.barycentrics()[p * 3 + i],
              fast.barycentrics()[p * 3 + i],
              baryTolerance,
              "barycentric at pixel " + p);
        }
        double depthTolerance = 3 * baryTolerance * (bounds[2] - bounds[1]) + 1e-5;
        assertEquals(reference.depth()[p], fast.depth()[p], depthTolerance, "depth at " + p);
        for (int c = 0; c < 3; c++) {
          // Unit normals: each component moves by at most the summed barycentric error.
          assertEquals(
              reference.attributes()[p * 3 + c],
              fast.attributes()[p * 3 + c],
              3 * baryTolerance + 1e-5,
              "normal at " + p);
        }
      }
      assertTrue(agreeing > 64 * 64 / 4, "too few comparable pixels: " + agreeing);
    }
  }

  private static double minBarycentric(RasterResult result, int p) {
    float[] b = result.barycentrics();
    return Math.min(b[p * 3], Math.min(b[p * 3 + 1], b[p * 3 + 2]));
  }

  /** Smallest height in px of triangle f's projection, and its min and max vertex depth. */
  private static double[] triangleScale(PinholeCamera camera, RasterMesh mesh, int f) {
    double[][] q = new double[3][];
    for (int i = 0; i < 3; i++) {
      q[i] = RasterFixtures.project(camera, mesh.vertices(), mesh.triangles()[f * 3 + i]);
    }
    double area2 =
        Math.abs(
            (q[1][0] - q[0][0]) * (q[2][1] - q[0][1]) - (q[1][1] - q[0][1]) * (q[2][0] - q[0][0]));
    double longest = 0;
    double minZ = Double.POSITIVE_INFINITY;
    double maxZ = 0;
    for (int i = 0; i < 3; i++) {
      int j = (i + 1) % 3;
      longest = Math.max(longest, Math.hypot(q[j][0] - q[i][0], q[j][1] - q[i][1]));
      minZ = Math.min(minZ, q[i][2]);
      maxZ = Math.max(maxZ, q[i][2]);
    }
    return new double[] {area2 / longest, minZ, maxZ};
  }
}
