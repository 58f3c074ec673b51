package dev.persona.splat.raster;

/**
 * Evaluates one Gaussian's falloff {@code exp(-power)} over a run of consecutive pixels of one tile
 * row: the transcendental at the heart of both compositing passes (see {@link TileRasterizer}).
 *
 * <p>Two implementations: {@link VectorFalloffKernel}, on the Vector API ({@code
 * jdk.incubator.vector}: a whole 16-pixel tile row in one AVX-512 register, or two AVX2 ones), and
 * {@link ScalarFalloffKernel}, plain Java, used when the JVM was started without that incubator
 * module or when {@value #SCALAR_PROPERTY} is {@code true}. Both compute the exponential with the
 * same polynomial (Cephes' {@code expf}: {@code exp(x) = 2^n exp(r)}, {@code n} the integer nearest
 * {@code x log2 e}, {@code r = x - n ln 2} in two parts, a degree-7 polynomial for {@code exp(r)};
 * within 2 ulp of the true value) in the same single-precision operations in the same order, never
 * a fused multiply-add, so they return the same bits. That is what keeps renders deterministic: the
 * Vector API's own {@code EXP} is an intrinsic in code the JIT has compiled but {@link Math#exp} in
 * code it has not yet, so its results would depend on when a thread's loop got compiled. And the
 * forward and backward passes, calling the same kernel, see the same values and skip the same
 * pixels.
 */
interface FalloffKernel {
  /** System property that forces the scalar kernel (benchmarks compare the two with it). */
  String SCALAR_PROPERTY = "persona.raster.scalar";

  /** log2(e), rounded to float. */
  float LOG2E = 1.44269504088896341f;

  /**
   * ln 2 = LN2_HIGH + LN2_LOW; LN2_HIGH has few mantissa bits, so {@code n * LN2_HIGH} is exact.
   */
  float LN2_HIGH = 0.693359375f;

  float LN2_LOW = -2.12194440e-4f;

  /** Cephes expf's minimax coefficients for {@code (exp(r) - 1 - r) / r^2}, highest power first. */
  float P0 = 1.9875691500e-4f;

  float P1 = 1.3981999507e-3f;
  float P2 = 8.3334519073e-3f;
  float P3 = 4.1665795894e-2f;
  float P4 = 1.6666665459e-1f;
  float P5 = 5.0000001201e-1f;

  /**
   * Arguments below this are clamped to it: {@code 2^n} then stays a normal float. Such powers are
   * far outside every footprint (its limit is at most ln 255), so the clamp never shows.
   */
  float MIN_ARGUMENT = -87f;

  /** The longest run one call may ask for: a tile row. */
  int MAX_RUN = RenderSettings.TILE_SIZE;

  /**
   * For {@code i} in {@code [0, count)}, the pixel centre {@code x = xStart + i + 0.5} on a row at
   * vertical offset {@code dy} from the mean: {@code dx = x - meanX}, {@code power = 0.5 (a dx^2 +
   * c dy^2) + b dx dy} (the conic of 3DGS's EWA splatting), and {@code gauss[i] = exp(-power)}, or
   * {@code 0} where {@code power > limit} (outside the opacity-aware 3-sigma footprint).
   *
   * @param gauss at least {@link #bufferLength()} long; entries at and past {@code count} are
   *     unspecified afterwards
   */
  void evaluate(
      int xStart,
      float meanX,
      float dy,
      float a,
      float b,
      float c,
      float limit,
      int count,
      float[] gauss);

  /** The length a {@code gauss} buffer needs (a row plus one vector's slack). */
  int bufferLength();

  /** The Vector API kernel when the JVM has it and it is not switched off, else the scalar one. */
  static FalloffKernel best() {
    boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    if (vectorModule && !Boolean.getBoolean(SCALAR_PROPERTY)) {
      return new VectorFalloffKernel();
    }
    return new ScalarFalloffKernel();
  }
}
