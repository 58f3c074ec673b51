package dev.persona.core.body.procedural;

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

  static TriMesh mesh(BodySdf sdf, ProceduralBodyOptions options) {
    double h = options.cellSize();
    int perPitch = Math.max(2, (int) Math.ceil(Skeleton.FINGER_PITCH / h - 1e-9));
    double hz = Skeleton.FINGER_PITCH / perPitch;
    // Grid lines pass through x = 0 (mirror symmetry), the finger plane and the finger axes.
    double[] xs = lines(0, h, -X_MAX, X_MAX);
    double[] ys = lines(Skeleton.FINGER_PLANE_Y, h, Y_MIN, Y_MAX);
    double[] zs = lines(Skeleton.MIDDLE_FINGER_Z, hz, Z_MIN, Z_MAX);
    int nx = xs.length;
    int ny = ys.length;
    float[] values = new float[nx * ny * zs.length];
    for (int k = 0; k < zs.length; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          values[(k * ny + j) * nx + i] = (float) sdf.distance(xs[i], ys[j], zs[k]);
        }
      }
    }
    TriMesh mesh = SurfaceNets.mesh(xs, ys, zs, values);
    for (int round = 0; round < 3; round++) {
      mesh.taubin(4, 0.5, -0.53);
      mesh.projectOnto(sdf, 2);
    }
    return mesh;
  }

  /** Grid coordinates {@code origin + n * step} covering {@code [min, max]}, ascending. */
  private static double[] lines(double origin, double step, double min, double max) {
    int first = (int) Math.floor((min - origin) / step);
    int last = (int) Math.ceil((max - origin) / step);
    double[] out = new double[last - first + 1];
    for (int n = first; n <= last; n++) {
      out[n - first] = origin + n * step;
    }
    return out;
  }
}
