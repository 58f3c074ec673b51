package dev.persona.splat.raster;

/**
 * The per-tile kernels of the fast rasterizer: front-to-back alpha compositing of one 16x16 tile
 * (3DGS {@code renderCUDA}, gsplat {@code rasterize_to_pixels_fwd}) and its back-to-front gradient
 * pass ({@code rasterize_to_pixels_bwd}). One instance per worker thread: it owns the tile-local
 * copies of the Gaussians (the CUDA kernels' shared memory) and the per-pair gradient accumulators.
 *
 * <p>Per pixel p with centre (x + 0.5, y + 0.5), over the tile's Gaussians i in depth order:
 *
 * <pre>
 *   d = p - mean2d_i,  power = 0.5 (a dx^2 + c dy^2) + b dx dy
 *   skip if power > 4.5 (outside 3 sigma)
 *   alpha = min(0.99, opacity_i exp(-power)),  skip if alpha < 1/255
 *   stop before i if T (1 - alpha) < 1e-4
 *   w_i = alpha T,  C += w_i c_i,  S += w_i z_i,  F += w_i f_i,  T *= 1 - alpha
 * </pre>
 *
 * The 3-sigma cut makes a pixel's result independent of which tiles a Gaussian's box happens to
 * cover (3DGS and gsplat evaluate every pixel of every overlapped tile, so their faint tails depend
 * on the tiling); the reference rasterizer applies the same rule.
 */
final class TileRasterizer {
  static final float ALPHA_MIN = 1f / 255f;
  static final float ALPHA_MAX = 0.99f;
  static final float TRANSMITTANCE_MIN = 1e-4f;

  /**
   * Per-pair gradient layout in the partial and screen-gradient arrays: mean2d x, y; conic a, b, c;
   * opacity; colour r, g, b; depth; |mean2d x|, |mean2d y| sums; then the F features.
   */
  static final int BASE_STRIDE = 12;

  private final int featureChannels;
  private float[] meanX = new float[0];
  private float[] meanY = new float[0];
  private float[] conicA = new float[0];
  private float[] conicB = new float[0];
  private float[] conicC = new float[0];
  private float[] opacity = new float[0];
  private float[] powerLimit = new float[0];
  private float[] red = new float[0];
  private float[] green = new float[0];
  private float[] blue = new float[0];
  private float[] depth = new float[0];
  private int[] id = new int[0];
  private double[] accumulator = new double[0];
  private final double[] pixelFeatures;
  private final double[] featureGradient;
  private final double[] featureBehind;
  long evaluations;

  TileRasterizer(int featureChannels) {
    this.featureChannels = featureChannels;
    this.pixelFeatures = new double[featureChannels];
    this.featureGradient = new double[featureChannels];
    this.featureBehind = new double[featureChannels];
  }

  int featureChannels() {
    return featureChannels;
  }

  private void ensureCapacity(int n) {
    if (meanX.length >= n) {
      return;
    }
    int cap = Math.max(n, meanX.length * 3 / 2);
    meanX = new float[cap];
    meanY = new float[cap];
    conicA = new float[cap];
    conicB = new float[cap];
    conicC = new float[cap];
    opacity = new float[cap];
    powerLimit = new float[cap];
    red = new float[cap];
    green = new float[cap];
    blue = new float[cap];
    depth = new float[cap];
    id = new int[cap];
  }

  /** Copies tile {@code tile}'s Gaussians into the local arrays; returns how many. */
  private int load(ProjectedGaussians p, TileBins bins, int tile) {
    int start = bins.tileStart[tile];
    int n = bins.tileStart[tile + 1] - start;
    ensureCapacity(n);
    for (int k = 0; k < n; k++) {
      int g = bins.tileGaussians[start + k];
      id[k] = g;
      meanX[k] = p.meanX[g];
      meanY[k] = p.meanY[g];
      conicA[k] = p.conicA[g];
      conicB[k] = p.conicB[g];
      conicC[k] = p.conicC[g];
      opacity[k] = p.opacity[g];
      powerLimit[k] = p.powerLimit[g];
      red[k] = p.color[g * 3];
      green[k] = p.color[g * 3 + 1];
      blue[k] = p.color[g * 3 + 2];
      depth[k] = p.depth[g];
    }
    return n;
  }

