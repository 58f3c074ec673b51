package dev.persona.diffusion.reproject;

import dev.persona.core.raster.RasterOptions;

/**
 * Settings of the reproject backend.
 *
 * @param textureSize side of the UV texture the photo is baked into, texels
 * @param samples supersampling per pixel axis when rendering frames (2 = 4 samples, anti-aliased
 *     silhouettes)
 * @param threads rasterizer threads; results do not depend on it
 */
public record ReprojectOptions(int textureSize, int samples, int threads) {
  public ReprojectOptions {
    if (textureSize < 8 || textureSize > PhotoTextureBaker.MAX_SIZE) {
      throw new IllegalArgumentException(
          "texture size must be in 8.." + PhotoTextureBaker.MAX_SIZE + ": " + textureSize);
    }
    if (samples < 1 || samples > RasterOptions.MAX_SAMPLES || threads < 1) {
      throw new IllegalArgumentException(
          "samples must be 1.." + RasterOptions.MAX_SAMPLES + " and threads at least 1");
    }
  }

  /** A 1024 texture (the synthetic subjects' own size), 2x2 samples, every processor. */
  public static ReprojectOptions defaults() {
    return new ReprojectOptions(1024, 2, Runtime.getRuntime().availableProcessors());
  }

  public ReprojectOptions withThreads(int count) {
    return new ReprojectOptions(textureSize, samples, count);
  }

  public ReprojectOptions withTextureSize(int size) {
    return new ReprojectOptions(size, samples, threads);
  }
}
