package dev.persona.core.raster;

import dev.persona.core.camera.PinholeCamera;

/**
 * The slow, obviously correct counterpart of {@link MeshRasterizer}, for tests: one ray per pixel
 * centre through the camera centre, intersected in double precision with every triangle
 * (Möller–Trumbore, "Fast, minimum storage ray-triangle intersection", 1997), nearest hit at or
 * beyond the near plane wins, first-submitted on ties. Its barycentrics are the ray hit's own, so
 * they are perspective-correct by construction, with no clipping, snapping or fill rule involved.
 *
 * <p>Fills triangle ids, barycentrics, depth, coverage and attributes (no texture, no culling, one
 * sample per pixel). Pixels whose ray passes exactly through a shared edge count as hitting the
 * first triangle, so ids may differ from the fast rasterizer's on edges.
 */
public final class ReferenceRasterizer {
  private ReferenceRasterizer() {}

  /**
   * Rasterizes by ray casting; O(pixels x triangles), so keep images and meshes small.
   *
   * @param nearPlane camera z in metres below which hits are ignored
   */
  public static RasterResult render(RasterMesh mesh, PinholeCamera camera, double nearPlane) {
    int width = camera.width();
    int height = camera.height();
    int channels = mesh.attributeChannels();
    RasterResult result = new RasterResult(width, height, channels, 0);
    float[] vertices = mesh.vertices();
    int[] triangles = mesh.triangles();
    int vertexCount = mesh.vertexCount();
    double[] points = new double[vertexCount * 3];
    double[] point = new double[3];
    for (int v = 0; v < vertexCount; v++) {
      camera.worldToCameraPoint(vertices[v * 3], vertices[v * 3 + 1], vertices[v * 3 + 2], point);
      System.arraycopy(point, 0, points, v * 3, 3);
    }
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        // Ray direction with z = 1, so the ray parameter t is the hit's camera z.
        double dx = (x + 0.5 - camera.cx()) / camera.fx();
        double dy = (y + 0.5 - camera.cy()) / camera.fy();
        double best = Double.POSITIVE_INFINITY;
        int bestTriangle = -1;
        double bestU = 0;
        double bestV = 0;
        for (int f = 0; f < triangles.length / 3; f++) {
          int a = triangles[f * 3] * 3;
          int b = triangles[f * 3 + 1] * 3;
          int c = triangles[f * 3 + 2] * 3;
          double e1x = points[b] - points[a];
          double e1y = points[b + 1] - points[a + 1];
          double e1z = points[b + 2] - points[a + 2];
          double e2x = points[c] - points[a];
          double e2y = points[c + 1] - points[a + 1];
          double e2z = points[c + 2] - points[a + 2];
          // p = d x e2
          double px = dy * e2z - e2y;
          double py = e2x - dx * e2z;
          double pz = dx * e2y - dy * e2x;
          double det = e1x * px + e1y * py + e1z * pz;
          if (det == 0) {
            continue;
          }
          double inv = 1.0 / det;
          // s = origin - a, origin = 0
          double sx = -points[a];
          double sy = -points[a + 1];
          double sz = -points[a + 2];
          double u = (sx * px + sy * py + sz * pz) * inv;
          if (u < 0 || u > 1) {
            continue;
          }
          double qx = sy * e1z - sz * e1y;
          double qy = sz * e1x - sx * e1z;
          double qz = sx * e1y - sy * e1x;
          double v = (dx * qx + dy * qy + qz) * inv;
          if (v < 0 || u + v > 1) {
            continue;
          }
          double t = (e2x * qx + e2y * qy + e2z * qz) * inv;
          if (t >= nearPlane && t < best) {
            best = t;
            bestTriangle = f;
            bestU = u;
            bestV = v;
          }
        }
        if (bestTriangle < 0) {
          continue;
        }
        int pixel = y * width + x;
        double w0 = 1 - bestU - bestV;
        result.triangleIds()[pixel] = bestTriangle;
        result.barycentrics()[pixel * 3] = (float) w0;
        result.barycentrics()[pixel * 3 + 1] = (float) bestU;
        result.barycentrics()[pixel * 3 + 2] = (float) bestV;
        result.depth()[pixel] = (float) best;
        result.coverage()[pixel] = 1;
        for (int ch = 0; ch < channels; ch++) {
          float[] attributes = mesh.attributes();
          result.attributes()[pixel * channels + ch] =
              (float)
                  (w0 * attributes[triangles[bestTriangle * 3] * channels + ch]
                      + bestU * attributes[triangles[bestTriangle * 3 + 1] * channels + ch]
                      + bestV * attributes[triangles[bestTriangle * 3 + 2] * channels + ch]);
        }
      }
    }
    return result;
  }
}
