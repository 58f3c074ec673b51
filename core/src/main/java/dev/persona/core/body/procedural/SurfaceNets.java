package dev.persona.core.body.procedural;

import dev.persona.core.mesh.IntArrayBuilder;

/**
 * Naive surface nets (Gibson 1998) on a rectilinear grid, with a topology clean-up that makes the
 * output a closed, consistently oriented 2-manifold.
 *
 * <p>Surface nets puts one vertex in every cell the surface crosses (at the mean of the crossing
 * points on the cell's edges) and one quad across every grid edge with a sign change, joining the
 * four cells around that edge. The result is an edge-manifold, vertex-manifold surface exactly when
 * every cell is "simple": no face has its inside corners on one diagonal and its outside corners on
 * the other, and the inside corners, and the outside corners, are each connected along cube edges
 * (then the crossing edges of the cell form one loop, so each vertex's quads form one disc and each
 * face of the grid carries 0 or 2 crossings, so each mesh edge has 2 quads). Cells that are not
 * simple, where the field is under-resolved, are fixed before meshing by moving the outside corner
 * nearest to the surface just inside (a local dilation): it only ever adds inside samples, so it
 * terminates, and it joins thin features rather than cutting them.
 */
final class SurfaceNets {
  private SurfaceNets() {}

  /** Value given to a corner moved inside by the clean-up: just below the iso-level. */
  private static final float DILATED = -1e-6f;

  private static final boolean[] SIMPLE = simpleTable();

  /**
   * Meshes the zero level set of a sampled field.
   *
   * @param xs grid x coordinates {@code [nx]} ascending, metres (likewise ys, zs)
   * @param values field samples {@code [nz*ny*nx]}, index {@code (k*ny + j)*nx + i}, negative
   *     inside; the outermost layer must be outside. Modified in place by the clean-up.
   * @return the mesh: triangles counter-clockwise seen from outside
   */
  static TriMesh mesh(double[] xs, double[] ys, double[] zs, float[] values) {
    int nx = xs.length;
    int ny = ys.length;
    int nz = zs.length;
    makeSimple(nx, ny, nz, values);

    int cx = nx - 1;
    int cy = ny - 1;
    int[] cellVertex = new int[cx * cy * (nz - 1)];
    java.util.Arrays.fill(cellVertex, -1);
    double[] pos = new double[3 * 4096];
    int count = 0;
    double[] corner = new double[8];
    for (int k = 0; k < nz - 1; k++) {
      for (int j = 0; j < ny - 1; j++) {
        for (int i = 0; i < nx - 1; i++) {
          int mask = 0;
          for (int b = 0; b < 8; b++) {
            float v = values[index(nx, ny, i + (b & 1), j + ((b >> 1) & 1), k + (b >> 2))];
            corner[b] = v;
            if (v < 0) {
              mask |= 1 << b;
            }
          }
          if (mask == 0 || mask == 255) {
            continue;
          }
          double sx = 0;
          double sy = 0;
          double sz = 0;
          int crossings = 0;
          for (int a = 0; a < 8; a++) {
            for (int axis = 0; axis < 3; axis++) {
              int b = a | (1 << axis);
              if (b == a || ((mask >> a) & 1) == ((mask >> b) & 1)) {
                continue;
              }
              double t = corner[a] / (corner[a] - corner[b]);
              double px = xs[i + (a & 1)];
              double py = ys[j + ((a >> 1) & 1)];
              double pz = zs[k + (a >> 2)];
              if (axis == 0) {
                px += t * (xs[i + 1] - xs[i]);
              } else if (axis == 1) {
                py += t * (ys[j + 1] - ys[j]);
              } else {
                pz += t * (zs[k + 1] - zs[k]);
              }
              sx += px;
              sy += py;
              sz += pz;
              crossings++;
            }
          }
          if (count * 3 + 3 > pos.length) {
            pos = java.util.Arrays.copyOf(pos, pos.length * 2);
          }
          pos[count * 3] = sx / crossings;
          pos[count * 3 + 1] = sy / crossings;
          pos[count * 3 + 2] = sz / crossings;
          cellVertex[(k * cy + j) * cx + i] = count++;
        }
      }
    }

    IntArrayBuilder tris = new IntArrayBuilder(1024);
    int[] q = new int[4];
    for (int k = 1; k < nz - 1; k++) {
      for (int j = 1; j < ny - 1; j++) {
        for (int i = 1; i < nx - 1; i++) {
          boolean in = values[index(nx, ny, i, j, k)] < 0;
          if (in != (values[index(nx, ny, i + 1, j, k)] < 0)) {
            q[0] = cellVertex[(k - 1) * cy * cx + (j - 1) * cx + i];
            q[1] = cellVertex[(k - 1) * cy * cx + j * cx + i];
            q[2] = cellVertex[k * cy * cx + j * cx + i];
            q[3] = cellVertex[k * cy * cx + (j - 1) * cx + i];
            quad(q, in, pos, tris);
          }
          if (in != (values[index(nx, ny, i, j + 1, k)] < 0)) {
            q[0] = cellVertex[(k - 1) * cy * cx + j * cx + i - 1];
            q[1] = cellVertex[k * cy * cx + j * cx + i - 1];
            q[2] = cellVertex[k * cy * cx + j * cx + i];
            q[3] = cellVertex[(k - 1) * cy * cx + j * cx + i];
            quad(q, in, pos, tris);
          }
          if (in != (values[index(nx, ny, i, j, k + 1)] < 0)) {
            q[0] = cellVertex[k * cy * cx + (j - 1) * cx + i - 1];
            q[1] = cellVertex[k * cy * cx + (j - 1) * cx + i];
            q[2] = cellVertex[k * cy * cx + j * cx + i];
            q[3] = cellVertex[k * cy * cx + j * cx + i - 1];
            quad(q, in, pos, tris);
          }
        }
      }
    }
    return new TriMesh(java.util.Arrays.copyOf(pos, count * 3), tris.toArray());
  }

