package dev.persona.splat.triplane;

import dev.persona.splat.parallel.Chunks;

/**
 * A triplane feature field (Chan et al. 2022, EG3D; PERSONA Sec. 3.3): three axis-aligned feature
 * planes XY, XZ, YZ of {@code C} channels at {@code R x R} texels, covering an axis-aligned cube
 * (centre, side) in canonical space. A point's feature is the three planes' bilinear samples
 * concatenated, {@code [f_xy | f_xz | f_yz]} of {@code 3C} channels, as PERSONA's {@code
 * extract_tri_feature} does ({@code torch.cat}, not a sum).
 *
 * <p>Plane storage, one caller-owned {@code float[3 * R * R * C]}: {@code planes[((p * R + row) * R
 * + col) * C + c]}, channel-last so a bilinear tap reads C contiguous floats (the transpose of
 * PyTorch's {@code [3, C, R, R]}). Plane p's column comes from its first axis and its row from its
 * second: XY (col x, row y), XZ (col x, row z), YZ (col y, row z), as {@code grid_sample} reads
 * {@code grid[..., 0]} as the width coordinate.
 *
 * <p>Sampling is PyTorch's {@code grid_sample(mode="bilinear", align_corners=False,
 * padding_mode="border")}: a canonical coordinate maps to u = (p - centre) / (side / 2) in [-1, 1],
 * then to the texel coordinate i = ((u + 1) R - 1) / 2, so texel centres sit at u = (2i + 1) / R -
 * 1 and the cube's faces at the outer edges of the border texels (align_corners=False is what
 * PERSONA's code gets from the default). Coordinates outside [0, R - 1] are clamped to it, so
 * points outside the cube read the border and get no gradient along the clamped axis (PERSONA's
 * code pads with zeros instead; the avatar's cube encloses the body, where the two agree).
 *
 * <p>Threads: sampling splits points into fixed chunks; the plane gradient runs one task per plane,
 * each scattering points in ascending order; results are bit-identical for any thread count.
 */
public final class TriplaneField {
  /** Channels per plane in PERSONA. */
  public static final int PAPER_CHANNELS = 32;

  /** Texels per plane side in PERSONA. */
  public static final int PAPER_RESOLUTION = 128;

  /** Side of the cube the planes cover in PERSONA, metres. */
  public static final double PAPER_SIDE = 2.0;

  private static final int PLANES = 3;
  private static final int POINT_CHUNK = 256;

  /** Point axes feeding each plane's (column, row). */
  private static final int[] COLUMN_AXIS = {0, 0, 1};

  private static final int[] ROW_AXIS = {1, 2, 2};

  private final int channels;
  private final int resolution;
  private final double[] centre;
  private final double side;

  /**
   * @param channels C, at least 1
   * @param resolution R, at least 1
   * @param centreX x of the cube's centre, canonical metres
   * @param centreY y of the cube's centre, canonical metres
   * @param centreZ z of the cube's centre, canonical metres
   * @param side cube side, metres, &gt; 0
   */
  public TriplaneField(
      int channels, int resolution, double centreX, double centreY, double centreZ, double side) {
    if (channels < 1 || resolution < 1 || !(side > 0) || Double.isInfinite(side)) {
      throw new IllegalArgumentException(
          "bad triplane: C " + channels + ", R " + resolution + ", side " + side);
    }
    if ((long) PLANES * resolution * resolution * channels > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("triplane too large for one float[]");
    }
    this.channels = channels;
    this.resolution = resolution;
    this.centre = new double[] {centreX, centreY, centreZ};
    this.side = side;
  }

  /** PERSONA's field: 32 channels, 128 x 128, a 2 m cube centred at (centreX, centreY, centreZ). */
  public static TriplaneField paper(double centreX, double centreY, double centreZ) {
    return new TriplaneField(
        PAPER_CHANNELS, PAPER_RESOLUTION, centreX, centreY, centreZ, PAPER_SIDE);
  }

  public int channels() {
    return channels;
  }

  public int resolution() {
    return resolution;
  }

