package dev.persona.splat.raster;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;

/**
 * Renders 3D Gaussians through a pinhole camera and back-propagates image gradients to their
 * parameters, as the 3DGS rasterizer (Kerbl et al. 2023) and gsplat do. The algorithm, equations
 * and cut-offs are in {@code docs/gaussian-rasterizer.md}.
 *
 * <p>Implementations may keep scratch buffers between calls: an instance is not for concurrent use
 * (use one per thread). A {@link Rendering} refers to the Gaussians it was made from; do not change
 * them between {@link #render} and {@link #backward}.
 */
public interface GaussianRasterizer {

  /**
   * Renders colour (background composited), alpha, expected depth and the extra feature channels.
   *
   * @throws dev.persona.core.InvalidInputException (MALFORMED) when a Gaussian has a non-finite
   *     parameter or a zero quaternion; (TOO_LARGE) when the image is too large to allocate
   */
  Rendering render(Gaussians gaussians, PinholeCamera camera, RenderSettings settings);

  /**
   * Gradients of a loss with respect to every Gaussian parameter, given the loss's gradients with
   * respect to the images of {@code forward} (which must come from this rasterizer).
   *
   * @throws IllegalArgumentException when a gradient image has the wrong size or {@code forward}
   *     came from another rasterizer
   */
  default GaussianGradients backward(Rendering forward, RenderingGradient dLoss) {
    Gaussians g = forward.gaussians();
    GaussianGradients dest = new GaussianGradients(g.count(), g.shDegree(), g.featureChannels());
    backward(forward, dLoss, dest);
    return dest;
  }

  /**
   * As {@link #backward(Rendering, RenderingGradient)}, writing into {@code dest} (overwritten, not
   * accumulated) so that a training loop reuses one gradient buffer.
   */
  void backward(Rendering forward, RenderingGradient dLoss, GaussianGradients dest);
}
