package dev.persona.splat.raster;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import java.util.Arrays;

/**
 * The fast tiled rasterizer on the CPU: the 3DGS/gsplat pipeline with the same data layout a CUDA
 * backend uses.
 *
 * <ol>
 *   <li>Projection, parallel over Gaussians ({@link Projection#forward}): screen mean, conic,
 *       opacity, SH colour, bounding radii, into {@link ProjectedGaussians}.
 *   <li>Tile binning ({@link TileBins}): per-tile lists sorted front to back, deterministic.
 *   <li>Rasterization, parallel over tiles ({@link TileRasterizer#forward}).
 *   <li>Backward, parallel over tiles: per (tile, Gaussian) gradient sums written to that pair's
 *       Gaussian-major slot; then parallel over Gaussians: each Gaussian's slots summed in order
 *       and chained back to its parameters ({@link Projection#backward}). No atomics and a fixed
 *       summation order, so images and gradients are bit-identical for any thread count.
 * </ol>
 *
 * <p>An instance keeps its worker threads and scratch buffers between calls and is not for
 * concurrent use. Close it to stop the worker threads (they are daemon threads, so an unclosed
 * instance does not keep the JVM alive).
 */
public final class CpuGaussianRasterizer implements GaussianRasterizer, AutoCloseable {
  /** Gaussians per projection work item. */
  private static final int PROJECTION_GRAIN = 1024;

  private WorkerPool pool;
  private Projection.Scratch[] projectionScratch = new Projection.Scratch[0];
  private TileRasterizer[] tileWorkers = new TileRasterizer[0];
  private double[][] screenGradient = new double[0][];
  private float[] partials = new float[0];

  /** The forward state a {@link Rendering} carries for {@link #backward}. */
  private record TiledState(
      CameraFrame frame,
      ProjectedGaussians projected,
      TileBins bins,
      TileRasterizer.Images images) {}

  @Override
  public Rendering render(Gaussians g, PinholeCamera camera, RenderSettings settings) {
    InputChecks.checkImage(camera, g.featureChannels());
    prepare(settings.threads(), g.featureChannels());
    CameraFrame frame = new CameraFrame(camera);
    int n = g.count();
    ProjectedGaussians projected = new ProjectedGaussians(n);
    int[] firstInvalid = new int[pool.threads()];
    Arrays.fill(firstInvalid, Integer.MAX_VALUE);
    pool.forEach(
        n,
        PROJECTION_GRAIN,
        (worker, start, end) -> {
          Projection.Scratch s = projectionScratch[worker];
          for (int i = start; i < end; i++) {
            if (!InputChecks.isValid(g, i)) {
              firstInvalid[worker] = Math.min(firstInvalid[worker], i);
              continue;
            }
            Projection.forward(g, frame, settings, i, projected, s);
          }
        });
    int invalid = Arrays.stream(firstInvalid).min().orElse(Integer.MAX_VALUE);
    if (invalid != Integer.MAX_VALUE) {
      throw InputChecks.problem(g, invalid);
    }
    int width = camera.width();
    int height = camera.height();
    TileBins bins = TileBins.build(projected, width, height);
    int pixels = width * height;
    int f = g.featureChannels();
    TileRasterizer.Images images = new TileRasterizer.Images(pixels, f);
    for (TileRasterizer t : tileWorkers) {
      t.evaluations = 0;
    }
    pool.forEach(
        bins.tileCount(),
        1,
        (worker, start, end) -> {
          for (int tile = start; tile < end; tile++) {
            tileWorkers[worker].forward(
                projected, bins, tile, g.features(), settings, width, height, images);
          }
        });
    long evaluations = 0;
    for (TileRasterizer t : tileWorkers) {
      evaluations += t.evaluations;
    }
    return new Rendering(
        g,
        camera,
        settings,
        images.color,
        images.alpha,
        images.depth,
        images.features,
        images.finalTransmittance,
        images.lastContributor,
        evaluations,
        this,
        new TiledState(frame, projected, bins, images));
  }

