package dev.persona.splat.raster;

/** {@link FalloffKernel} in plain Java, one pixel at a time: the vector kernel's operations. */
final class ScalarFalloffKernel implements FalloffKernel {
  @Override
  public void evaluate(
      int xStart,
      float meanX,
      float dy,
      float a,
      float b,
      float c,
      float limit,
      int count,
      float[] gauss) {
    float cdy2 = c * dy * dy;
    for (int i = 0; i < count; i++) {
      float dx = (float) (xStart + i) + 0.5f - meanX;
      float power = 0.5f * (a * dx * dx + cdy2) + b * dx * dy;
      gauss[i] = power > limit ? 0f : exp(-power);
    }
  }

  /** Cephes' expf, as documented on {@link FalloffKernel}; {@code x <= 0} in use. */
  static float exp(float x) {
    x = Math.max(x, MIN_ARGUMENT);
    // Truncation toward zero of (x log2 e - 0.5): the nearest integer for the x <= 0 used here.
    int n = (int) (x * LOG2E - 0.5f);
    float nf = n;
    float r = x - nf * LN2_HIGH - nf * LN2_LOW;
    float r2 = r * r;
    float p = r * P0 + P1;
    p = p * r + P2;
    p = p * r + P3;
    p = p * r + P4;
    p = p * r + P5;
    float y = p * r2 + r + 1f;
    return y * Float.intBitsToFloat((n + 127) << 23);
  }

  @Override
  public int bufferLength() {
    return MAX_RUN;
  }
}