  /** Renders one tile into the output images of {@code out}. */
  void forward(
      ProjectedGaussians p,
      TileBins bins,
      int tile,
      float[] gaussianFeatures,
      RenderSettings settings,
      int width,
      int height,
      Images out) {
    int n = load(p, bins, tile);
    int f = featureChannels;
    int x0 = (tile % bins.tilesX) * RenderSettings.TILE_SIZE;
    int y0 = (tile / bins.tilesX) * RenderSettings.TILE_SIZE;
    int x1 = Math.min(width, x0 + RenderSettings.TILE_SIZE);
    int y1 = Math.min(height, y0 + RenderSettings.TILE_SIZE);
    long evaluated = 0;
    for (int py = y0; py < y1; py++) {
      float centreY = py + 0.5f;
      for (int px = x0; px < x1; px++) {
        float centreX = px + 0.5f;
        float t = 1f;
        float r = 0;
        float gr = 0;
        float b = 0;
        float s = 0;
        for (int c = 0; c < f; c++) {
          pixelFeatures[c] = 0;
        }
        int last = 0;
        int k = 0;
        for (; k < n; k++) {
          float dx = centreX - meanX[k];
          float dy = centreY - meanY[k];
          float power = 0.5f * (conicA[k] * dx * dx + conicC[k] * dy * dy) + conicB[k] * dx * dy;
          if (power > powerLimit[k]) {
            continue;
          }
          float alpha = Math.min(ALPHA_MAX, opacity[k] * (float) Math.exp(-power));
          if (alpha < ALPHA_MIN) {
            continue;
          }
          float next = t * (1 - alpha);
          if (next < TRANSMITTANCE_MIN) {
            break;
          }
          float w = alpha * t;
          r += w * red[k];
          gr += w * green[k];
          b += w * blue[k];
          s += w * depth[k];
          if (f > 0) {
            int base = id[k] * f;
            for (int c = 0; c < f; c++) {
              pixelFeatures[c] += w * gaussianFeatures[base + c];
            }
          }
          t = next;
          last = k + 1;
        }
        evaluated += Math.min(n, k + 1);
        int pix = py * width + px;
        out.color[pix * 3] = r + t * settings.backgroundRed();
        out.color[pix * 3 + 1] = gr + t * settings.backgroundGreen();
        out.color[pix * 3 + 2] = b + t * settings.backgroundBlue();
        float a = 1 - t;
        out.alpha[pix] = a;
        out.depth[pix] = a > 0 ? s / a : 0;
        for (int c = 0; c < f; c++) {
          out.features[pix * f + c] = (float) pixelFeatures[c];
        }
        out.finalTransmittance[pix] = t;
        out.lastContributor[pix] = last;
      }
    }
    evaluations += evaluated;
  }

