package dev.persona.diffusion.reproject;

import dev.persona.core.image.Image;

/**
 * The fitted body's appearance taken from the photo, in the body's UV space ({@code size x size}
 * texels, OBJ convention: u right, v up, texel row 0 at v = 1).
 *
 * @param colour {@code size x size} linear RGB
 * @param confidence {@code [size*size]} in [0, 1]: the cosine between the surface normal and the
 *     direction to the photo camera where seen, scaled down for mirrored and propagated texels
 * @param source {@code [size*size]} {@link TexelSource} codes
 */
public record PhotoTexture(Image colour, float[] confidence, byte[] source) {
  public int size() {
    return colour.width();
  }

  /** Texels of each source, indexed by {@link TexelSource#ordinal()}. */
  public int[] sourceCounts() {
    int[] counts = new int[TexelSource.values().length];
    for (byte s : source) {
      counts[s]++;
    }
    return counts;
  }

  /** The confidence as a grey image, for people to look at. */
  public Image confidenceImage() {
    return new Image(size(), size(), 1, confidence.clone());
  }
}
