package dev.persona.core.body.procedural;

import java.util.stream.IntStream;

/**
 * Samples {@link BodySdf} on a grid, meshes it with {@link SurfaceNets}, and fairs the result:
 * Taubin smoothing alternated with projection back onto the field, so the grid's staircase goes
 * while the shape stays that of the field.
 */
final class BodyMesher {
  private BodyMesher() {}

  /** Bounds of the sampled box, metres; a margin of empty cells lies inside them. */
  private static final double X_MAX = 0.92;

  private static final double Y_MIN = -1.0;
  private static final double Y_MAX = 0.80;
  private static final double Z_MIN = -0.18;
  private static final double Z_MAX = 0.22;

  /** Stride of the coarse grid that decides where the field must be sampled exactly. */
  private static final int COARSE = 4;

  static TriMesh mesh(BodySdf sdf, ProceduralBodyOptions options) {
    double h = options.cellSize();
    int perPitch = Math.max(2, (int) Math.ceil(Skeleton.FINGER_PITCH / h - 1e-9));
    double hz = Skeleton.FINGER_PITCH / perPitch;
    // Grid lines pass through x = 0 (mirror symmetry), the finger plane and the finger axes.
    double[] xs = lines(0, h, -X_MAX, X_MAX);
    double[] ys = lines(Skeleton.FINGER_PLANE_Y, h, Y_MIN, Y_MAX);
    double[] zs = lines(Skeleton.MIDDLE_FINGER_Z, hz, Z_MIN, Z_MAX);
    float[] values = sample(sdf, xs, ys, zs);
    TriMesh mesh = SurfaceNets.mesh(xs, ys, zs, values);
    for (int round = 0; round < 3; round++) {
      mesh.taubin(4, 0.5, -0.53);
      mesh.projectOnto(sdf, round == 0 ? 2 : 1);
    }
    return mesh;
  }

  /**
   * The field at every grid point {@code [nz*ny*nx]}, index {@code (k*ny + j)*nx + i}. Exact near
   * the surface; far from it, filled by trilinear interpolation from a grid {@value #COARSE} times
   * coarser. A coarse cell counts as far when one of its corners is further from the surface than
   * 1.5 times the cell's diagonal plus two fine cells: the field changes by at most 1 per metre
   * (1.5 allows for the ellipsoids' approximate distance), so the whole cell then has that corner's
   * sign and lies more than two fine cells from the surface, where no sign change, no surface-nets
   * vertex and no clean-up decision can occur; the interpolant keeps the sign. This skips most of
   * the box at a fraction of the cost and gives the same mesh as sampling everything.
   */
  private static float[] sample(BodySdf sdf, double[] xs, double[] ys, double[] zs) {
    int nx = xs.length;
    int ny = ys.length;
    int nz = zs.length;
    int cx = (nx - 1) / COARSE;
    int cy = (ny - 1) / COARSE;
    int cz = (nz - 1) / COARSE;
    float[] coarse = new float[(cx + 1) * (cy + 1) * (cz + 1)];
    // Every value below depends only on its own point, so any thread count gives the same field.
    IntStream.rangeClosed(0, cz)
        .parallel()
        .forEach(
            k -> {
              for (int j = 0; j <= cy; j++) {
                for (int i = 0; i <= cx; i++) {
                  coarse[(k * (cy + 1) + j) * (cx + 1) + i] =
                      (float) sdf.distance(xs[i * COARSE], ys[j * COARSE], zs[k * COARSE]);
                }
              }
            });
    double hx = xs[1] - xs[0];
    double hy = ys[1] - ys[0];
    double hz = zs[1] - zs[0];
    double diagonal = COARSE * Math.sqrt(hx * hx + hy * hy + hz * hz);
    double far = 1.5 * diagonal + 2 * Math.max(hx, Math.max(hy, hz));
    boolean[] near = new boolean[cx * cy * cz];
    for (int k = 0; k < cz; k++) {
      for (int j = 0; j < cy; j++) {
        for (int i = 0; i < cx; i++) {
          boolean isFar = false;
          for (int b = 0; b < 8; b++) {
            int at = ((k + (b >> 2)) * (cy + 1) + j + ((b >> 1) & 1)) * (cx + 1) + i + (b & 1);
            isFar |= Math.abs(coarse[at]) > far;
          }
          near[(k * cy + j) * cx + i] = !isFar;
        }
      }
    }
    float[] values = new float[nx * ny * nz];
    IntStream.range(0, nz)
        .parallel()
        .forEach(
            kk -> {
              for (int jj = 0; jj < ny; jj++) {
                for (int ii = 0; ii < nx; ii++) {
                  int at = (kk * ny + jj) * nx + ii;
                  if (touchesNearCell(near, cx, cy, cz, ii, jj, kk)) {
                    values[at] = (float) sdf.distance(xs[ii], ys[jj], zs[kk]);
                  } else {
                    values[at] = interpolate(coarse, cx, cy, cz, ii, jj, kk);
                  }
                }
              }
            });
    return values;
  }

