package dev.persona.core.raster;

/**
 * How {@link MeshRasterizer} draws. Immutable; start from {@link #defaults()} and change fields
 * with the {@code with...} methods.
 *
 * @param nearPlane camera-space depth in metres below which geometry is clipped away (triangles
 *     crossing it are clipped, not dropped); must be positive and finite. Default {@value
 *     #DEFAULT_NEAR_PLANE} m: closer than any real camera gets to a body, far enough from zero that
 *     1/z stays well conditioned in float.
 * @param cull which triangles to discard by facing; default {@link CullMode#NONE}
 * @param samples supersampling factor k: k x k samples per pixel on a regular grid, box-filtered; 1
 *     (the default) samples each pixel at its centre only. At most {@value #MAX_SAMPLES}.
 * @param threads worker threads, at least 1; default the number of available processors. The output
 *     does not depend on it.
 * @param textureWrap what texture lookups do outside [0, 1]; default {@link TextureWrap#CLAMP}
 */
public record RasterOptions(
    double nearPlane, CullMode cull, int samples, int threads, TextureWrap textureWrap) {

  /** The default near plane, metres. */
  public static final double DEFAULT_NEAR_PLANE = 0.01;

  /** The largest supersampling factor (64 samples per pixel). */
  public static final int MAX_SAMPLES = 8;

  public RasterOptions {
    if (!(nearPlane > 0) || Double.isInfinite(nearPlane)) {
      throw new IllegalArgumentException("near plane must be positive and finite: " + nearPlane);
    }
    if (cull == null || textureWrap == null) {
      throw new IllegalArgumentException("cull mode and texture wrap must not be null");
    }
    if (samples < 1 || samples > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "samples must be in 1.." + MAX_SAMPLES + " (per axis): " + samples);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
  }

  /** Near plane 0.01 m, no culling, one sample per pixel, all processors, clamped textures. */
  public static RasterOptions defaults() {
    return new RasterOptions(
        DEFAULT_NEAR_PLANE,
        CullMode.NONE,
        1,
        Runtime.getRuntime().availableProcessors(),
        TextureWrap.CLAMP);
  }

  public RasterOptions withNearPlane(double metres) {
    return new RasterOptions(metres, cull, samples, threads, textureWrap);
  }

  public RasterOptions withCull(CullMode mode) {
    return new RasterOptions(nearPlane, mode, samples, threads, textureWrap);
  }

  public RasterOptions withSamples(int perAxis) {
    return new RasterOptions(nearPlane, cull, perAxis, threads, textureWrap);
  }

  public RasterOptions withThreads(int count) {
    return new RasterOptions(nearPlane, cull, samples, count, textureWrap);
  }

  public RasterOptions withTextureWrap(TextureWrap wrap) {
    return new RasterOptions(nearPlane, cull, samples, threads, wrap);
  }
}
