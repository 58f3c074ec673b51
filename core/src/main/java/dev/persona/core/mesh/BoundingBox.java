package dev.persona.core.mesh;

/** An axis-aligned box, in the units and frame of the points it was computed from. */
public record BoundingBox(float minX, float minY, float minZ, float maxX, float maxY, float maxZ) {

  /**
   * The smallest box holding every point.
   *
   * @param positions {@code [N*3]} points (x, y, z), {@code N >= 1}
   */
  public static BoundingBox of(float[] positions) {
    if (positions.length < 3 || positions.length % 3 != 0) {
      throw new IllegalArgumentException(
          "positions must be [N*3] with N >= 1, got " + positions.length + " values");
    }
    float minX = Float.POSITIVE_INFINITY;
    float minY = Float.POSITIVE_INFINITY;
    float minZ = Float.POSITIVE_INFINITY;
    float maxX = Float.NEGATIVE_INFINITY;
    float maxY = Float.NEGATIVE_INFINITY;
    float maxZ = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < positions.length; i += 3) {
      minX = Math.min(minX, positions[i]);
      minY = Math.min(minY, positions[i + 1]);
      minZ = Math.min(minZ, positions[i + 2]);
      maxX = Math.max(maxX, positions[i]);
      maxY = Math.max(maxY, positions[i + 1]);
      maxZ = Math.max(maxZ, positions[i + 2]);
    }
    return new BoundingBox(minX, minY, minZ, maxX, maxY, maxZ);
  }

  /**
   * The smallest box holding every point, rounded to float (ample for framing and reporting).
   *
   * @param positions {@code [N*3]} points (x, y, z), {@code N >= 1}
   */
  public static BoundingBox of(double[] positions) {
    float[] rounded = new float[positions.length];
    for (int i = 0; i < positions.length; i++) {
      rounded[i] = (float) positions[i];
    }
    return of(rounded);
  }

  /** The smallest box holding both boxes. */
  public BoundingBox union(BoundingBox other) {
    return new BoundingBox(
        Math.min(minX, other.minX),
        Math.min(minY, other.minY),
        Math.min(minZ, other.minZ),
        Math.max(maxX, other.maxX),
        Math.max(maxY, other.maxY),
        Math.max(maxZ, other.maxZ));
  }

  /** The box's centre as a new {@code [3]} array. */
  public double[] center() {
    return new double[] {
      0.5 * ((double) minX + maxX), 0.5 * ((double) minY + maxY), 0.5 * ((double) minZ + maxZ)
    };
  }

  public float sizeX() {
    return maxX - minX;
  }

  public float sizeY() {
    return maxY - minY;
  }

  public float sizeZ() {
    return maxZ - minZ;
  }

  /** Length of the box's diagonal. */
  public double diagonal() {
    double x = sizeX();
    double y = sizeY();
    double z = sizeZ();
    return Math.sqrt(x * x + y * y + z * z);
  }
}
