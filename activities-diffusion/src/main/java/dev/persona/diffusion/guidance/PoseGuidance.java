package dev.persona.diffusion.guidance;

import dev.persona.core.image.ColorTransfer;
import dev.persona.core.image.Image;

/**
 * Draws the pose-skeleton image MimicMotion conditions on, as its DWPose drawing code does (the
 * OpenPose style): on black, the 17 body limbs as filled ellipses {@value #STICK_WIDTH} pixels
 * half-wide in OpenPose's 18 colours, the whole canvas then dimmed to 60%, the 18 body keypoints as
 * discs of radius {@value #JOINT_RADIUS} in full colour; then each hand's 20 bones as lines {@value
 * #HAND_LINE_WIDTH} pixels wide coloured by hue {@code bone / 20} (HSV, full saturation and value)
 * and its 21 keypoints as blue discs of radius {@value #JOINT_RADIUS}. Every keypoint comes from an
 * exact body, so all have full confidence (DWPose scales colours by detection scores).
 *
 * <p>Colours are OpenPose's 8-bit values; the image is linear like every image here, so {@link
 * dev.persona.core.image.ImageIo#writePng} writes exactly those bytes. A pixel is inside a shape
 * when its centre {@code (x + 0.5, y + 0.5)} is.
 */
public final class PoseGuidance {
  /** Half-width of a body limb's ellipse, pixels (DWPose's {@code stickwidth}). */
  public static final int STICK_WIDTH = 4;

  /** Radius of a keypoint's disc, pixels. */
  public static final int JOINT_RADIUS = 4;

  /** Width of a hand bone's line, pixels. */
  public static final int HAND_LINE_WIDTH = 2;

  /** OpenPose's 18 body colours, sRGB 8-bit, limb {@code i} and keypoint {@code i} use entry i. */
  public static final int[][] BODY_COLOURS = {
    {255, 0, 0}, {255, 85, 0}, {255, 170, 0}, {255, 255, 0}, {170, 255, 0}, {85, 255, 0},
    {0, 255, 0}, {0, 255, 85}, {0, 255, 170}, {0, 255, 255}, {0, 170, 255}, {0, 85, 255},
    {0, 0, 255}, {85, 0, 255}, {170, 0, 255}, {255, 0, 255}, {255, 0, 170}, {255, 0, 85}
  };

  /**
   * OpenPose's limbs as keypoint pairs (0-based: its 1-based {@code limbSeq}); DWPose draws the
   * first 17 (the last two, shoulder to ear, are left out).
   */
  public static final int[][] BODY_LIMBS = {
    {1, 2}, {1, 5}, {2, 3}, {3, 4}, {5, 6}, {6, 7}, {1, 8}, {8, 9}, {9, 10}, {1, 11}, {11, 12},
    {12, 13}, {1, 0}, {0, 14}, {14, 16}, {0, 15}, {15, 17}
  };

  /** OpenPose's hand bones, keypoint pairs within one hand. */
  public static final int[][] HAND_BONES = {
    {0, 1}, {1, 2}, {2, 3}, {3, 4}, {0, 5}, {5, 6}, {6, 7}, {7, 8}, {0, 9}, {9, 10}, {10, 11},
    {11, 12}, {0, 13}, {13, 14}, {14, 15}, {15, 16}, {0, 17}, {17, 18}, {18, 19}, {19, 20}
  };

  /** Hand keypoints' colour, sRGB 8-bit (DWPose's {@code (0, 0, 255)}). */
  public static final int[] HAND_KEYPOINT_COLOUR = {0, 0, 255};

  /** DWPose dims the limbs to this fraction ({@code canvas * 0.6}) before drawing keypoints. */
  static final double LIMB_DIMMING = 0.6;

  private PoseGuidance() {}

  /**
   * @param pixels {@code [PoseKeypoints.COUNT*2]} keypoint pixel coordinates; NaN marks a missing
   *     keypoint (its limbs and disc are not drawn)
   * @return a {@code width x height} linear RGB image
   */
  public static Image draw(double[] pixels, int width, int height) {
    // Drawn in 8-bit sRGB codes, as DWPose does, then converted once.
    int[] canvas = new int[width * height * 3];
    for (int i = 0; i < BODY_LIMBS.length; i++) {
      int a = BODY_LIMBS[i][0];
      int b = BODY_LIMBS[i][1];
      if (present(pixels, a) && present(pixels, b)) {
        ellipse(canvas, width, height, pixels, a, b, BODY_COLOURS[i]);
      }
    }
    for (int p = 0; p < canvas.length; p++) {
      // numpy's astype(uint8) truncates.
      canvas[p] = (int) (canvas[p] * LIMB_DIMMING);
    }
    for (int k = 0; k < PoseKeypoints.BODY; k++) {
      if (present(pixels, k)) {
        disc(canvas, width, height, pixels[k * 2], pixels[k * 2 + 1], BODY_COLOURS[k]);
      }
    }
    for (int start : new int[] {PoseKeypoints.LEFT_HAND, PoseKeypoints.RIGHT_HAND}) {
      for (int e = 0; e < HAND_BONES.length; e++) {
        int a = start + HAND_BONES[e][0];
        int b = start + HAND_BONES[e][1];
        if (present(pixels, a) && present(pixels, b)) {
          line(canvas, width, height, pixels, a, b, hue((double) e / HAND_BONES.length));
        }
      }
      for (int k = start; k < start + PoseKeypoints.HAND; k++) {
        if (present(pixels, k)) {
          disc(canvas, width, height, pixels[k * 2], pixels[k * 2 + 1], HAND_KEYPOINT_COLOUR);
        }
      }
    }
    float[] lut = new float[256];
    for (int code = 0; code < 256; code++) {
      lut[code] = ColorTransfer.srgb8ToLinear(code);
    }
    float[] rgb = new float[canvas.length];
    for (int p = 0; p < canvas.length; p++) {
      rgb[p] = lut[canvas[p]];
    }
    return new Image(width, height, 3, rgb);
  }