  /**
   * Back-propagates one tile: for each pixel, back to front from its last contributor, the gradient
   * with respect to each Gaussian's screen-space parameters; sums them over the tile's pixels (in a
   * fixed order) and stores each (tile, Gaussian) pair's sums at its Gaussian-major slot in {@code
   * partials} ({@code [pairs * stride]}, stride = 12 + F).
   */
  void backward(
      ProjectedGaussians p,
      TileBins bins,
      int tile,
      float[] gaussianFeatures,
      RenderSettings settings,
      int width,
      int height,
      Images forward,
      RenderingGradient dLoss,
      float[] partials) {
    int n = load(p, bins, tile);
    if (n == 0) {
      return;
    }
    int f = featureChannels;
    int stride = BASE_STRIDE + f;
    if (accumulator.length < n * stride) {
      accumulator = new double[Math.max(n * stride, accumulator.length * 3 / 2)];
    }
    double[] acc = accumulator;
    java.util.Arrays.fill(acc, 0, n * stride, 0.0);
    float[] gColor = dLoss.color();
    float[] gAlpha = dLoss.alpha();
    float[] gDepth = dLoss.depth();
    float[] gFeatures = dLoss.features();
    double bgR = settings.backgroundRed();
    double bgG = settings.backgroundGreen();
    double bgB = settings.backgroundBlue();
    int x0 = (tile % bins.tilesX) * RenderSettings.TILE_SIZE;
    int y0 = (tile / bins.tilesX) * RenderSettings.TILE_SIZE;
    int x1 = Math.min(width, x0 + RenderSettings.TILE_SIZE);
    int y1 = Math.min(height, y0 + RenderSettings.TILE_SIZE);
    for (int py = y0; py < y1; py++) {
      float centreY = py + 0.5f;
      for (int px = x0; px < x1; px++) {
        int pix = py * width + px;
        int last = forward.lastContributor[pix];
        if (last == 0) {
          continue;
        }
        float centreX = px + 0.5f;
        double finalT = forward.finalTransmittance[pix];
        double vR = gColor == null ? 0 : gColor[pix * 3];
        double vG = gColor == null ? 0 : gColor[pix * 3 + 1];
        double vB = gColor == null ? 0 : gColor[pix * 3 + 2];
        double vAlpha = gAlpha == null ? 0 : gAlpha[pix];
        // depth = S / alpha: dL/dS = vD / alpha and alpha gets -vD depth / alpha.
        double vS = 0;
        double pixelAlpha = forward.alpha[pix];
        if (gDepth != null && pixelAlpha > 0) {
          vS = gDepth[pix] / pixelAlpha;
          vAlpha -= gDepth[pix] * forward.depth[pix] / pixelAlpha;
        }
        boolean anyFeature = false;
        for (int c = 0; c < f; c++) {
          featureGradient[c] = gFeatures == null ? 0 : gFeatures[pix * f + c];
          anyFeature |= featureGradient[c] != 0;
          featureBehind[c] = 0;
        }
        // Every alpha_i changes T_final by -T_final / (1 - alpha_i); T_final reaches the loss
        // through the background term of colour and through alpha = 1 - T_final.
        double finalTerm = vAlpha - (bgR * vR + bgG * vG + bgB * vB);
        double t = finalT;
        double behindR = 0;
        double behindG = 0;
        double behindB = 0;
        double behindS = 0;
        for (int k = last - 1; k >= 0; k--) {
          // Recompute exactly as the forward did, so the same Gaussians are skipped.
          float dx = centreX - meanX[k];
          float dy = centreY - meanY[k];
          float power = 0.5f * (conicA[k] * dx * dx + conicC[k] * dy * dy) + conicB[k] * dx * dy;
          if (power > powerLimit[k]) {
            continue;
          }
          float gauss = (float) Math.exp(-power);
          float raw = opacity[k] * gauss;
          float alphaF = Math.min(ALPHA_MAX, raw);
          if (alphaF < ALPHA_MIN) {
            continue;
          }
          double alpha = alphaF;
          double oneMinus = 1 - alpha;
          t /= oneMinus;
          double w = alpha * t;
          int o = k * stride;
          acc[o + 6] += w * vR;
          acc[o + 7] += w * vG;
          acc[o + 8] += w * vB;
          acc[o + 9] += w * vS;
          double cr = red[k];
          double cg = green[k];
          double cb = blue[k];
          double z = depth[k];
          double vAlphaK =
              t
                  * ((cr - behindR) * vR
                      + (cg - behindG) * vG
                      + (cb - behindB) * vB
                      + (z - behindS) * vS);
          if (f > 0) {
            int base = id[k] * f;
            for (int c = 0; c < f; c++) {
              double fc = gaussianFeatures[base + c];
              if (anyFeature) {
                acc[o + BASE_STRIDE + c] += w * featureGradient[c];
                vAlphaK += t * (fc - featureBehind[c]) * featureGradient[c];
              }
              featureBehind[c] = alpha * fc + oneMinus * featureBehind[c];
            }
          }
          vAlphaK += finalT / oneMinus * finalTerm;
          behindR = alpha * cr + oneMinus * behindR;
          behindG = alpha * cg + oneMinus * behindG;
          behindB = alpha * cb + oneMinus * behindB;
          behindS = alpha * z + oneMinus * behindS;
          if (raw > ALPHA_MAX) {
            // The 0.99 clamp is flat: no gradient to opacity or to the Gaussian's shape.
            continue;
          }
          acc[o + 5] += gauss * vAlphaK;
          double vPower = -alpha * vAlphaK;
          double ddx = dx;
          double ddy = dy;
          acc[o + 2] += 0.5 * ddx * ddx * vPower;
          acc[o + 3] += ddx * ddy * vPower;
          acc[o + 4] += 0.5 * ddy * ddy * vPower;
          // d power / d mean = -(conic d)
          double vMeanX = -vPower * (conicA[k] * ddx + conicB[k] * ddy);
          double vMeanY = -vPower * (conicB[k] * ddx + conicC[k] * ddy);
          acc[o] += vMeanX;
          acc[o + 1] += vMeanY;
          acc[o + 10] += Math.abs(vMeanX);
          acc[o + 11] += Math.abs(vMeanY);
        }
      }
    }
    int start = bins.tileStart[tile];
    for (int k = 0; k < n; k++) {
      int slot = bins.pairSlot[start + k] * stride;
      int o = k * stride;
      for (int j = 0; j < stride; j++) {
        partials[slot + j] = (float) acc[o + j];
      }
    }
  }

  /** The output and forward-state images of one render, {@code [H*W*channels]}. */
  record Images(
      float[] color,
      float[] alpha,
      float[] depth,
      float[] features,
      float[] finalTransmittance,
      int[] lastContributor) {}
}
