package dev.persona.smplx.fitting;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.core.raster.RasterResult;
import java.util.Arrays;

/**
 * Finds a posed body's silhouette correspondences ({@link SilhouetteMatch}) against a {@link
 * SilhouetteTarget}: the body is rasterized by {@link MeshRasterizer} at the target's working
 * resolution; every covered pixel with an uncovered 4-neighbour is an outline pixel, and of its
 * visible triangle's three vertices the one whose projection lies furthest towards the uncovered
 * neighbours (the one on the silhouette) is an outline vertex, so only vertices visible on the
 * outline take part. At most {@value #MAX_OUTLINE_VERTICES} outline vertices are kept, evenly by
 * scan order. Not thread-safe (it keeps the rasterizer's buffers).
 */
final class SilhouetteMatcher {
  static final int MAX_OUTLINE_VERTICES = 1000;

  private final SilhouetteTarget target;
  private final PinholeCamera photoCamera;
  private final int[] faces;
  private final MeshRasterizer rasterizer;
  private final boolean[] taken;
  private final double[] scratchPoint = new double[3];
  private final double[] scratchPixel = new double[2];
  private RasterResult reuse;

  SilhouetteMatcher(SilhouetteTarget target, PinholeCamera photoCamera, int[] faces, int vertices) {
    this.target = target;
    this.photoCamera = photoCamera;
    this.faces = faces;
    // One thread: at the working resolution a frame takes a few milliseconds, less than handing
    // bands to other threads costs on a busy machine.
    this.rasterizer = new MeshRasterizer(RasterOptions.defaults().withThreads(1));
    this.taken = new boolean[vertices];
  }

  SilhouetteTarget target() {
    return target;
  }

  /** The correspondences for a body with these posed vertices ({@code [V*3]}, world metres). */
  SilhouetteMatch match(double[] vertices) {
    float[] v = new float[vertices.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) vertices[i];
    }
    reuse = rasterizer.rasterize(RasterMesh.of(v, faces), target.workingCamera(), reuse);
    int w = target.width();
    int h = target.height();
    int[] ids = reuse.triangleIds();

    int both = 0;
    int covered = 0;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] >= 0) {
        covered++;
        if (target.inside(i)) {
          both++;
        }
      }
    }
    int union = covered + target.area() - both;
    double iou = union == 0 ? 0 : (double) both / union;

    Arrays.fill(taken, false);
    int[] found = new int[ids.length];
    int count = 0;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || !isOutline(ids, i, w, h)) {
        continue;
      }
      // The triangle's vertex furthest out, towards the uncovered neighbours: the one on the
      // silhouette (the largest barycentric weight would pick interior vertices a triangle's size
      // inside the outline and bias the fit outwards).
      int t = ids[i];
      double dx = 0;
      double dy = 0;
      int x = i % w;
      int y = i / w;
      if (x == 0 || ids[i - 1] < 0) {
        dx -= 1;
      }
      if (x == w - 1 || ids[i + 1] < 0) {
        dx += 1;
      }
      if (y == 0 || ids[i - w] < 0) {
        dy -= 1;
      }
      if (y == h - 1 || ids[i + w] < 0) {
        dy += 1;
      }
      int k = 0;
      double bestOut = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < 3; c++) {
        int at = faces[3 * t + c] * 3;
        scratchPoint[0] = vertices[at];
        scratchPoint[1] = vertices[at + 1];
        scratchPoint[2] = vertices[at + 2];
        target.workingCamera().project(scratchPoint, scratchPixel);
        double out = dx * scratchPixel[0] + dy * scratchPixel[1];
        if (out > bestOut) {
          bestOut = out;
          k = c;
        }
      }
      int vertex = faces[3 * t + k];
      if (!taken[vertex]) {
        taken[vertex] = true;
        found[count++] = vertex;
      }
    }
    int stride = Math.max(1, (count + MAX_OUTLINE_VERTICES - 1) / MAX_OUTLINE_VERTICES);
    int kept = (count + stride - 1) / stride;
    int[] outline = new int[kept];
    for (int k = 0; k < kept; k++) {
      outline[k] = found[k * stride];
    }

    double[] projected = new double[2 * kept];
    double[] point = new double[3];
    double[] pixel = new double[2];
    double[] targets = new double[2 * kept];
    for (int k = 0; k < kept; k++) {
      int at = outline[k] * 3;
      point[0] = vertices[at];
      point[1] = vertices[at + 1];
      point[2] = vertices[at + 2];
      photoCamera.project(point, pixel);
      projected[2 * k] = pixel[0];
      projected[2 * k + 1] = pixel[1];
      if (!target.nearestMaskPoint(pixel[0], pixel[1], point)) {
        targets[2 * k] = Double.NaN;
        targets[2 * k + 1] = Double.NaN;
      } else {
        targets[2 * k] = point[0];
        targets[2 * k + 1] = point[1];
      }
    }

    double[] contour = target.contour();
    int[] contourVertices = new int[contour.length / 2];
    for (int c = 0; c < contourVertices.length; c++) {
      int best = -1;
      double bestD = Double.POSITIVE_INFINITY;
      for (int k = 0; k < kept; k++) {
        double dx = projected[2 * k] - contour[2 * c];
        double dy = projected[2 * k + 1] - contour[2 * c + 1];
        double d = dx * dx + dy * dy;
        if (d < bestD) {
          bestD = d;
          best = outline[k];
        }
      }
      contourVertices[c] = best;
    }
    return new SilhouetteMatch(outline, targets, contourVertices, iou);
  }

  private static boolean isOutline(int[] ids, int i, int w, int h) {
    int x = i % w;
    int y = i / w;
    return x == 0
        || y == 0
        || x == w - 1
        || y == h - 1
        || ids[i - 1] < 0
        || ids[i + 1] < 0
        || ids[i - w] < 0
        || ids[i + w] < 0;
  }
}