  /** The cube's centre (x, y, z), canonical metres (a copy). */
  public double[] centre() {
    return centre.clone();
  }

  public double side() {
    return side;
  }

  /** Channels of one sampled feature: 3C. */
  public int featureCount() {
    return PLANES * channels;
  }

  /** Length of the plane array: 3 R R C. */
  public int parameterCount() {
    return PLANES * resolution * resolution * channels;
  }

  /**
   * Samples the field.
   *
   * @param planes {@code [parameterCount()]} in the layout above
   * @param points {@code [count * 3]} canonical positions, metres
   * @param features {@code [count * 3C]}, overwritten: row n is {@code [f_xy | f_xz | f_yz]}
   */
  public void sample(float[] planes, float[] points, int count, float[] features) {
    checkArrays(planes, points, count);
    requireLength(features, (long) count * featureCount(), "features");
    int c3 = featureCount();
    Chunks.forEach(
        count,
        POINT_CHUNK,
        chunk -> {
          int end = Math.min(count, (chunk + 1) * POINT_CHUNK);
          double[] tap = new double[8];
          for (int n = chunk * POINT_CHUNK; n < end; n++) {
            for (int p = 0; p < PLANES; p++) {
              taps(points, n, p, tap);
              int base = p * resolution * resolution * channels;
              int i00 = base + texel((int) tap[0], (int) tap[2]);
              int i01 = base + texel((int) tap[1], (int) tap[2]);
              int i10 = base + texel((int) tap[0], (int) tap[3]);
              int i11 = base + texel((int) tap[1], (int) tap[3]);
              double fx = tap[4];
              double fy = tap[5];
              double w00 = (1 - fx) * (1 - fy);
              double w01 = fx * (1 - fy);
              double w10 = (1 - fx) * fy;
              double w11 = fx * fy;
              int out = n * c3 + p * channels;
              for (int c = 0; c < channels; c++) {
                features[out + c] =
                    (float)
                        (w00 * planes[i00 + c]
                            + w01 * planes[i01 + c]
                            + w10 * planes[i10 + c]
                            + w11 * planes[i11 + c]);
              }
            }
          }
        });
  }

