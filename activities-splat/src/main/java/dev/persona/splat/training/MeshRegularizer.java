package dev.persona.splat.training;

import dev.persona.core.mesh.MeshAdjacency;

/**
 * Regularisers of per-Gaussian values over the mesh graph of the subdivided template (one Gaussian
 * per vertex), with their gradients by hand:
 *
 * <pre>
 *   smoothness  R_L(x) = w/N sum_i ||(L x)_i||^2,   (L x)_i = x_i - 1/|N(i)| sum_{j in N(i)} x_j
 *               dR_L/dx = 2w/N L^T (L x)
 *   magnitude   R_M(x) = w/N sum_i ||x_i||^2,       dR_M/dx = 2w/N x
 * </pre>
 *
 * with L the uniform graph Laplacian (PyTorch3D's {@code mesh_laplacian_smoothing} "uniform";
 * {@link MeshAdjacency#laplacian} computes its negative, which the square does not see, and {@link
 * MeshAdjacency#laplacianTranspose} its transpose) and N the vertex count. Values are vertex-major
 * {@code [N*stride]}; a value may be read at a column offset of a wider row ({@link #gather}). Sums
 * run in vertex order in double: deterministic. One instance keeps scratch for one stride at a time
 * and is not for concurrent use.
 */
public final class MeshRegularizer {
  private final MeshAdjacency adjacency;
  private final int count;
  private float[] lx = new float[0];
  private float[] back = new float[0];

  public MeshRegularizer(MeshAdjacency adjacency) {
    this.adjacency = adjacency;
    this.count = adjacency.vertexCount();
  }

  /** Vertices N. */
  public int count() {
    return count;
  }

  /**
   * The smoothness term and its gradient.
   *
   * @param values {@code [N*stride]}
   * @param weight w
   * @param gradient {@code [N*stride]}: dR/d(values) is added; null to skip
   * @return R_L
   */
  public double laplacian(float[] values, int stride, double weight, float[] gradient) {
    if (weight == 0) {
      return 0;
    }
    int n = count * stride;
    if (lx.length != n) {
      lx = new float[n];
      back = new float[n];
    }
    adjacency.laplacian(values, stride, lx);
    double sum = 0;
    for (int e = 0; e < n; e++) {
      sum += (double) lx[e] * lx[e];
    }
    if (gradient != null) {
      // (-L)^T (-L) = L^T L: the sign of MeshAdjacency's Laplacian cancels.
      adjacency.laplacianTranspose(lx, stride, back);
      double scale = 2.0 * weight / count;
      for (int e = 0; e < n; e++) {
        gradient[e] += (float) (scale * back[e]);
      }
    }
    return weight * sum / count;
  }

  /**
   * The magnitude term and its gradient.
   *
   * @param values {@code [N*stride]}
   * @param gradient {@code [N*stride]}: dR/d(values) is added; null to skip
   * @return R_M
   */
  public double magnitude(float[] values, int stride, double weight, float[] gradient) {
    if (weight == 0) {
      return 0;
    }
    int n = count * stride;
    double sum = 0;
    double scale = 2.0 * weight / count;
    for (int e = 0; e < n; e++) {
      sum += (double) values[e] * values[e];
      if (gradient != null) {
        gradient[e] += (float) (scale * values[e]);
      }
    }
    return weight * sum / count;
  }

  /**
   * Copies columns {@code [column, column + width)} of each row of {@code rows} ({@code
   * [N*rowWidth]}) into {@code dest} ({@code [N*width]}).
   */
  public static void gather(float[] rows, int rowWidth, int column, int width, float[] dest) {
    int n = dest.length / width;
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows, i * rowWidth + column, dest, i * width, width);
    }
  }

  /** Adds {@code src} ({@code [N*width]}) into columns {@code [column, column + width)} of rows. */
  public static void scatterAdd(float[] src, int width, float[] rows, int rowWidth, int column) {
    int n = src.length / width;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < width; c++) {
        rows[i * rowWidth + column + c] += src[i * width + c];
      }
    }
  }
}
