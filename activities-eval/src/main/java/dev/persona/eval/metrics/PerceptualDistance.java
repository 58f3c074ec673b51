package dev.persona.eval.metrics;

import dev.persona.core.image.Image;

/**
 * A learned perceptual distance between two images (LPIPS): 0 for identical images, larger for
 * images a person would call more different. Lets the evaluation run with or without one
 * configured.
 */
@FunctionalInterface
public interface PerceptualDistance {
  /**
   * @param a RGB, sRGB-encoded values in [0, 1] (what the evaluation protocol prepares)
   * @param b RGB of the same size and encoding
   * @return the distance, >= 0
   */
  double distance(Image a, Image b);
}
