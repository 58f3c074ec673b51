package dev.persona.core.raster;

import static dev.persona.core.raster.RasterFixtures.oneThread;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Thread-count independence, buffer reuse, and rejection of bad input. */
class MeshRasterizerDeterminismTest {

  /** The sphere plus a large textured quad that crosses the near plane and all bands. */
  private static RasterMesh scene() {
    RasterMesh sphere = RasterBenchmark.uvSphere(30, 40, 1.0);
    float[] sphereVertices = sphere.vertices();
    int sphereVertexCount = sphere.vertexCount();
    float[] vertices = Arrays.copyOf(sphereVertices, sphereVertices.length + 12);
    float[] quad = {-3, 1.2f, -0.5f, 3, 1.2f, -0.5f, 3, -2, 6, -3, -2, 6};
    System.arraycopy(quad, 0, vertices, sphereVertices.length, 12);
    int[] sphereTriangles = sphere.triangles();
    int[] triangles = Arrays.copyOf(sphereTriangles, sphereTriangles.length + 6);
    int q = sphereVertexCount;
    int[] quadTriangles = {q, q + 1, q + 2, q, q + 2, q + 3};
    System.arraycopy(quadTriangles, 0, triangles, sphereTriangles.length, 6);
    float[] attributes = Arrays.copyOf(sphere.attributes(), vertices.length);
    float[] uvs = new float[vertices.length / 3 * 2];
    for (int v = 0; v < vertices.length / 3; v++) {
      uvs[v * 2] = vertices[v * 3] * 0.7f;
      uvs[v * 2 + 1] = vertices[v * 3 + 1] * 0.7f;
    }
    Image texture = new Image(16, 8, 3);
    Random random = new Random(5);
    for (int i = 0; i < texture.data().length; i++) {
      texture.data()[i] = random.nextFloat();
    }
    return RasterMesh.of(vertices, triangles)
        .withAttributes(attributes, 3)
        .withTexture(uvs, triangles, texture);
  }

  private static PinholeCamera sceneCamera() {
    return RasterFixtures.posedCamera(
        120, 90, 70, RasterFixtures.rotation(0.2, 1, 0.1, 0.5), new double[] {0.1, 0, 3});
  }

  private static void assertSameOutput(RasterResult expected, RasterResult actual, String label) {
    assertArrayEquals(expected.triangleIds(), actual.triangleIds(), label + " ids");
    assertArrayEquals(expected.barycentrics(), actual.barycentrics(), label + " barycentrics");
    assertArrayEquals(expected.depth(), actual.depth(), label + " depth");
    assertArrayEquals(expected.coverage(), actual.coverage(), label + " coverage");
    assertArrayEquals(expected.attributes(), actual.attributes(), label + " attributes");
    assertArrayEquals(expected.color(), actual.color(), label + " color");
  }

  @Test
  void outputIsBitIdenticalForOneTwoAndThreeThreads() {
    RasterMesh mesh = scene();
    PinholeCamera camera = sceneCamera();
    for (int samples : new int[] {1, 3}) {
      RasterOptions options = oneThread().withSamples(samples).withTextureWrap(TextureWrap.REPEAT);
      RasterResult single = new MeshRasterizer(options).rasterize(mesh, camera);
      assertTrue(single.coveredPixels() > 120 * 90 / 3, "scene should fill much of the image");
      for (int threads : new int[] {2, 3}) {
        RasterResult multi =
            new MeshRasterizer(options.withThreads(threads)).rasterize(mesh, camera);
        // assertArrayEquals on float[] compares bit patterns (Float.equals), NaN and -0 included.
        assertSameOutput(single, multi, samples + " samples, " + threads + " threads");
      }
    }
  }

  @Test
  void reusedResultHoldsNoStaleData() {
    RasterMesh big = scene();
    PinholeCamera camera = sceneCamera();
    float[] small = {-0.1f, -0.1f, 2, 0.1f, -0.1f, 2, 0, 0.1f, 2};
    float[] normals = {0, 0, -1, 0, 0, -1, 0, 0, -1};
    int[] triangle = {0, 1, 2};
    RasterMesh tiny =
        RasterMesh.of(small, triangle)
            .withAttributes(normals, 3)
            .withTexture(new float[] {0, 0, 1, 0, 0, 1}, triangle, big.texture());
    MeshRasterizer rasterizer = new MeshRasterizer(oneThread().withThreads(2));
    RasterResult first = rasterizer.rasterize(big, camera);
    RasterResult second = rasterizer.rasterize(tiny, camera, first);
    assertSame(first, second);
    assertSameOutput(new MeshRasterizer(oneThread()).rasterize(tiny, camera), second, "reused");
    // A different shape (no texture) cannot reuse the buffers.
    RasterResult plain = rasterizer.rasterize(RasterMesh.of(small, triangle), camera, second);
    assertNotSame(second, plain);
    assertEquals(0, plain.colorChannels());
  }

  @Test
  void badMeshesAreRejectedWithAReason() {
    float[] vertices = {0, 0, 1, 1, 0, 1, 0, 1, 1};
    InvalidInputException index =
        assertThrows(
            InvalidInputException.class, () -> RasterMesh.of(vertices, new int[] {0, 1, 3}));
    assertEquals(InvalidInputException.Reason.MALFORMED, index.reason());
    assertTrue(index.getMessage().contains("triangle 0"), index.getMessage());
    float[] nan = {0, 0, 1, Float.NaN, 0, 1, 0, 1, 1};
    InvalidInputException notFinite =
        assertThrows(InvalidInputException.class, () -> RasterMesh.of(nan, new int[] {0, 1, 2}));
    assertTrue(notFinite.getMessage().contains("vertex 1"), notFinite.getMessage());
    RasterMesh mesh = RasterMesh.of(vertices, new int[] {0, 1, 2});
    assertThrows(InvalidInputException.class, () -> mesh.withAttributes(new float[4], 2));
    assertThrows(
        InvalidInputException.class,
        () -> mesh.withTexture(new float[] {0, 0}, new int[] {0, 0, 1}, new Image(2, 2, 3)));
    assertThrows(InvalidInputException.class, () -> RasterMesh.of(new float[4], new int[0]));
  }

  @Test
  void oversizedSampleGridIsRejectedBeforeAllocating() {
    PinholeCamera camera = RasterFixtures.camera(8192, 8, 100, 4096, 4);
    MeshRasterizer rasterizer = new MeshRasterizer(oneThread().withSamples(8));
    RasterMesh mesh = RasterMesh.of(new float[] {0, 0, 1, 1, 0, 1, 0, 1, 1}, new int[] {0, 1, 2});
    InvalidInputException error =
        assertThrows(InvalidInputException.class, () -> rasterizer.rasterize(mesh, camera));
    assertEquals(InvalidInputException.Reason.TOO_LARGE, error.reason());
  }
}
