package dev.persona.core.dataset.synth;

import dev.persona.core.body.BodyModel;
import dev.persona.core.image.Image;
import dev.persona.core.image.TexturePadding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bakes a {@link SurfacePaint} into a body's UV space: every texel covered by a UV triangle gets
 * the paint at the rest-pose surface point it maps to, averaged over 2x2 samples so fine patterns
 * do not alias. Texels outside every UV island are then filled outward from the island borders
 * ({@link #DILATION} passes) so bilinear lookups at seams never pick up background, and the rest
 * with the mean colour.
 *
 * <p>Texel layout follows OBJ's convention: u right, v up, so UV (u, v) lies at texel column {@code
 * u * size}, row {@code (1 - v) * size}, texel centres at integer + 0.5. Work is split into bands
 * of rows, each written by one thread, so the result is bit-identical for any thread count.
 */
public final class UvTextureBaker {
  private UvTextureBaker() {}

  /** Texels of padding grown around each UV island. */
  public static final int DILATION = 8;

  /** Largest texture side baked: 8192^2 RGB floats are 800 MB. */
  public static final int MAX_SIZE = 8192;

  /**
   * @param body the body whose {@code vt}/{@code ft} define the layout; its template must be the
   *     one {@code paint}'s geometry was made from
   * @param size texture width and height in texels
   * @param threads worker threads (1 or more); the result does not depend on it
   * @return a {@code size x size} linear RGB image
   * @throws IllegalArgumentException when the body has no UVs or the size is out of range
   */
  public static Image bake(BodyModel body, SurfacePaint paint, int size, int threads) {
    if (!body.hasUvs()) {
      throw new IllegalArgumentException(body.name() + " has no texture coordinates (vt/ft)");
    }
    if (size < 8 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "texture size must be in 8.." + MAX_SIZE + ", got " + size);
    }
    float[] colour = new float[size * size * 3];
    int[] samples = new int[size * size];
    int bands = Math.max(1, Math.min(threads, size / 8));
    if (bands == 1) {
      bakeRows(body, paint, size, 0, size, colour, samples);
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(bands);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int b = 0; b < bands; b++) {
          int from = size * b / bands;
          int to = size * (b + 1) / bands;
          done.add(pool.submit(() -> bakeRows(body, paint, size, from, to, colour, samples)));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while baking a texture", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("baking a texture failed", e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    boolean[] filled = new boolean[samples.length];
    for (int t = 0; t < filled.length; t++) {
      filled[t] = samples[t] > 0;
    }
    TexturePadding.pad(colour, filled, size, DILATION);
    return new Image(size, size, 3, colour);
  }

  /** Paints the texels of rows {@code [from, to)} covered by UV triangles. */
  private static void bakeRows(
      BodyModel body,
      SurfacePaint paint,
      int size,
      int from,
      int to,
      float[] colour,
      int[] samples) {
    float[] uvs = body.uvs();
    int[] uvFaces = body.uvFaces();
    int[] faces = body.faces();
    float[] vertices = body.templateVertices();
    RestGeometry geometry = paint.geometry();
    double[] rgb = new double[6];
    for (int f = 0; f < faces.length / 3; f++) {
      double x0 = uvs[uvFaces[f * 3] * 2] * size;
      double y0 = (1 - uvs[uvFaces[f * 3] * 2 + 1]) * size;
      double x1 = uvs[uvFaces[f * 3 + 1] * 2] * size;
      double y1 = (1 - uvs[uvFaces[f * 3 + 1] * 2 + 1]) * size;
      double x2 = uvs[uvFaces[f * 3 + 2] * 2] * size;
      double y2 = (1 - uvs[uvFaces[f * 3 + 2] * 2 + 1]) * size;
      double area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
      if (Math.abs(area) < 1e-12) {
        continue;
      }
      int rowMin = Math.max(from, (int) Math.floor(Math.min(y0, Math.min(y1, y2))));
      int rowMax = Math.min(to - 1, (int) Math.floor(Math.max(y0, Math.max(y1, y2))));
      int colMin = Math.max(0, (int) Math.floor(Math.min(x0, Math.min(x1, x2))));
      int colMax = Math.min(size - 1, (int) Math.floor(Math.max(x0, Math.max(x1, x2))));
      int va = faces[f * 3];
      int vb = faces[f * 3 + 1];
      int vc = faces[f * 3 + 2];
      for (int row = rowMin; row <= rowMax; row++) {
        for (int col = colMin; col <= colMax; col++) {
          for (int s = 0; s < 4; s++) {
            double px = col + 0.25 + 0.5 * (s & 1);
            double py = row + 0.25 + 0.5 * (s >> 1);
            // Barycentrics from edge functions; a sample on an edge counts for both triangles,
            // which only averages two paints of the same surface point.
            double w0 = ((x1 - px) * (y2 - py) - (x2 - px) * (y1 - py)) / area;
            double w1 = ((x2 - px) * (y0 - py) - (x0 - px) * (y2 - py)) / area;
            double w2 = 1 - w0 - w1;
            if (w0 < 0 || w1 < 0 || w2 < 0) {
              continue;
            }
            int dominant = w0 >= w1 ? (w0 >= w2 ? va : vc) : (w1 >= w2 ? vb : vc);
            double x = w0 * vertices[va * 3] + w1 * vertices[vb * 3] + w2 * vertices[vc * 3];
            double y =
                w0 * vertices[va * 3 + 1] + w1 * vertices[vb * 3 + 1] + w2 * vertices[vc * 3 + 1];
            double z =
                w0 * vertices[va * 3 + 2] + w1 * vertices[vb * 3 + 2] + w2 * vertices[vc * 3 + 2];
            paint.paint(geometry.limbOfVertex(dominant), x, y, z, rgb);
            int t = row * size + col;
            colour[t * 3] += (float) rgb[0];
            colour[t * 3 + 1] += (float) rgb[1];
            colour[t * 3 + 2] += (float) rgb[2];
            samples[t]++;
          }
        }
      }
    }
    for (int t = from * size; t < to * size; t++) {
      if (samples[t] > 1) {
        float inv = 1f / samples[t];
        colour[t * 3] *= inv;
        colour[t * 3 + 1] *= inv;
        colour[t * 3 + 2] *= inv;
      }
    }
  }
}
