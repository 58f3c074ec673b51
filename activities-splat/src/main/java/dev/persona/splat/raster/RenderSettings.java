package dev.persona.splat.raster;

/**
 * How to render: background, antialiasing mode, low-pass dilation, clipping planes and threads.
 *
 * @param backgroundRed linear RGB background composited behind the Gaussians, {@code C = sum_i w_i
 *     c_i + T_final * background}; extra feature channels always composite over zero
 * @param backgroundGreen see {@code backgroundRed}
 * @param backgroundBlue see {@code backgroundRed}
 * @param antialiased gsplat's "antialiased" mode (Yu et al. 2024, Mip-Splatting): each Gaussian's
 *     opacity is scaled by {@code sqrt(det(Sigma2D) / det(Sigma2D + eps2d I))} so that the dilation
 *     does not brighten small Gaussians
 * @param eps2d the screen-space low-pass dilation added to every projected covariance, pixels^2
 *     (0.3 in 3DGS and gsplat)
 * @param nearPlane Gaussians whose mean has camera depth z below this are culled, metres
 * @param farPlane Gaussians whose mean has camera depth z above this are culled, metres
 * @param threads worker threads for the CPU rasterizer (1 = the calling thread only); results do
 *     not depend on it
 */
public record RenderSettings(
    float backgroundRed,
    float backgroundGreen,
    float backgroundBlue,
    boolean antialiased,
    double eps2d,
    double nearPlane,
    double farPlane,
    int threads) {

  /** Side of the square screen tiles, pixels (as 3DGS and gsplat). */
  public static final int TILE_SIZE = 16;

  /** The 3DGS low-pass dilation, pixels^2. */
  public static final double DEFAULT_EPS2D = 0.3;

  /** Default near plane, metres (gsplat's 0.01). */
  public static final double DEFAULT_NEAR = 0.01;

  /** Default far plane, metres (gsplat's 1e10: effectively none). */
  public static final double DEFAULT_FAR = 1e10;

  public RenderSettings {
    if (!Float.isFinite(backgroundRed)
        || !Float.isFinite(backgroundGreen)
        || !Float.isFinite(backgroundBlue)) {
      throw new IllegalArgumentException("background colour must be finite");
    }
    if (!(eps2d >= 0) || Double.isInfinite(eps2d)) {
      throw new IllegalArgumentException("eps2d must be finite and >= 0, got " + eps2d);
    }
    if (!(nearPlane > 0) || !(farPlane > nearPlane)) {
      throw new IllegalArgumentException(
          "need 0 < near < far, got near " + nearPlane + ", far " + farPlane);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  /** Black background, no antialiasing, eps2d 0.3, near 0.01 m, far 1e10 m, one thread. */
  public static RenderSettings defaults() {
    return new RenderSettings(0, 0, 0, false, DEFAULT_EPS2D, DEFAULT_NEAR, DEFAULT_FAR, 1);
  }

  public RenderSettings withBackground(float red, float green, float blue) {
    return new RenderSettings(red, green, blue, antialiased, eps2d, nearPlane, farPlane, threads);
  }

  public RenderSettings withAntialiased(boolean on) {
    return new RenderSettings(
        backgroundRed, backgroundGreen, backgroundBlue, on, eps2d, nearPlane, farPlane, threads);
  }

  public RenderSettings withPlanes(double near, double far) {
    return new RenderSettings(
        backgroundRed, backgroundGreen, backgroundBlue, antialiased, eps2d, near, far, threads);
  }

  public RenderSettings withThreads(int count) {
    return new RenderSettings(
        backgroundRed,
        backgroundGreen,
        backgroundBlue,
        antialiased,
        eps2d,
        nearPlane,
        farPlane,
        count);
  }
}
