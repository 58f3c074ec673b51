package dev.persona.smplx.perception;

import dev.persona.core.image.Image;
import dev.persona.core.image.ImageOps;

/**
 * Draws what perception found over the photo, for a person to look at: the mask as a tint, the
 * region of interest's outline, the skeleton's bones and the landmarks (left side orange, right
 * side cyan, centre white; landmarks with visibility under 0.5 drawn dim).
 */
public final class PerceptionOverlay {
  private PerceptionOverlay() {}

  /**
   * Draws the overlay.
   *
   * @param photo linear RGB or RGBA (alpha is dropped)
   * @param landmarks may be null
   * @param mask may be null
   * @param roi may be null
   * @return a new linear RGB image of the photo's size
   */
  public static Image draw(
      Image photo, PoseLandmarks landmarks, PersonMask mask, RegionOfInterest roi) {
    int w = photo.width();
    int h = photo.height();
    Image out = new Image(w, h, 3);
    float[] src = photo.data();
    float[] dst = out.data();
    int ch = photo.channels();
    for (int i = 0; i < w * h; i++) {
      float m = mask == null ? 0 : 0.5f * mask.probability().data()[i];
      for (int c = 0; c < 3; c++) {
        float v = src[i * ch + Math.min(c, ch - 1)];
        float tint = c == 1 ? 0.6f : 0.05f;
        dst[i * 3 + c] = v * (1 - m) + tint * m;
      }
    }
    int thick = Math.max(1, Math.round(Math.max(w, h) / 400f));
    if (roi != null) {
      double[][] c = {roi.toImage(0, 0), roi.toImage(1, 0), roi.toImage(1, 1), roi.toImage(0, 1)};
      for (int k = 0; k < 4; k++) {
        line(out, c[k], c[(k + 1) % 4], new float[] {1f, 1f, 0f}, thick);
      }
    }
    if (landmarks != null) {
      for (int[] bone : PoseLandmarks.connections()) {
        double[] a = {landmarks.x(bone[0]), landmarks.y(bone[0])};
        double[] b = {landmarks.x(bone[1]), landmarks.y(bone[1])};
        float dim = Math.min(landmarks.visibility(bone[0]), landmarks.visibility(bone[1]));
        line(
            out, a, b, dim >= 0.5f ? new float[] {1f, 1f, 1f} : new float[] {.3f, .3f, .3f}, thick);
      }
      for (int i = 0; i < PoseLandmarks.COUNT; i++) {
        float[] color = colorOf(i);
        if (landmarks.visibility(i) < 0.5f) {
          color = new float[] {color[0] * .3f, color[1] * .3f, color[2] * .3f};
        }
        ImageOps.fillDisc(out, landmarks.x(i), landmarks.y(i), 2.5 * thick + 1, color);
      }
    }
    return out;
  }

  private static float[] colorOf(int i) {
    if (i == 0) {
      return new float[] {1f, 1f, 1f};
    }
    String name = PoseLandmarks.NAMES.get(i);
    if (name.startsWith("left") || name.equals("mouth_left")) {
      return new float[] {1f, 0.35f, 0f};
    }
    return new float[] {0f, 0.7f, 1f};
  }

  private static void line(Image img, double[] a, double[] b, float[] color, int thick) {
    double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    int steps = (int) Math.ceil(len) + 1;
    for (int s = 0; s <= steps; s++) {
      double t = (double) s / steps;
      ImageOps.fillDisc(
          img, a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), thick * 0.75, color);
    }
  }
}
