package dev.persona.splat.scene;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.splat.gaussian.Gaussians;

/**
 * What {@link BodySplatScene} makes: how many Gaussians, the image size, the random seed and the SH
 * degree. The limits refuse sizes no benchmark means (they come from a command line).
 *
 * @param gaussians number of Gaussians, 1..{@link #MAX_GAUSSIANS}
 * @param width image width in pixels, 1..{@link #MAX_SIDE}
 * @param height image height in pixels, 1..{@link #MAX_SIDE}
 * @param seed seed of every random choice; the same options give the same scene
 * @param shDegree spherical-harmonic degree 0..3
 */
public record BodySplatSceneOptions(int gaussians, int width, int height, long seed, int shDegree) {
  /** Most Gaussians: spz's own limit, and ten times the largest scene a benchmark here uses. */
  public static final int MAX_GAUSSIANS = 10_000_000;

  /** Largest image side, pixels. */
  public static final int MAX_SIDE = 16_384;

  /** The benchmark's scene: 100,000 Gaussians of degree 3 at 512x512, seed 1. */
  public static final BodySplatSceneOptions DEFAULT =
      new BodySplatSceneOptions(100_000, 512, 512, 1, 3);

  /**
   * @throws InvalidInputException TOO_SMALL or TOO_LARGE naming the value out of range
   */
  public BodySplatSceneOptions {
    range("number of Gaussians", gaussians, MAX_GAUSSIANS);
    range("image width", width, MAX_SIDE);
    range("image height", height, MAX_SIDE);
    if (shDegree < 0 || shDegree > Gaussians.MAX_SH_DEGREE) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "SH degree must be 0.." + Gaussians.MAX_SH_DEGREE + ", got " + shDegree);
    }
  }

  private static void range(String what, int value, int max) {
    if (value < 1) {
      throw new InvalidInputException(Reason.TOO_SMALL, what + " must be at least 1, got " + value);
    }
    if (value > max) {
      throw new InvalidInputException(
          Reason.TOO_LARGE, what + " must be at most " + max + ", got " + value);
    }
  }
}
