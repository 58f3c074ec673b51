package dev.persona.core.dataset.synth;

import java.util.SplittableRandom;

/**
 * The colours and cut of a synthetic subject's appearance, drawn from a seed. Colours are linear
 * RGB, chosen in sRGB from small palettes of plausible skin tones, hair colours and garment dyes.
 * Lengths are metres.
 *
 * @param shirtFabric the shirt's pattern
 * @param stripeWidth width of one stripe or check band
 * @param motifCell side of the square cell holding one print motif
 * @param sleeve how far the sleeves reach down the arm, as a fraction of shoulder-to-wrist length
 * @param seed seeds the pattern's own hashing (motif placement, noise)
 */
public record Outfit(
    Fabric shirtFabric,
    Rgb skin,
    Rgb hair,
    Rgb shirtA,
    Rgb shirtB,
    Rgb accent,
    Rgb trousers,
    Rgb belt,
    Rgb shoes,
    Rgb sole,
    Rgb lips,
    Rgb iris,
    double stripeWidth,
    double motifCell,
    double sleeve,
    long seed) {

  private static final int[][] SKIN = {
    {255, 219, 172}, {241, 194, 125}, {224, 172, 105}, {198, 134, 66}, {141, 85, 36}, {92, 58, 38}
  };
  private static final int[][] HAIR = {
    {35, 25, 20}, {70, 45, 30}, {120, 80, 45}, {190, 150, 90}, {20, 20, 22}, {150, 60, 30}
  };
  private static final int[][] DYES = {
    {200, 40, 40},
    {30, 80, 170},
    {240, 200, 40},
    {40, 140, 80},
    {245, 245, 240},
    {30, 30, 35},
    {230, 110, 30},
    {130, 60, 160},
    {80, 180, 200},
    {235, 120, 160}
  };
  private static final int[][] TROUSERS = {
    {40, 60, 100}, {60, 60, 65}, {180, 160, 120}, {25, 25, 30}, {90, 110, 70}
  };
  private static final int[][] SHOES = {
    {240, 240, 240}, {30, 30, 30}, {120, 70, 40}, {200, 30, 30}
  };
  private static final int[][] IRIS = {{70, 45, 25}, {60, 100, 150}, {80, 110, 60}, {40, 30, 20}};

  /**
   * Draws an outfit. Deterministic: the same seed and fabric give the same outfit.
   *
   * @param fabric the shirt's fabric, or {@code null} to draw it from the seed as well
   */
  public static Outfit random(long seed, Fabric fabric) {
    SplittableRandom random = new SplittableRandom(seed);
    Fabric shirtFabric =
        fabric != null ? fabric : Fabric.values()[random.nextInt(Fabric.values().length)];
    int a = random.nextInt(DYES.length);
    int b = differentDye(random, a);
    int accent = random.nextInt(DYES.length);
    if (accent == a) {
      accent = b;
    }
    double sleeve = random.nextDouble() < 0.3 ? 1.0 : 0.2 + 0.25 * random.nextDouble();
    return new Outfit(
        shirtFabric,
        pick(random, SKIN),
        pick(random, HAIR),
        srgb(DYES[a]),
        srgb(DYES[b]),
        srgb(DYES[accent]),
        pick(random, TROUSERS),
        srgb(new int[] {60 + random.nextInt(40), 35 + random.nextInt(20), 20}),
        pick(random, SHOES),
        srgb(new int[] {225, 220, 210}),
        srgb(
            new int[] {170 + random.nextInt(30), 70 + random.nextInt(30), 70 + random.nextInt(20)}),
        pick(random, IRIS),
        0.008 + 0.017 * random.nextDouble(),
        0.03 + 0.025 * random.nextDouble(),
        sleeve,
        random.nextLong());
  }

  /** A dye far enough in brightness from dye {@code a} that the pattern reads clearly. */
  private static int differentDye(SplittableRandom random, int a) {
    double la = luminance(DYES[a]);
    for (int attempt = 0; attempt < 32; attempt++) {
      int b = random.nextInt(DYES.length);
      if (b != a && Math.abs(luminance(DYES[b]) - la) > 0.2) {
        return b;
      }
    }
    return luminance(DYES[a]) > 0.4 ? 5 : 4;
  }

  private static double luminance(int[] rgb) {
    return srgb(rgb).luminance();
  }

  private static Rgb pick(SplittableRandom random, int[][] palette) {
    return srgb(palette[random.nextInt(palette.length)]);
  }

  private static Rgb srgb(int[] rgb) {
    return Rgb.ofSrgb(rgb[0], rgb[1], rgb[2]);
  }
}
