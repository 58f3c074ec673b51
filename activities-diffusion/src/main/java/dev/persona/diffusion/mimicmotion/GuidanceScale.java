package dev.persona.diffusion.mimicmotion;

/**
 * SVD's classifier-free guidance over a video: the scale grows linearly over the frames, from
 * {@code min} on the first frame to {@code max} on the last ({@code torch.linspace(min, max,
 * num_frames)} in SVD's pipeline), and each frame's estimate is {@code D_u + w_f (D_c - D_u)}.
 * MimicMotion runs with {@code min = max = 2.0} by default.
 *
 * @param min the first frame's scale
 * @param max the last frame's scale
 */
public record GuidanceScale(double min, double max) {
  public GuidanceScale {
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("guidance scales must be finite: " + min + ", " + max);
    }
  }

  /** MimicMotion's default: 2.0 on every frame. */
  public static GuidanceScale mimicMotion() {
    return new GuidanceScale(2.0, 2.0);
  }

  /** The scale of frame {@code f} of {@code frames}. */
  public double at(int f, int frames) {
    return frames <= 1 ? min : min + (max - min) * f / (frames - 1);
  }

  /**
   * A guidance scale of 1 is plain conditional sampling: the unconditional branch is not needed.
   */
  public boolean isConditionalOnly() {
    return min == 1 && max == 1;
  }
}
