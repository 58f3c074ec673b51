package dev.persona.smplx.fitting;

import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageResize;
import dev.persona.smplx.perception.PersonMask;

/**
 * The person's mask prepared for the silhouette term, at a working resolution (the photo scaled so
 * its longest side is at most {@link #WORKING_SIDE} pixels): the binary mask, for every pixel the
 * nearest mask pixel ({@link DistanceTransform}), and up to {@link #CONTOUR_SAMPLES} points of the
 * mask's outline. Points are placed on the mask's edge (half a pixel out from the edge pixels'
 * centres), so the fitted outline is not biased half a pixel inwards. Points handed out are in the
 * full photo's pixels.
 */
public final class SilhouetteTarget {
  /** Longest side of the working resolution, pixels. */
  public static final int WORKING_SIDE = 384;

  /** At most this many outline points pull the body outwards. */
  public static final int CONTOUR_SAMPLES = 400;

  private final PinholeCamera workingCamera;
  private final int width;
  private final int height;
  private final double toPhotoX;
  private final double toPhotoY;
  private final boolean[] inside;
  private final int[] nearest;
  private final double[] contour;
  private final int area;

  private SilhouetteTarget(PersonMask mask, PinholeCamera camera) {
    int[] size = ImageResize.fitLongestSide(mask.width(), mask.height(), WORKING_SIDE);
    width = size[0];
    height = size[1];
    workingCamera = camera.withSize(width, height);
    toPhotoX = (double) mask.width() / width;
    toPhotoY = (double) mask.height() / height;
    Image small = ImageResize.resize(mask.probability(), width, height);
    float[] p = small.data();
    inside = new boolean[width * height];
    int count = 0;
    for (int i = 0; i < inside.length; i++) {
      inside[i] = p[i] >= 0.5f;
      if (inside[i]) {
        count++;
      }
    }
    area = count;
    nearest = DistanceTransform.nearestFeature(inside, width, height);
    int outline = 0;
    for (int i = 0; i < inside.length; i++) {
      if (isOutline(i)) {
        outline++;
      }
    }
    int stride = Math.max(1, (outline + CONTOUR_SAMPLES - 1) / CONTOUR_SAMPLES);
    contour = new double[2 * ((outline + stride - 1) / stride)];
    int k = 0;
    int seen = 0;
    for (int i = 0; i < inside.length; i++) {
      if (isOutline(i)) {
        if (seen % stride == 0) {
          // Half a pixel outwards from the pixel's centre: on the mask's edge, not inside it.
          double[] out = outward(i);
          contour[2 * k] = (i % width + 0.5 + 0.5 * out[0]) * toPhotoX;
          contour[2 * k + 1] = (i / width + 0.5 + 0.5 * out[1]) * toPhotoY;
          k++;
        }
        seen++;
      }
    }
  }

  /** Unit direction from mask pixel {@code i} towards its non-mask 4-neighbours (0 if none). */
  private double[] outward(int i) {
    int x = i % width;
    int y = i / width;
    double dx = 0;
    double dy = 0;
    if (x == 0 || !inside[i - 1]) {
      dx -= 1;
    }
    if (x == width - 1 || !inside[i + 1]) {
      dx += 1;
    }
    if (y == 0 || !inside[i - width]) {
      dy -= 1;
    }
    if (y == height - 1 || !inside[i + width]) {
      dy += 1;
    }
    double length = Math.hypot(dx, dy);
    return length == 0 ? new double[2] : new double[] {dx / length, dy / length};
  }

  /** The target for {@code mask} seen through {@code camera} (the photo's size). */
  public static SilhouetteTarget of(PersonMask mask, PinholeCamera camera) {
    if (mask.width() != camera.width() || mask.height() != camera.height()) {
      throw new IllegalArgumentException("the mask and the camera differ in size");
    }
    return new SilhouetteTarget(mask, camera);
  }

  private boolean isOutline(int i) {
    if (!inside[i]) {
      return false;
    }
    int x = i % width;
    int y = i / width;
    return x == 0
        || y == 0
        || x == width - 1
        || y == height - 1
        || !inside[i - 1]
        || !inside[i + 1]
        || !inside[i - width]
        || !inside[i + width];
  }

  /** The photo's camera at the working resolution. */
  public PinholeCamera workingCamera() {
    return workingCamera;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Mask pixels at the working resolution. */
  public int area() {
    return area;
  }

  /** Whether working pixel {@code i} is in the mask. */
  boolean inside(int i) {
    return inside[i];
  }

  /** {@code [2*N]} outline points, photo pixels. */
  double[] contour() {
    return contour;
  }

  /**
   * The nearest mask pixel's centre to photo point (u, v), photo pixels, into {@code dest}; false
   * (and {@code dest} untouched) when the point is already on the mask or the mask is empty.
   */
  boolean nearestMaskPoint(double u, double v, double[] dest) {
    int x = (int) Math.floor(u / toPhotoX);
    int y = (int) Math.floor(v / toPhotoY);
    x = Math.max(0, Math.min(width - 1, x));
    y = Math.max(0, Math.min(height - 1, y));
    int i = y * width + x;
    boolean outsideImage = u < 0 || v < 0 || u >= width * toPhotoX || v >= height * toPhotoY;
    if ((inside[i] && !outsideImage) || nearest[i] < 0) {
      return false;
    }
    int q = nearest[i];
    // The nearest mask pixel's centre moved half a pixel towards the point: the mask's edge.
    double qx = q % width + 0.5;
    double qy = q / width + 0.5;
    double px = u / toPhotoX - qx;
    double py = v / toPhotoY - qy;
    double length = Math.hypot(px, py);
    if (length > 0.5) {
      qx += 0.5 * px / length;
      qy += 0.5 * py / length;
    }
    dest[0] = qx * toPhotoX;
    dest[1] = qy * toPhotoY;
    return true;
  }
}
