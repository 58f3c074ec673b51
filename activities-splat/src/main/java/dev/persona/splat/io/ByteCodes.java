package dev.persona.splat.io;

/** The 8-bit codes that {@code .splat} and {@code .spz} share for opacity and colour. */
final class ByteCodes {
  private ByteCodes() {}

  /**
   * Opacity decoded from a byte is kept this far inside (0, 1) so that its logit stays finite: a
   * quarter of a code step, which re-encodes to the same byte (codes 0 and 255 decode to logits of
   * about -6.9 and +6.9).
   */
  static final double OPACITY_MARGIN = 0.25 / 255.0;

  /** {@code round(value)} clamped to 0..255 (NaN gives 0). */
  static int clampToByte(double value) {
    double r = roundHalfAway(value);
    if (!(r > 0)) {
      return 0;
    }
    return r >= 255 ? 255 : (int) r;
  }

  /** The byte of an opacity in [0, 1]: {@code round(opacity * 255)}. */
  static int opacityByte(float logit) {
    return clampToByte(sigmoid(logit) * 255.0);
  }

  /**
   * The logit of a byte's opacity {@code code / 255}, kept finite (see {@link #OPACITY_MARGIN}).
   */
  static float opacityLogit(int code) {
    double opacity = Math.clamp(code / 255.0, OPACITY_MARGIN, 1.0 - OPACITY_MARGIN);
    return (float) Math.log(opacity / (1.0 - opacity));
  }

  /** Rounds halves away from zero, as C's {@code std::round} (the spz reference) does. */
  static double roundHalfAway(double value) {
    return Math.copySign(Math.floor(Math.abs(value) + 0.5), value);
  }

  static double sigmoid(double logit) {
    return 1.0 / (1.0 + Math.exp(-logit));
  }
}
