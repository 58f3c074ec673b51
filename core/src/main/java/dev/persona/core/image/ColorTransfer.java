package dev.persona.core.image;

/**
 * The sRGB transfer function (IEC 61966-2-1, the piecewise curve with a linear toe), in both
 * directions. Images inside Persona are linear; files hold sRGB-encoded values, so this runs only
 * at file IO.
 */
public final class ColorTransfer {
  /** Linear value of each 8-bit sRGB code, {@code decode(k / 255)}. */
  private static final float[] DECODE_8BIT = new float[256];

  /**
   * Linear values halfway (in encoded terms) between consecutive 8-bit codes: a linear value
   * encodes to code {@code k} exactly when it lies in {@code [THRESHOLDS[k-1], THRESHOLDS[k])}, so
   * {@link #linearToSrgb8} is a binary search instead of a {@code pow} per sample.
   */
  private static final float[] THRESHOLDS = new float[255];

  static {
    for (int k = 0; k < 256; k++) {
      DECODE_8BIT[k] = (float) srgbToLinear(k / 255.0);
    }
    for (int k = 0; k < 255; k++) {
      THRESHOLDS[k] = (float) srgbToLinear((k + 0.5) / 255.0);
    }
  }

  private ColorTransfer() {}

  /** Decodes an sRGB-encoded value in [0, 1] to linear light (IEC 61966-2-1, eq. for R'sRGB). */
  public static double srgbToLinear(double encoded) {
    return encoded <= 0.04045 ? encoded / 12.92 : Math.pow((encoded + 0.055) / 1.055, 2.4);
  }

  /** Encodes linear light in [0, 1] to sRGB; the inverse of {@link #srgbToLinear}. */
  public static double linearToSrgb(double linear) {
    return linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
  }

  /**
   * The slope {@code d linearToSrgb / d linear} at {@code linear} in [0, 1]: 12.92 on the linear
   * toe, {@code 1.055 / 2.4 * linear^(1/2.4 - 1)} above it. For losses computed on sRGB-encoded
   * values (LPIPS) whose gradient must reach linear renders.
   */
  public static double linearToSrgbSlope(double linear) {
    return linear <= 0.0031308 ? 12.92 : 1.055 / 2.4 * Math.pow(linear, 1 / 2.4 - 1);
  }

  /** Linear value of an 8-bit sRGB code {@code 0..255} (a table lookup). */
  public static float srgb8ToLinear(int code) {
    return DECODE_8BIT[code];
  }

  /**
   * The 8-bit sRGB code nearest to {@code linear}: {@code round(255 * linearToSrgb(linear))},
   * clamped to {@code 0..255} (NaN gives 0).
   */
  public static int linearToSrgb8(float linear) {
    if (!(linear >= THRESHOLDS[0])) {
      return 0; // also NaN
    }
    int lo = 0;
    int hi = THRESHOLDS.length; // invariant: THRESHOLDS[lo] <= linear, and linear < THRESHOLDS[hi]
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (THRESHOLDS[mid] <= linear) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo + 1;
  }
}
