package dev.persona.splat.raster;

import java.util.Arrays;

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
  private static final int TILE_PIXELS = RenderSettings.TILE_SIZE * RenderSettings.TILE_SIZE;

  /** Per-pixel forward state of the current tile, tile-local row-major. */
  private final float[] pixelT = new float[TILE_PIXELS];

  private final float[] pixelR = new float[TILE_PIXELS];
  private final float[] pixelG = new float[TILE_PIXELS];
  private final float[] pixelB = new float[TILE_PIXELS];
  private final float[] pixelS = new float[TILE_PIXELS];
  private final int[] pixelLast = new int[TILE_PIXELS];
  private final boolean[] pixelDone = new boolean[TILE_PIXELS];
  private final float[] pixelFeatures;

  /** Per-pixel backward state: T, dL/d(r, g, b, S), colour and depth behind, feature parts. */
  private final double[] backT = new double[TILE_PIXELS];

  private final double[] pixelGradient = new double[TILE_PIXELS * 4];
  private final double[] behind = new double[TILE_PIXELS * 4];
  private final double[] finalTerm = new double[TILE_PIXELS];
  private final double[] featureGradient;
  private final double[] featureBehind;
  private final double[] gaussianSums;

  /** Pixels examined by {@link #forward} since the owner last reset it. */
  long evaluations;

  TileRasterizer(int featureChannels) {
    this.featureChannels = featureChannels;
    this.pixelFeatures = new float[TILE_PIXELS * featureChannels];
    this.featureGradient = new double[TILE_PIXELS * featureChannels];
    this.featureBehind = new double[TILE_PIXELS * featureChannels];
    this.gaussianSums = new double[BASE_STRIDE + featureChannels];
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

  /** The footprint of the Gaussian being drawn, see {@link #footprint}. */
  private int rowStart;

  private int rowEnd;
  private final int[] colStart = new int[RenderSettings.TILE_SIZE];
  private final int[] colEnd = new int[RenderSettings.TILE_SIZE];

  /**
   * The pixels of this tile that Gaussian k can reach: rows {@code [rowStart, rowEnd)} and, per
   * row, columns {@code [colStart[row], colEnd[row])}, in tile-local coordinates. The region is the
   * ellipse power <= powerLimit, solved in double with a margin of 1e-3 in power and one pixel on
   * each side, so it always contains every pixel the exact per-pixel float test accepts; that test
   * still decides.
   *
   * @return false when the footprint holds no pixel of the tile
   */
  private boolean footprint(int k, int x0, int y0, int tileWidth, int tileHeight) {
    double a = conicA[k];
    double b = conicB[k];
    double c = conicC[k];
    double limit = powerLimit[k] + 1e-3;
    double det = a * c - b * b;
    if (!(det > 0) || !(a > 0)) {
      // Not positive definite in float: fall back to the whole tile, the per-pixel test decides.
      rowStart = 0;
      rowEnd = tileHeight;
      for (int row = 0; row < tileHeight; row++) {
        colStart[row] = 0;
        colEnd[row] = tileWidth;
      }
      return true;
    }
    // Rows: |dy| <= sqrt(2 limit Sigma_yy), Sigma_yy = a / det.
    double halfHeight = Math.sqrt(2 * limit * a / det);
    double my = meanY[k];
    int r0 = Math.max(0, (int) Math.floor(my - halfHeight - 0.5) - 1 - y0);
    int r1 = Math.min(tileHeight, (int) Math.ceil(my + halfHeight - 0.5) + 2 - y0);
    if (r0 >= r1) {
      return false;
    }
    rowStart = r0;
    rowEnd = r1;
    double mx = meanX[k];
    boolean any = false;
    for (int row = r0; row < r1; row++) {
      double dy = y0 + row + 0.5 - my;
      // 0.5 a dx^2 + b dy dx + 0.5 c dy^2 - limit <= 0
      double disc = b * b * dy * dy - a * (c * dy * dy - 2 * limit);
      if (disc < 0) {
        colStart[row] = 0;
        colEnd[row] = 0;
        continue;
      }
      double root = Math.sqrt(disc);
      double dxLow = (-b * dy - root) / a;
      double dxHigh = (-b * dy + root) / a;
      int c0 = Math.max(0, (int) Math.floor(mx + dxLow - 0.5) - 1 - x0);
      int c1 = Math.min(tileWidth, (int) Math.ceil(mx + dxHigh - 0.5) + 2 - x0);
      colStart[row] = c0;
      colEnd[row] = Math.max(c0, c1);
      any |= c1 > c0;
    }
    return any;
  }

  /**
   * Renders one tile into the output images of {@code out}. Gaussians are visited front to back and
   * each only over the pixels of its footprint; every pixel keeps its own transmittance and sums,
   * so each pixel composites exactly the sequence 3DGS's per-pixel loop does, and the tile stops
   * once every pixel is done (as the CUDA kernel's block-wide early exit).
   */
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
    int tileWidth = Math.min(width, x0 + RenderSettings.TILE_SIZE) - x0;
    int tileHeight = Math.min(height, y0 + RenderSettings.TILE_SIZE) - y0;
    int pixels = tileWidth * tileHeight;
    float[] t = pixelT;
    Arrays.fill(t, 0, pixels, 1f);
    Arrays.fill(pixelR, 0, pixels, 0f);
    Arrays.fill(pixelG, 0, pixels, 0f);
    Arrays.fill(pixelB, 0, pixels, 0f);
    Arrays.fill(pixelS, 0, pixels, 0f);
    Arrays.fill(pixelLast, 0, pixels, 0);
    Arrays.fill(pixelDone, 0, pixels, false);
    Arrays.fill(pixelFeatures, 0, pixels * f, 0f);
    int active = pixels;
    long evaluated = 0;
    for (int k = 0; k < n && active > 0; k++) {
      if (!footprint(k, x0, y0, tileWidth, tileHeight)) {
        continue;
      }
      float mx = meanX[k];
      float my = meanY[k];
      float ca = conicA[k];
      float cb = conicB[k];
      float cc = conicC[k];
      float limit = powerLimit[k];
      float op = opacity[k];
      float cr = red[k];
      float cg = green[k];
      float cbl = blue[k];
      float z = depth[k];
      int base = id[k] * f;
      for (int row = rowStart; row < rowEnd; row++) {
        float dy = y0 + row + 0.5f - my;
        int rowBase = row * tileWidth;
        for (int col = colStart[row]; col < colEnd[row]; col++) {
          int lp = rowBase + col;
          if (pixelDone[lp]) {
            continue;
          }
          evaluated++;
          float dx = x0 + col + 0.5f - mx;
          float power = 0.5f * (ca * dx * dx + cc * dy * dy) + cb * dx * dy;
          if (power > limit) {
            continue;
          }
          float alpha = Math.min(ALPHA_MAX, op * (float) Math.exp(-power));
          if (alpha < ALPHA_MIN) {
            continue;
          }
          float tp = t[lp];
          float next = tp * (1 - alpha);
          if (next < TRANSMITTANCE_MIN) {
            pixelDone[lp] = true;
            active--;
            continue;
          }
          float w = alpha * tp;
          pixelR[lp] += w * cr;
          pixelG[lp] += w * cg;
          pixelB[lp] += w * cbl;
          pixelS[lp] += w * z;
          for (int c = 0; c < f; c++) {
            pixelFeatures[lp * f + c] += w * gaussianFeatures[base + c];
          }
          t[lp] = next;
          pixelLast[lp] = k + 1;
        }
      }
    }
    for (int row = 0; row < tileHeight; row++) {
      for (int col = 0; col < tileWidth; col++) {
        int lp = row * tileWidth + col;
        int pix = (y0 + row) * width + x0 + col;
        float tp = t[lp];
        out.color[pix * 3] = pixelR[lp] + tp * settings.backgroundRed();
        out.color[pix * 3 + 1] = pixelG[lp] + tp * settings.backgroundGreen();
        out.color[pix * 3 + 2] = pixelB[lp] + tp * settings.backgroundBlue();
        float a = 1 - tp;
        out.alpha[pix] = a;
        out.depth[pix] = a > 0 ? pixelS[lp] / a : 0;
        for (int c = 0; c < f; c++) {
          out.features[pix * f + c] = pixelFeatures[lp * f + c];
        }
        out.finalTransmittance[pix] = tp;
        out.lastContributor[pix] = pixelLast[lp];
      }
    }
    evaluations += evaluated;
  }

  /**
   * Back-propagates one tile. Gaussians are visited back to front, each over its footprint; a pixel
   * takes part for the Gaussians before its last contributor, so every pixel runs the 3DGS backward
   * recursion (recover T_i = T_(i+1) / (1 - alpha_i), colour behind i) in its own order. Each
   * Gaussian's gradient is summed over its pixels in row-major order and stored at the (tile,
   * Gaussian) pair's Gaussian-major slot in {@code partials} ({@code [pairs * stride]}, stride = 12
   * + F).
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
    int start = bins.tileStart[tile];
    int x0 = (tile % bins.tilesX) * RenderSettings.TILE_SIZE;
    int y0 = (tile / bins.tilesX) * RenderSettings.TILE_SIZE;
    int tileWidth = Math.min(width, x0 + RenderSettings.TILE_SIZE) - x0;
    int tileHeight = Math.min(height, y0 + RenderSettings.TILE_SIZE) - y0;
    float[] gColor = dLoss.color();
    float[] gAlpha = dLoss.alpha();
    float[] gDepth = dLoss.depth();
    float[] gFeatures = dLoss.features();
    double bgR = settings.backgroundRed();
    double bgG = settings.backgroundGreen();
    double bgB = settings.backgroundBlue();
    boolean anyFeature = gFeatures != null && f > 0;
    for (int row = 0; row < tileHeight; row++) {
      for (int col = 0; col < tileWidth; col++) {
        int lp = row * tileWidth + col;
        int pix = (y0 + row) * width + x0 + col;
        pixelLast[lp] = forward.lastContributor[pix];
        double finalT = forward.finalTransmittance[pix];
        backT[lp] = finalT;
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
        int o = lp * 4;
        pixelGradient[o] = vR;
        pixelGradient[o + 1] = vG;
        pixelGradient[o + 2] = vB;
        pixelGradient[o + 3] = vS;
        // Every alpha_i changes T_final by -T_final / (1 - alpha_i); T_final reaches the loss
        // through the background term of colour and through alpha = 1 - T_final.
        finalTerm[lp] = finalT * (vAlpha - (bgR * vR + bgG * vG + bgB * vB));
        behind[o] = 0;
        behind[o + 1] = 0;
        behind[o + 2] = 0;
        behind[o + 3] = 0;
        for (int c = 0; c < f; c++) {
          featureGradient[lp * f + c] = anyFeature ? gFeatures[pix * f + c] : 0;
          featureBehind[lp * f + c] = 0;
        }
      }
    }
    double[] sums = gaussianSums;
    for (int k = n - 1; k >= 0; k--) {
      Arrays.fill(sums, 0, stride, 0.0);
      if (footprint(k, x0, y0, tileWidth, tileHeight)) {
        backwardGaussian(k, x0, y0, tileWidth, gaussianFeatures, anyFeature, sums);
      }
      int slot = bins.pairSlot[start + k] * stride;
      for (int j = 0; j < stride; j++) {
        partials[slot + j] = (float) sums[j];
      }
    }
  }

  private void backwardGaussian(
      int k,
      int x0,
      int y0,
      int tileWidth,
      float[] gaussianFeatures,
      boolean anyFeature,
      double[] sums) {
    int f = featureChannels;
    float mx = meanX[k];
    float my = meanY[k];
    float ca = conicA[k];
    float cb = conicB[k];
    float cc = conicC[k];
    float limit = powerLimit[k];
    float op = opacity[k];
    double cr = red[k];
    double cg = green[k];
    double cbl = blue[k];
    double z = depth[k];
    int base = id[k] * f;
    for (int row = rowStart; row < rowEnd; row++) {
      float dy = y0 + row + 0.5f - my;
      int rowBase = row * tileWidth;
      for (int col = colStart[row]; col < colEnd[row]; col++) {
        int lp = rowBase + col;
        if (k >= pixelLast[lp]) {
          continue;
        }
        // Recompute exactly as the forward did, so the same Gaussians are skipped.
        float dx = x0 + col + 0.5f - mx;
        float power = 0.5f * (ca * dx * dx + cc * dy * dy) + cb * dx * dy;
        if (power > limit) {
          continue;
        }
        float gauss = (float) Math.exp(-power);
        float raw = op * gauss;
        float alphaF = Math.min(ALPHA_MAX, raw);
        if (alphaF < ALPHA_MIN) {
          continue;
        }
        double alpha = alphaF;
        double oneMinus = 1 - alpha;
        double t = backT[lp] / oneMinus;
        backT[lp] = t;
        double w = alpha * t;
        int o = lp * 4;
        double vR = pixelGradient[o];
        double vG = pixelGradient[o + 1];
        double vB = pixelGradient[o + 2];
        double vS = pixelGradient[o + 3];
        sums[6] += w * vR;
        sums[7] += w * vG;
        sums[8] += w * vB;
        sums[9] += w * vS;
        double vAlpha =
            t
                * ((cr - behind[o]) * vR
                    + (cg - behind[o + 1]) * vG
                    + (cbl - behind[o + 2]) * vB
                    + (z - behind[o + 3]) * vS);
        behind[o] = alpha * cr + oneMinus * behind[o];
        behind[o + 1] = alpha * cg + oneMinus * behind[o + 1];
        behind[o + 2] = alpha * cbl + oneMinus * behind[o + 2];
        behind[o + 3] = alpha * z + oneMinus * behind[o + 3];
        for (int c = 0; c < f; c++) {
          double fc = gaussianFeatures[base + c];
          int fo = lp * f + c;
          if (anyFeature) {
            double vF = featureGradient[fo];
            sums[BASE_STRIDE + c] += w * vF;
            vAlpha += t * (fc - featureBehind[fo]) * vF;
          }
          featureBehind[fo] = alpha * fc + oneMinus * featureBehind[fo];
        }
        vAlpha += finalTerm[lp] / oneMinus;
        if (raw > ALPHA_MAX) {
          // The 0.99 clamp is flat: no gradient to opacity or to the Gaussian's shape.
          continue;
        }
        sums[5] += gauss * vAlpha;
        double vPower = -alpha * vAlpha;
        double ddx = dx;
        double ddy = dy;
        sums[2] += 0.5 * ddx * ddx * vPower;
        sums[3] += ddx * ddy * vPower;
        sums[4] += 0.5 * ddy * ddy * vPower;
        // d power / d mean = -(conic d)
        double vMeanX = -vPower * (ca * ddx + cb * ddy);
        double vMeanY = -vPower * (cb * ddx + cc * ddy);
        sums[0] += vMeanX;
        sums[1] += vMeanY;
        sums[10] += Math.abs(vMeanX);
        sums[11] += Math.abs(vMeanY);
      }
    }
  }

  /** The output and forward-state images of one render, {@code [H*W*channels]}. */
  static final class Images {
    final float[] color;
    final float[] alpha;
    final float[] depth;
    final float[] features;
    final float[] finalTransmittance;
    final int[] lastContributor;

    Images(int pixels, int featureChannels) {
      color = new float[pixels * 3];
      alpha = new float[pixels];
      depth = new float[pixels];
      features = new float[pixels * featureChannels];
      finalTransmittance = new float[pixels];
      lastContributor = new int[pixels];
    }
  }
}
