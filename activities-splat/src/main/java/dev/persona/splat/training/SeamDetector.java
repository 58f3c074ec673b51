package dev.persona.splat.training;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.raster.GaussianRasterizer;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.raster.Rendering;
import java.util.Arrays;

/**
 * PERSONA's seam boundaries on the input photo (Sim &amp; Moon 2025, Sec. 3.4): where, in the
 * photo's view, one body part ends in front of another (an arm over the torso, the legs against
 * each other), the photo's pixels mix both parts and the avatar cannot match them from any single
 * surface point; PERSONA lowers the photo's loss there. Found as jumps in a rendered map of
 * canonical positions:
 *
 * <ol>
 *   <li>render the posed avatar with each Gaussian's canonical position as 3 feature channels; the
 *       rasterizer composites {@code F = sum_i w_i x_i}, so {@code P = F / alpha} is the canonical
 *       point seen at each pixel (only where alpha &gt;= {@value #MIN_ALPHA}: the silhouette
 *       against the background is no seam);
 *   <li>Sobel on each of P's three channels; the edge strength {@code e = ||(G_x, G_y)|| / 4} over
 *       all six responses is scaled so that a step of height D between two neighbouring pixels
 *       gives e = D at both, and a ramp of slope s per pixel gives e = 2 s;
 *   <li>a pixel is a seam when {@code e > max(threshold, }{@value #FOOTPRINTS}{@code z/f)}: the
 *       absolute threshold (5 cm by default: an arm over the torso jumps by 10 cm or more), or
 *       {@value #FOOTPRINTS} pixel footprints at the pixel's depth z, so that a surface seen at a
 *       grazing angle (canonical position changing several footprints per pixel) is not taken for a
 *       seam at low resolution;
 *   <li>the seam pixels are grown by {@code dilation} pixels (a square of side 2 dilation + 1).
 * </ol>
 *
 * Pixels next to the background (or the image border) are never seams: the surface turns away
 * there, so its canonical position changes fast without any seam.
 */
public final class SeamDetector {
  /** Pixels below this alpha have no reliable canonical position. */
  public static final float MIN_ALPHA = 0.5f;

  /** Pixel footprints per pixel below which a jump is surface slope, not a seam. */
  public static final double FOOTPRINTS = 6.0;

  private SeamDetector() {}

  /**
   * Seam pixels of the Gaussians as seen by {@code camera}.
   *
   * @param posed the posed Gaussians (world frame); not modified
   * @param canonical {@code [N*3]} each Gaussian's canonical position, metres
   * @param threshold smallest jump counted as a seam, metres
   * @param dilation pixels the seams are grown by
   * @return {@code [H*W]} true on seam pixels (dilated)
   */
  public static boolean[] detect(
      GaussianRasterizer rasterizer,
      Gaussians posed,
      float[] canonical,
      PinholeCamera camera,
      RenderSettings settings,
      double threshold,
      int dilation) {
    int n = posed.count();
    if (canonical.length != n * 3) {
      throw new IllegalArgumentException(
          "canonical must have " + (n * 3) + " values, has " + canonical.length);
    }
    Gaussians withFeatures =
        new Gaussians(
            n,
            posed.shDegree(),
            3,
            posed.means(),
            posed.logScales(),
            posed.rotations(),
            posed.opacityLogits(),
            posed.sh(),
            canonical);
    Rendering r = rasterizer.render(withFeatures, camera, settings);
    int w = camera.width();
    int h = camera.height();
    float[] alpha = r.alpha();
    float[] f = r.features();
    double[] p = new double[w * h * 3];
    boolean[] valid = new boolean[w * h];
    for (int q = 0; q < w * h; q++) {
      if (alpha[q] >= MIN_ALPHA) {
        valid[q] = true;
        for (int c = 0; c < 3; c++) {
          p[q * 3 + c] = f[q * 3 + c] / alpha[q];
        }
      }
    }
    float[] depth = r.depth();
    boolean[] seam = new boolean[w * h];
    double[] gx = new double[3];
    double[] gy = new double[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int q = y * w + x;
        if (!valid[q] || nearBackground(valid, w, h, x, y)) {
          continue;
        }
        Arrays.fill(gx, 0);
        Arrays.fill(gy, 0);
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            // Sobel: [-1 0 1; -2 0 2; -1 0 1] and its transpose.
            int kx = dx * (dy == 0 ? 2 : 1);
            int ky = dy * (dx == 0 ? 2 : 1);
            if (kx == 0 && ky == 0) {
              continue;
            }
            // Every neighbour is on the body and inside the image (nearBackground above).
            int s = (y + dy) * w + x + dx;
            for (int c = 0; c < 3; c++) {
              gx[c] += kx * p[s * 3 + c];
              gy[c] += ky * p[s * 3 + c];
            }
          }
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
          sum += gx[c] * gx[c] + gy[c] * gy[c];
        }
        double e = Math.sqrt(sum) / 4;
        double footprint = depth[q] / Math.min(camera.fx(), camera.fy());
        seam[q] = e > Math.max(threshold, FOOTPRINTS * footprint);
      }
    }
    return dilate(seam, w, h, dilation);
  }

  /**
   * Whether a pixel of the 3x3 neighbourhood is off the body or outside the image: there the
   * surface turns away from the camera and its canonical position changes by many footprints per
   * pixel without any seam.
   */
  private static boolean nearBackground(boolean[] valid, int w, int h, int x, int y) {
    for (int yy = y - 1; yy <= y + 1; yy++) {
      for (int xx = x - 1; xx <= x + 1; xx++) {
        if (xx < 0 || xx >= w || yy < 0 || yy >= h || !valid[yy * w + xx]) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code mask} grown by {@code radius} pixels (Chebyshev distance), separably. */
  static boolean[] dilate(boolean[] mask, int w, int h, int radius) {
    if (radius == 0) {
      return mask.clone();
    }
    boolean[] rows = new boolean[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean any = false;
        for (int xx = Math.max(0, x - radius); xx <= Math.min(w - 1, x + radius) && !any; xx++) {
          any = mask[y * w + xx];
        }
        rows[y * w + x] = any;
      }
    }
    boolean[] out = new boolean[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean any = false;
        for (int yy = Math.max(0, y - radius); yy <= Math.min(h - 1, y + radius) && !any; yy++) {
          any = rows[yy * w + x];
        }
        out[y * w + x] = any;
      }
    }
    return out;
  }

  /**
   * Per-pixel loss weights from a seam map: {@code seamWeight} on seams, 1 elsewhere.
   *
   * @return {@code [H*W]}
   */
  public static float[] weights(boolean[] seams, double seamWeight) {
    float[] w = new float[seams.length];
    for (int q = 0; q < seams.length; q++) {
      w[q] = seams[q] ? (float) seamWeight : 1f;
    }
    return w;
  }

  /**
   * A picture for a person: the image darkened to half, seam pixels red.
   *
   * @param image {@code [H*W*3]} linear RGB
   */
  public static Image overlay(float[] image, boolean[] seams, int width, int height) {
    float[] data = new float[width * height * 3];
    for (int q = 0; q < width * height; q++) {
      for (int c = 0; c < 3; c++) {
        data[q * 3 + c] = seams[q] ? (c == 0 ? 1f : 0f) : 0.5f * image[q * 3 + c];
      }
    }
    return new Image(width, height, 3, data);
  }
}
