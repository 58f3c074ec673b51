package dev.persona.splat.loss;

/**
 * Structural similarity (Wang et al. 2004, Eq. 13) with the gradient wrt the rendered image,
 * computed as 3DGS's {@code ssim()} (Kerbl et al. 2023, {@code utils/loss_utils.py}): per colour
 * channel, local statistics under an 11 x 11 Gaussian window of sigma 1.5 (normalised to sum 1),
 * zero padding at the borders (PyTorch {@code conv2d(..., padding=5)}: the window is not
 * renormalised there), C1 = 0.01^2, C2 = 0.03^2 for a dynamic range of 1, and the mean of the SSIM
 * map over pixels and channels:
 *
 * <pre>
 *   mu_x = G * x,  sigma_x^2 = G * x^2 - mu_x^2,  sigma_xy = G * (x y) - mu_x mu_y
 *   S = (2 mu_x mu_y + C1)(2 sigma_xy + C2) / ((mu_x^2 + mu_y^2 + C1)(sigma_x^2 + sigma_y^2 + C2))
 *   SSIM = 1/(3HW) sum_{p,c} w_p S_{p,c}
 * </pre>
 *
 * with an optional per-pixel weight w (1 by default, which gives exactly 3DGS's value). The
 * backward pass goes through the three statistics the rendered image x enters: with per-pixel
 * upstream g = w / (3HW), dSSIM/dx = G^T(g dS/dmu_x) + 2x G^T(g dS/dE[x^2]) + y G^T(g dS/dE[xy]),
 * and the zero-padded symmetric blur is its own transpose.
 *
 * <p>Images are linear RGB, {@code [H*W*3]} interleaved, top row first (core's {@code Image}
 * layout). Arithmetic is in double: sigma^2 is a small difference of two near-equal numbers, and
 * gradient checks need the precision. One instance owns scratch for one image size and is not safe
 * for concurrent use.
 */
public final class Ssim {
  public static final int WINDOW = 11;
  public static final double SIGMA = 1.5;
  public static final double C1 = 0.01 * 0.01;
  public static final double C2 = 0.03 * 0.03;

  private static final int RADIUS = WINDOW / 2;
  private static final int CHANNELS = 3;

  private final int width;
  private final int height;
  private final double[] kernel = gaussianKernel();
  private final double[] x;
  private final double[] y;
  private final double[] product;
  private final double[] temp;
  private final double[] muX;
  private final double[] muY;
  private final double[] eXX;
  private final double[] eYY;
  private final double[] eXY;

  /** Scratch for images of {@code width x height} pixels (about 9 doubles per pixel). */
  public Ssim(int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("bad image size " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    int n = Math.multiplyExact(width, height);
    x = new double[n];
    y = new double[n];
    product = new double[n];
    temp = new double[n];
    muX = new double[n];
    muY = new double[n];
    eXX = new double[n];
    eYY = new double[n];
    eXY = new double[n];
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /**
   * The 1-D window: exp(-(i - 5)^2 / (2 sigma^2)) normalised to sum 1; the 2-D one is its outer
   * product.
   */
  public static double[] gaussianKernel() {
    double[] k = new double[WINDOW];
    double sum = 0;
    for (int i = 0; i < WINDOW; i++) {
      double d = i - RADIUS;
      k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
      sum += k[i];
    }
    for (int i = 0; i < WINDOW; i++) {
      k[i] /= sum;
    }
    return k;
  }

  /**
   * SSIM of {@code rendered} against {@code target}, and optionally its gradient.
   *
   * @param rendered {@code [H*W*3]} linear RGB
   * @param target {@code [H*W*3]} linear RGB
   * @param weights per-pixel weights {@code [H*W]}, or null for 1 everywhere
   * @param gradient {@code [H*W*3]}: {@code scale * dSSIM/d(rendered)} is added to it; null to skip
   *     the backward pass
   * @param scale factor on the added gradient (e.g. -0.2 for the 0.2 (1 - SSIM) loss term)
   * @return the (weighted) mean SSIM
   */
  public double evaluate(
      float[] rendered, float[] target, float[] weights, float[] gradient, double scale) {
    int n = width * height;
    Losses.requireLength(rendered, n * CHANNELS, "rendered");
    Losses.requireLength(target, n * CHANNELS, "target");
    if (weights != null) {
      Losses.requireLength(weights, n, "weights");
    }
    if (gradient != null) {
      Losses.requireLength(gradient, n * CHANNELS, "gradient");
    }
    double norm = 1.0 / (CHANNELS * (double) n);
    double total = 0;
    for (int c = 0; c < CHANNELS; c++) {
      for (int p = 0; p < n; p++) {
        x[p] = rendered[p * CHANNELS + c];
        y[p] = target[p * CHANNELS + c];
      }
      blur(x, muX);
      blur(y, muY);
      for (int p = 0; p < n; p++) {
        product[p] = x[p] * x[p];
      }
      blur(product, eXX);
      for (int p = 0; p < n; p++) {
        product[p] = y[p] * y[p];
      }
      blur(product, eYY);
      for (int p = 0; p < n; p++) {
        product[p] = x[p] * y[p];
      }
      blur(product, eXY);
      // Per pixel: S, then, reusing the statistics' arrays, the upstream-weighted partials
      // g dS/dmu_x (into muX), g dS/dE[x^2] (into eXX) and g dS/dE[xy] (into eXY).
      for (int p = 0; p < n; p++) {
        double mx = muX[p];
        double my = muY[p];
        double sxx = eXX[p] - mx * mx;
        double syy = eYY[p] - my * my;
        double sxy = eXY[p] - mx * my;
        double a1 = 2 * mx * my + C1;
        double a2 = 2 * sxy + C2;
        double b1 = mx * mx + my * my + C1;
        double b2 = sxx + syy + C2;
        double d = b1 * b2;
        double s = a1 * a2 / d;
        double w = weights == null ? 1.0 : weights[p];
        total += w * s;
        double g = w * norm * scale;
        muX[p] = g * (2 * my * (a2 - a1) - s * 2 * mx * (b2 - b1)) / d;
        eXX[p] = -g * s / b2;
        eXY[p] = g * 2 * a1 / d;
      }
      if (gradient != null) {
        blur(muX, muY);
        blur(eXX, eYY);
        blur(eXY, product);
        for (int p = 0; p < n; p++) {
          gradient[p * CHANNELS + c] += (float) (muY[p] + 2 * x[p] * eYY[p] + y[p] * product[p]);
        }
      }
    }
    return total * norm;
  }

  /** out = G * in with zero padding, separably: rows into {@code temp}, then columns. */
  private void blur(double[] in, double[] out) {
    for (int r = 0; r < height; r++) {
      int row = r * width;
      for (int col = 0; col < width; col++) {
        int lo = Math.max(0, col - RADIUS);
        int hi = Math.min(width - 1, col + RADIUS);
        double sum = 0;
        for (int j = lo; j <= hi; j++) {
          sum += kernel[j - col + RADIUS] * in[row + j];
        }
        temp[row + col] = sum;
      }
    }
    for (int r = 0; r < height; r++) {
      int lo = Math.max(0, r - RADIUS);
      int hi = Math.min(height - 1, r + RADIUS);
      int row = r * width;
      for (int col = 0; col < width; col++) {
        out[row + col] = 0;
      }
      for (int i = lo; i <= hi; i++) {
        double k = kernel[i - r + RADIUS];
        int src = i * width;
        for (int col = 0; col < width; col++) {
          out[row + col] += k * temp[src + col];
        }
      }
    }
  }
}