  /**
   * Emits a quad as two triangles split along its shorter diagonal. The cells are in the
   * counter-clockwise order seen from the positive end of the grid edge; {@code insideFirst} (the
   * edge's lower end is inside) means the surface faces that way.
   */
  private static void quad(int[] q, boolean insideFirst, double[] pos, IntArrayBuilder tris) {
    int a = q[0];
    int b = insideFirst ? q[1] : q[3];
    int c = q[2];
    int d = insideFirst ? q[3] : q[1];
    if (dist2(pos, a, c) <= dist2(pos, b, d)) {
      tris.addTriangle(a, b, c);
      tris.addTriangle(a, c, d);
    } else {
      tris.addTriangle(a, b, d);
      tris.addTriangle(b, c, d);
    }
  }

  private static double dist2(double[] pos, int a, int b) {
    double dx = pos[a * 3] - pos[b * 3];
    double dy = pos[a * 3 + 1] - pos[b * 3 + 1];
    double dz = pos[a * 3 + 2] - pos[b * 3 + 2];
    return dx * dx + dy * dy + dz * dz;
  }

  private static int index(int nx, int ny, int i, int j, int k) {
    return (k * ny + j) * nx + i;
  }

  /** Dilates until every cell is simple (see the class doc). Sweeps until nothing changes. */
  static void makeSimple(int nx, int ny, int nz, float[] values) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int k = 0; k < nz - 1; k++) {
        for (int j = 0; j < ny - 1; j++) {
          for (int i = 0; i < nx - 1; i++) {
            while (true) {
              int mask = 0;
              int nearestOutside = -1;
              float nearest = Float.POSITIVE_INFINITY;
              for (int b = 0; b < 8; b++) {
                int at = index(nx, ny, i + (b & 1), j + ((b >> 1) & 1), k + (b >> 2));
                float v = values[at];
                if (v < 0) {
                  mask |= 1 << b;
                } else if (v < nearest) {
                  nearest = v;
                  nearestOutside = at;
                }
              }
              if (SIMPLE[mask]) {
                break;
              }
              values[nearestOutside] = DILATED;
              changed = true;
            }
          }
        }
      }
    }
  }

  /** For each 8-bit inside mask (bit {@code x + 2y + 4z}), whether the cell is simple. */
  private static boolean[] simpleTable() {
    boolean[] table = new boolean[256];
    for (int mask = 0; mask < 256; mask++) {
      table[mask] = !hasAmbiguousFace(mask) && connected(mask) && connected(~mask & 255);
    }
    return table;
  }

  private static boolean hasAmbiguousFace(int mask) {
    for (int axis = 0; axis < 3; axis++) {
      int u = 1 << ((axis + 1) % 3);
      int v = 1 << ((axis + 2) % 3);
      for (int side = 0; side < 2; side++) {
        int base = side << axis;
        boolean c00 = ((mask >> base) & 1) != 0;
        boolean c10 = ((mask >> (base | u)) & 1) != 0;
        boolean c11 = ((mask >> (base | u | v)) & 1) != 0;
        boolean c01 = ((mask >> (base | v)) & 1) != 0;
        if (c00 == c11 && c10 == c01 && c00 != c10) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the corners in {@code set} are connected along cube edges (true when empty). */
  private static boolean connected(int set) {
    if (set == 0) {
      return true;
    }
    int start = Integer.numberOfTrailingZeros(set);
    int reached = 1 << start;
    boolean grew = true;
    while (grew) {
      grew = false;
      for (int c = 0; c < 8; c++) {
        if (((reached >> c) & 1) == 0) {
          continue;
        }
        for (int axis = 0; axis < 3; axis++) {
          int n = c ^ (1 << axis);
          if (((set >> n) & 1) != 0 && ((reached >> n) & 1) == 0) {
            reached |= 1 << n;
            grew = true;
          }
        }
      }
    }
    return reached == set;
  }
}
