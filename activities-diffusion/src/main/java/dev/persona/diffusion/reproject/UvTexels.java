package dev.persona.diffusion.reproject;

import dev.persona.core.body.BodyModel;
import java.util.Arrays;

/**
 * Which surface point each texel of a body's UV layout shows: the triangle whose UV image contains
 * the texel centre and the centre's barycentric coordinates in it (OBJ convention: UV (u, v) at
 * texel column {@code u * size}, row {@code (1 - v) * size}, texel centres at integer + 0.5).
 *
 * @param size texels per side
 * @param face {@code [size*size]} triangle index, -1 where no triangle covers the texel
 * @param barycentrics {@code [size*size*3]} weights of the triangle's three corners
 */
record UvTexels(int size, int[] face, float[] barycentrics) {
  /** Where UV triangles overlap, the first triangle (lowest index) keeps the texel. */
  static UvTexels of(BodyModel body, int size) {
    if (!body.hasUvs()) {
      throw new IllegalArgumentException(body.name() + " has no texture coordinates (vt/ft)");
    }
    float[] uvs = body.uvs();
    int[] uvFaces = body.uvFaces();
    int[] face = new int[size * size];
    Arrays.fill(face, -1);
    float[] bary = new float[size * size * 3];
    for (int f = 0; f < uvFaces.length / 3; f++) {
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
      int rowMin = Math.max(0, (int) Math.floor(Math.min(y0, Math.min(y1, y2))));
      int rowMax = Math.min(size - 1, (int) Math.floor(Math.max(y0, Math.max(y1, y2))));
      int colMin = Math.max(0, (int) Math.floor(Math.min(x0, Math.min(x1, x2))));
      int colMax = Math.min(size - 1, (int) Math.floor(Math.max(x0, Math.max(x1, x2))));
      for (int row = rowMin; row <= rowMax; row++) {
        for (int col = colMin; col <= colMax; col++) {
          int t = row * size + col;
          if (face[t] >= 0) {
            continue;
          }
          double px = col + 0.5;
          double py = row + 0.5;
          double w0 = ((x1 - px) * (y2 - py) - (x2 - px) * (y1 - py)) / area;
          double w1 = ((x2 - px) * (y0 - py) - (x0 - px) * (y2 - py)) / area;
          double w2 = 1 - w0 - w1;
          if (w0 < 0 || w1 < 0 || w2 < 0) {
            continue;
          }
          face[t] = f;
          bary[t * 3] = (float) w0;
          bary[t * 3 + 1] = (float) w1;
          bary[t * 3 + 2] = (float) w2;
        }
      }
    }
    return new UvTexels(size, face, bary);
  }

  /**
   * The surface point of texel {@code t} from per-vertex values.
   *
   * @param faces {@code [F*3]} the body's (position) triangles
   * @param values {@code [V*3]} per-vertex points or vectors
   * @param dest {@code [3]}
   */
  void interpolate(int t, int[] faces, double[] values, double[] dest) {
    int f = face[t];
    int a = faces[f * 3] * 3;
    int b = faces[f * 3 + 1] * 3;
    int c = faces[f * 3 + 2] * 3;
    double w0 = barycentrics[t * 3];
    double w1 = barycentrics[t * 3 + 1];
    double w2 = barycentrics[t * 3 + 2];
    for (int k = 0; k < 3; k++) {
      dest[k] = w0 * values[a + k] + w1 * values[b + k] + w2 * values[c + k];
    }
  }
}
