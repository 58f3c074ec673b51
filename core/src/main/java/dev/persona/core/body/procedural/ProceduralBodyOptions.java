package dev.persona.core.body.procedural;

/**
 * How finely to generate the procedural body.
 *
 * @param cellSize edge of the meshing grid's cells along x and y, metres; the vertex count grows as
 *     {@code 1 / cellSize^2}. Along z the cell is the largest whole fraction, at most a half, of
 *     the finger pitch ({@value Skeleton#FINGER_PITCH} m) not above {@code cellSize}, so that every
 *     finger axis lies on a grid line and no finger can fall between samples. {@link #DEFAULT}
 *     gives about 10k vertices; accepted range 0.004 to 0.025.
 */
public record ProceduralBodyOptions(double cellSize) {
  /** The resolution {@link ProceduralBody#create()} uses. */
  public static final ProceduralBodyOptions DEFAULT = new ProceduralBodyOptions(0.0135);

  public ProceduralBodyOptions {
    if (!(cellSize >= 0.004 && cellSize <= 0.025)) {
      throw new IllegalArgumentException(
          "cellSize must be between 0.004 and 0.025 m, got " + cellSize);
    }
  }
}
