package dev.persona.splat.raster;

/**
 * The screen-space Gaussians of one render, structure of arrays indexed by Gaussian (the layout a
 * CUDA kernel reads). A Gaussian with {@code radiusX[i] == 0} was culled and takes no part.
 *
 * <ul>
 *   <li>{@code meanX, meanY [N]}: projected mean, pixels (pixel centres at integer + 0.5);
 *   <li>{@code depth [N]}: camera-space z of the mean, metres (sort key and depth output);
 *   <li>{@code conicA, conicB, conicC [N]}: the inverse 2D covariance [[a, b], [b, c]], 1/pixels^2;
 *   <li>{@code opacity [N]}: sigmoid(logit), times the antialiasing compensation when on;
 *   <li>{@code powerLimit [N]}: a Gaussian contributes to a pixel only where its power sigma = 0.5
 *       d^T conic d is at most this: min(4.5, ln(255 opacity) + 1e-3), the 3-sigma cut and a
 *       slightly loose pre-test of alpha >= 1/255 that spares the exponential;
 *   <li>{@code color [N*3]}: SH colour for this view, clamped at zero;
 *   <li>{@code radiusX, radiusY [N]}: half extent of the screen bounding box, pixels;
 *   <li>{@code compensation [N]}: the antialiasing opacity factor (1 when off).
 * </ul>
 */
final class ProjectedGaussians {
  final int count;
  final float[] meanX;
  final float[] meanY;
  final float[] depth;
  final float[] conicA;
  final float[] conicB;
  final float[] conicC;
  final float[] opacity;
  final float[] powerLimit;
  final float[] color;
  final int[] radiusX;
  final int[] radiusY;
  final float[] compensation;

  ProjectedGaussians(int count) {
    this.count = count;
    meanX = new float[count];
    meanY = new float[count];
    depth = new float[count];
    conicA = new float[count];
    conicB = new float[count];
    conicC = new float[count];
    opacity = new float[count];
    powerLimit = new float[count];
    color = new float[count * 3];
    radiusX = new int[count];
    radiusY = new int[count];
    compensation = new float[count];
  }

  boolean visible(int i) {
    return radiusX[i] > 0;
  }
}
