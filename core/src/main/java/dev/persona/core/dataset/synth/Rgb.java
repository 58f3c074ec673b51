package dev.persona.core.dataset.synth;

/** A linear RGB colour, each channel in [0, 1]. */
public record Rgb(double r, double g, double b) {

  /** An 8-bit sRGB colour converted to linear with the exact piecewise curve (IEC 61966-2-1). */
  public static Rgb ofSrgb(int r, int g, int b) {
    return new Rgb(linear(r), linear(g), linear(b));
  }

  private static double linear(int value) {
    double v = value / 255.0;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }

  /** Rec. 709 relative luminance of the linear colour. */
  public double luminance() {
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
}