  /**
   * Backward of {@link #sample}.
   *
   * @param planes {@code [parameterCount()]}, as sampled
   * @param points {@code [count * 3]}, as sampled
   * @param dFeatures dL/d(features) {@code [count * 3C]}
   * @param dPlanes {@code [parameterCount()]}: dL/d(planes) is added (each point's upstream
   *     gradient scattered to its four texels per plane with the bilinear weights)
   * @param dPoints dL/d(points) {@code [count * 3]}, overwritten (zero along clamped axes); null
   *     when not wanted
   */
  public void backward(
      float[] planes,
      float[] points,
      int count,
      float[] dFeatures,
      float[] dPlanes,
      float[] dPoints) {
    checkArrays(planes, points, count);
    requireLength(dFeatures, (long) count * featureCount(), "dFeatures");
    requireLength(dPlanes, parameterCount(), "dPlanes");
    int c3 = featureCount();
    Chunks.forEach(
        PLANES,
        1,
        p -> {
          double[] tap = new double[8];
          int base = p * resolution * resolution * channels;
          for (int n = 0; n < count; n++) {
            taps(points, n, p, tap);
            double fx = tap[4];
            double fy = tap[5];
            int i00 = base + texel((int) tap[0], (int) tap[2]);
            int i01 = base + texel((int) tap[1], (int) tap[2]);
            int i10 = base + texel((int) tap[0], (int) tap[3]);
            int i11 = base + texel((int) tap[1], (int) tap[3]);
            float w00 = (float) ((1 - fx) * (1 - fy));
            float w01 = (float) (fx * (1 - fy));
            float w10 = (float) ((1 - fx) * fy);
            float w11 = (float) (fx * fy);
            int in = n * c3 + p * channels;
            for (int c = 0; c < channels; c++) {
              float g = dFeatures[in + c];
              dPlanes[i00 + c] += w00 * g;
              dPlanes[i01 + c] += w01 * g;
              dPlanes[i10 + c] += w10 * g;
              dPlanes[i11 + c] += w11 * g;
            }
          }
        });
    if (dPoints == null) {
      return;
    }
    requireLength(dPoints, (long) count * 3, "dPoints");
    // d(texel coordinate)/d(point) = (R / 2) * (2 / side) where not clamped.
    double scale = resolution / side;
    Chunks.forEach(
        count,
        POINT_CHUNK,
        chunk -> {
          int end = Math.min(count, (chunk + 1) * POINT_CHUNK);
          double[] tap = new double[8];
          double[] grad = new double[3];
          for (int n = chunk * POINT_CHUNK; n < end; n++) {
            grad[0] = 0;
            grad[1] = 0;
            grad[2] = 0;
            for (int p = 0; p < PLANES; p++) {
              taps(points, n, p, tap);
              int base = p * resolution * resolution * channels;
              int i00 = base + texel((int) tap[0], (int) tap[2]);
              int i01 = base + texel((int) tap[1], (int) tap[2]);
              int i10 = base + texel((int) tap[0], (int) tap[3]);
              int i11 = base + texel((int) tap[1], (int) tap[3]);
              double fx = tap[4];
              double fy = tap[5];
              double dx = 0;
              double dy = 0;
              int in = n * c3 + p * channels;
              for (int c = 0; c < channels; c++) {
                double g = dFeatures[in + c];
                double f00 = planes[i00 + c];
                double f01 = planes[i01 + c];
                double f10 = planes[i10 + c];
                double f11 = planes[i11 + c];
                dx += g * ((1 - fy) * (f01 - f00) + fy * (f11 - f10));
                dy += g * ((1 - fx) * (f10 - f00) + fx * (f11 - f01));
              }
              grad[COLUMN_AXIS[p]] += dx * tap[6] * scale;
              grad[ROW_AXIS[p]] += dy * tap[7] * scale;
            }
            dPoints[n * 3] = (float) grad[0];
            dPoints[n * 3 + 1] = (float) grad[1];
            dPoints[n * 3 + 2] = (float) grad[2];
          }
        });
  }

  /**
   * Point n's bilinear taps on plane p into {@code tap}: column x0, x1, row y0, y1, fractions fx,
   * fy, and 1 or 0 for whether the column and row coordinates were inside (not clamped).
   */
  private void taps(float[] points, int n, int p, double[] tap) {
    int ca = COLUMN_AXIS[p];
    int ra = ROW_AXIS[p];
    double ix = texelCoordinate(points[n * 3 + ca], centre[ca]);
    double iy = texelCoordinate(points[n * 3 + ra], centre[ra]);
    int last = resolution - 1;
    tap[6] = ix >= 0 && ix <= last ? 1 : 0;
    tap[7] = iy >= 0 && iy <= last ? 1 : 0;
    ix = Math.min(Math.max(ix, 0), last);
    iy = Math.min(Math.max(iy, 0), last);
    int x0 = (int) Math.floor(ix);
    int y0 = (int) Math.floor(iy);
    tap[0] = x0;
    tap[1] = Math.min(x0 + 1, last);
    tap[2] = y0;
    tap[3] = Math.min(y0 + 1, last);
    tap[4] = ix - x0;
    tap[5] = iy - y0;
  }

  /** ((u + 1) R - 1) / 2 with u = (coordinate - centre) / (side / 2): align_corners=False. */
  private double texelCoordinate(double coordinate, double centreOnAxis) {
    double u = (coordinate - centreOnAxis) / (side / 2);
    return ((u + 1) * resolution - 1) / 2;
  }

  private int texel(int col, int row) {
    return (row * resolution + col) * channels;
  }

  private void checkArrays(float[] planes, float[] points, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("negative point count " + count);
    }
    requireLength(planes, parameterCount(), "planes");
    requireLength(points, (long) count * 3, "points");
  }

  private static void requireLength(float[] a, long atLeast, String what) {
    if (a.length < atLeast) {
      throw new IllegalArgumentException(
          what + " has " + a.length + " elements, needs at least " + atLeast);
    }
  }
}