  /** Whether any coarse cell that holds fine sample (ii, jj, kk) is near the surface. */
  private static boolean touchesNearCell(
      boolean[] near, int cx, int cy, int cz, int ii, int jj, int kk) {
    int i1 = Math.min(ii / COARSE, cx - 1);
    int j1 = Math.min(jj / COARSE, cy - 1);
    int k1 = Math.min(kk / COARSE, cz - 1);
    int i0 = ii % COARSE == 0 ? Math.max(ii / COARSE - 1, 0) : i1;
    int j0 = jj % COARSE == 0 ? Math.max(jj / COARSE - 1, 0) : j1;
    int k0 = kk % COARSE == 0 ? Math.max(kk / COARSE - 1, 0) : k1;
    for (int k = k0; k <= k1; k++) {
      for (int j = j0; j <= j1; j++) {
        for (int i = i0; i <= i1; i++) {
          if (near[(k * cy + j) * cx + i]) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Trilinear interpolation of the coarse field at fine sample (ii, jj, kk). */
  private static float interpolate(float[] coarse, int cx, int cy, int cz, int ii, int jj, int kk) {
    int i = Math.min(ii / COARSE, cx - 1);
    int j = Math.min(jj / COARSE, cy - 1);
    int k = Math.min(kk / COARSE, cz - 1);
    double u = (double) (ii - i * COARSE) / COARSE;
    double v = (double) (jj - j * COARSE) / COARSE;
    double w = (double) (kk - k * COARSE) / COARSE;
    int sy = cx + 1;
    int sz = (cx + 1) * (cy + 1);
    int at = k * sz + j * sy + i;
    double c00 = coarse[at] + u * (coarse[at + 1] - coarse[at]);
    double c10 = coarse[at + sy] + u * (coarse[at + sy + 1] - coarse[at + sy]);
    double c01 = coarse[at + sz] + u * (coarse[at + sz + 1] - coarse[at + sz]);
    double c11 = coarse[at + sz + sy] + u * (coarse[at + sz + sy + 1] - coarse[at + sz + sy]);
    double c0 = c00 + v * (c10 - c00);
    double c1 = c01 + v * (c11 - c01);
    return (float) (c0 + w * (c1 - c0));
  }

  /** Grid coordinates {@code origin + n * step} covering {@code [min, max]}, ascending. */
  private static double[] lines(double origin, double step, double min, double max) {
    int first = (int) Math.floor((min - origin) / step);
    int last = (int) Math.ceil((max - origin) / step);
    // Whole coarse cells (a count of lines one more than a multiple of COARSE), grown evenly at
    // both ends so that a grid symmetric about 0 stays symmetric.
    int grow = Math.floorMod(first - last, COARSE);
    first -= grow / 2;
    last += grow - grow / 2;
    double[] out = new double[last - first + 1];
    for (int n = first; n <= last; n++) {
      out[n - first] = origin + n * step;
    }
    return out;
  }
}
