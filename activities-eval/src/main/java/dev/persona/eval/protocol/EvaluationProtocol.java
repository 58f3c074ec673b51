package dev.persona.eval.protocol;

import dev.persona.core.image.ColorTransfer;
import dev.persona.core.image.Image;

/**
 * Prepares a rendered frame and its ground truth for the metrics as PERSONA and ExAvatar evaluate
 * novel poses: both images are pasted on a white background using the ground-truth mask ({@code out
 * = m x + (1 - m) 1}, so whatever a renderer draws outside the person does not count, and neither
 * does the ground truth's background), cropped to the {@link PersonBox} of that mask (white outside
 * the image), and encoded to sRGB values in [0, 1], the numbers a PNG of the images holds, which is
 * what published PSNR/SSIM/LPIPS figures are computed on.
 */
public final class EvaluationProtocol {
  private EvaluationProtocol() {}

  /** The pair of images the metrics compare, sRGB-encoded RGB in [0, 1], of equal size. */
  public record Prepared(Image rendered, Image groundTruth, PersonBox box) {}

  /**
   * @param rendered the avatar's render, linear RGB or RGBA (alpha is ignored: the ground-truth
   *     mask decides)
   * @param groundTruth the frame, linear RGB or RGBA, same size
   * @param mask the frame's person mask, one channel in [0, 1], same size
   */
  public static Prepared prepare(Image rendered, Image groundTruth, Image mask) {
    requireSameSize(rendered, mask, "rendered image");
    requireSameSize(groundTruth, mask, "ground-truth image");
    PersonBox box = PersonBox.ofMask(mask);
    Image r = box.crop(onWhiteSrgb(rendered, mask), 1f);
    Image g = box.crop(onWhiteSrgb(groundTruth, mask), 1f);
    return new Prepared(r, g, box);
  }

  /** {@code m x + (1 - m)} in linear light, then sRGB-encoded; RGB out. */
  static Image onWhiteSrgb(Image image, Image mask) {
    int c = image.channels();
    if (c != 3 && c != 4) {
      throw new IllegalArgumentException("expected an RGB or RGBA image, got " + c + " channels");
    }
    int n = image.width() * image.height();
    float[] src = image.data();
    float[] m = mask.data();
    float[] out = new float[n * 3];
    for (int p = 0; p < n; p++) {
      float a = Math.min(1f, Math.max(0f, m[p]));
      for (int k = 0; k < 3; k++) {
        double linear = Math.min(1.0, Math.max(0.0, a * src[p * c + k] + (1 - a)));
        out[p * 3 + k] = (float) ColorTransfer.linearToSrgb(linear);
      }
    }
    return new Image(image.width(), image.height(), 3, out);
  }

  private static void requireSameSize(Image image, Image mask, String what) {
    if (image.width() != mask.width() || image.height() != mask.height()) {
      throw new IllegalArgumentException(
          what
              + " is "
              + image.width()
              + "x"
              + image.height()
              + " but the mask is "
              + mask.width()
              + "x"
              + mask.height());
    }
  }
}
