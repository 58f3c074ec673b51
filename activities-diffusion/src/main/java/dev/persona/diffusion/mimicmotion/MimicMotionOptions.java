package dev.persona.diffusion.mimicmotion;

/**
 * How MimicMotion samples a video (its {@code test.yaml} and {@code MimicMotionPipeline} defaults).
 *
 * @param schedule the EDM noise levels
 * @param guidance classifier-free guidance scale per frame
 * @param windows the progressive latent fusion's tiling; its tile size is the frame count the UNet
 *     was exported with
 * @param fps the frame rate SVD is conditioned on (its added time id is {@code fps - 1})
 * @param motionBucket SVD's motion bucket id
 * @param noiseAugmentation noise added to the reference image before encoding (also an added time
 *     id)
 * @param decodeChunk frames per VAE decoder call, the count it was exported with
 * @param seed the initial noise's seed (each clip adds its first frame's index)
 */
public record MimicMotionOptions(
    EdmSchedule schedule,
    GuidanceScale guidance,
    LatentWindows windows,
    int fps,
    int motionBucket,
    double noiseAugmentation,
    int decodeChunk,
    long seed) {
  public MimicMotionOptions {
    if (fps < 1 || motionBucket < 0 || decodeChunk < 1) {
      throw new IllegalArgumentException(
          "need fps >= 1, motion bucket >= 0, decode chunk >= 1: "
              + fps
              + ", "
              + motionBucket
              + ", "
              + decodeChunk);
    }
    if (!(noiseAugmentation >= 0) || Double.isInfinite(noiseAugmentation)) {
      throw new IllegalArgumentException("noise augmentation must be >= 0: " + noiseAugmentation);
    }
  }

  /**
   * MimicMotion's inference: 25 steps, guidance 2.0, windows of 16 overlapping by 6, fps 7, motion
   * bucket 127, no noise augmentation, decoding 8 frames at a time, seed 42.
   */
  public static MimicMotionOptions defaults() {
    return new MimicMotionOptions(
        EdmSchedule.svd(),
        GuidanceScale.mimicMotion(),
        LatentWindows.mimicMotion(),
        7,
        127,
        0.0,
        8,
        42);
  }

  public MimicMotionOptions withSchedule(EdmSchedule value) {
    return new MimicMotionOptions(
        value, guidance, windows, fps, motionBucket, noiseAugmentation, decodeChunk, seed);
  }

  public MimicMotionOptions withGuidance(GuidanceScale value) {
    return new MimicMotionOptions(
        schedule, value, windows, fps, motionBucket, noiseAugmentation, decodeChunk, seed);
  }

  public MimicMotionOptions withWindows(LatentWindows value) {
    return new MimicMotionOptions(
        schedule, guidance, value, fps, motionBucket, noiseAugmentation, decodeChunk, seed);
  }

  public MimicMotionOptions withDecodeChunk(int value) {
    return new MimicMotionOptions(
        schedule, guidance, windows, fps, motionBucket, noiseAugmentation, value, seed);
  }

  /** SVD's added time ids {@code (fps - 1, motion bucket, noise augmentation)}. */
  public float[] addedTimeIds() {
    return new float[] {fps - 1, motionBucket, (float) noiseAugmentation};
  }
}