  /** Hue in [0, 1) at full saturation and value, as 8-bit codes ({@code hsv_to_rgb * 255}). */
  static int[] hue(double h) {
    double sector = h * 6;
    int i = (int) Math.floor(sector);
    double f = sector - i;
    double[] rgb =
        switch (i % 6) {
          case 0 -> new double[] {1, f, 0};
          case 1 -> new double[] {1 - f, 1, 0};
          case 2 -> new double[] {0, 1, f};
          case 3 -> new double[] {0, 1 - f, 1};
          case 4 -> new double[] {f, 0, 1};
          default -> new double[] {1, 0, 1 - f};
        };
    return new int[] {(int) (rgb[0] * 255), (int) (rgb[1] * 255), (int) (rgb[2] * 255)};
  }

  private static boolean present(double[] pixels, int k) {
    return !Double.isNaN(pixels[k * 2]) && !Double.isNaN(pixels[k * 2 + 1]);
  }

  /** The ellipse around segment a-b: semi-axes half its length along it, STICK_WIDTH across. */
  private static void ellipse(
      int[] canvas, int width, int height, double[] pixels, int a, int b, int[] colour) {
    double ax = pixels[a * 2];
    double ay = pixels[a * 2 + 1];
    double bx = pixels[b * 2];
    double by = pixels[b * 2 + 1];
    double mx = 0.5 * (ax + bx);
    double my = 0.5 * (ay + by);
    double length = Math.hypot(bx - ax, by - ay);
    double half = Math.max(0.5 * length, 1e-9);
    double ux = length > 0 ? (bx - ax) / length : 1;
    double uy = length > 0 ? (by - ay) / length : 0;
    double reach = Math.max(half, STICK_WIDTH);
    fill(
        canvas,
        width,
        height,
        mx,
        my,
        reach,
        colour,
        (x, y) -> {
          double along = (x - mx) * ux + (y - my) * uy;
          double across = -(x - mx) * uy + (y - my) * ux;
          return (along / half) * (along / half) + (across / STICK_WIDTH) * (across / STICK_WIDTH)
              <= 1;
        });
  }

  private static void line(
      int[] canvas, int width, int height, double[] pixels, int a, int b, int[] colour) {
    double ax = pixels[a * 2];
    double ay = pixels[a * 2 + 1];
    double bx = pixels[b * 2];
    double by = pixels[b * 2 + 1];
    double dx = bx - ax;
    double dy = by - ay;
    double lengthSquared = dx * dx + dy * dy;
    double radius = 0.5 * HAND_LINE_WIDTH;
    double mx = 0.5 * (ax + bx);
    double my = 0.5 * (ay + by);
    double reach = 0.5 * Math.sqrt(lengthSquared) + radius;
    fill(
        canvas,
        width,
        height,
        mx,
        my,
        reach,
        colour,
        (x, y) -> {
          double t = lengthSquared > 0 ? ((x - ax) * dx + (y - ay) * dy) / lengthSquared : 0;
          t = Math.max(0, Math.min(1, t));
          double ex = ax + t * dx - x;
          double ey = ay + t * dy - y;
          return ex * ex + ey * ey <= radius * radius;
        });
  }

  private static void disc(
      int[] canvas, int width, int height, double x0, double y0, int[] colour) {
    double r2 = (double) JOINT_RADIUS * JOINT_RADIUS;
    fill(
        canvas,
        width,
        height,
        x0,
        y0,
        JOINT_RADIUS,
        colour,
        (x, y) -> (x - x0) * (x - x0) + (y - y0) * (y - y0) <= r2);
  }

  /** A test of whether a point (pixel coordinates) is inside a shape. */
  @FunctionalInterface
  private interface Shape {
    boolean contains(double x, double y);
  }

  /** Sets every pixel within {@code reach} of the centre whose centre the shape contains. */
  private static void fill(
      int[] canvas,
      int width,
      int height,
      double cx,
      double cy,
      double reach,
      int[] colour,
      Shape shape) {
    int x0 = Math.max(0, (int) Math.floor(cx - reach - 1));
    int x1 = Math.min(width - 1, (int) Math.ceil(cx + reach + 1));
    int y0 = Math.max(0, (int) Math.floor(cy - reach - 1));
    int y1 = Math.min(height - 1, (int) Math.ceil(cy + reach + 1));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        if (shape.contains(x + 0.5, y + 0.5)) {
          int p = (y * width + x) * 3;
          canvas[p] = colour[0];
          canvas[p + 1] = colour[1];
          canvas[p + 2] = colour[2];
        }
      }
    }
  }
}