  @Override
  public void backward(Rendering forward, RenderingGradient dLoss, GaussianGradients dest) {
    TiledState state = forward.forwardState(this, TiledState.class);
    Gaussians g = forward.gaussians();
    if (!dest.fits(g)) {
      throw new IllegalArgumentException("gradient buffers do not match " + g);
    }
    dLoss.checkSizes(forward.width(), forward.height(), g.featureChannels());
    RenderSettings settings = forward.settings();
    prepare(settings.threads(), g.featureChannels());
    int f = g.featureChannels();
    int stride = TileRasterizer.BASE_STRIDE + f;
    TileBins bins = state.bins();
    long needed = (long) bins.pairCount() * stride;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("too many Gaussian-tile pairs for one gradient buffer");
    }
    if (partials.length < needed) {
      partials = new float[(int) needed];
    }
    float[] pairGradients = partials;
    int width = forward.width();
    int height = forward.height();
    pool.forEach(
        bins.tileCount(),
        1,
        (worker, start, end) -> {
          for (int tile = start; tile < end; tile++) {
            tileWorkers[worker].backward(
                state.projected(),
                bins,
                tile,
                g.features(),
                settings,
                width,
                height,
                state.images(),
                dLoss,
                pairGradients);
          }
        });
    int k3 = g.shCoefficients() * 3;
    pool.forEach(
        g.count(),
        PROJECTION_GRAIN,
        (worker, start, end) -> {
          double[] screen = screenGradient[worker];
          Projection.Scratch s = projectionScratch[worker];
          for (int i = start; i < end; i++) {
            Arrays.fill(dest.sh(), i * k3, (i + 1) * k3, 0f);
            if (!state.projected().visible(i)) {
              clear(dest, i, f);
              continue;
            }
            Arrays.fill(screen, 0, stride, 0.0);
            for (int slot = bins.gaussianPairStart[i];
                slot < bins.gaussianPairStart[i + 1];
                slot++) {
              int o = slot * stride;
              for (int j = 0; j < stride; j++) {
                screen[j] += pairGradients[o + j];
              }
            }
            Projection.backward(g, state.frame(), settings, i, screen, 0, dest, s);
          }
        });
  }

  private static void clear(GaussianGradients dest, int i, int f) {
    Arrays.fill(dest.means(), i * 3, i * 3 + 3, 0f);
    Arrays.fill(dest.logScales(), i * 3, i * 3 + 3, 0f);
    Arrays.fill(dest.rotations(), i * 4, i * 4 + 4, 0f);
    dest.opacityLogits()[i] = 0;
    Arrays.fill(dest.features(), i * f, i * f + f, 0f);
    dest.meanScreenGradNorm()[i] = 0;
    dest.meanScreenAbsGradNorm()[i] = 0;
  }

  /** Makes the pool and per-worker scratch fit the thread and feature counts. */
  private void prepare(int threads, int featureChannels) {
    if (pool == null || pool.threads() != threads) {
      if (pool != null) {
        pool.close();
      }
      pool = new WorkerPool(threads);
      projectionScratch = new Projection.Scratch[threads];
      tileWorkers = new TileRasterizer[threads];
      screenGradient = new double[threads][];
    }
    for (int w = 0; w < threads; w++) {
      if (projectionScratch[w] == null) {
        projectionScratch[w] = new Projection.Scratch();
      }
      if (tileWorkers[w] == null || tileWorkers[w].featureChannels() != featureChannels) {
        tileWorkers[w] = new TileRasterizer(featureChannels);
      }
      if (screenGradient[w] == null
          || screenGradient[w].length != TileRasterizer.BASE_STRIDE + featureChannels) {
        screenGradient[w] = new double[TileRasterizer.BASE_STRIDE + featureChannels];
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }
}
