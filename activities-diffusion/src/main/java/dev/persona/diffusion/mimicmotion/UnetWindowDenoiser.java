package dev.persona.diffusion.mimicmotion;

/**
 * MimicMotion's UNet as the EDM denoiser of one window ({@link EdmPreconditioning}): the window's
 * latents scaled by {@code c_in} and concatenated along channels with the reference image's latents
 * (repeated on every frame, as SVD conditions), timestep {@code c_noise}, the reference's CLIP
 * embedding, SVD's added time ids and the window frames' pose features; the v-prediction gives
 * {@code D = c_skip x + c_out v}.
 *
 * <p>The unconditional branch of classifier-free guidance is the same network with the reference
 * zeroed (embedding and latents, SVD's negative conditioning) and no pose features (MimicMotion
 * passes {@code pose_latents=None}; its UNet adds them to the first convolution's output, so zeros
 * are the same).
 *
 * <p>The UNet was traced for windows of exactly {@code tileSize} frames: a shorter window (a video
 * shorter than one tile) is padded by repeating its last frame, and the padding's output dropped.
 */
final class UnetWindowDenoiser implements WindowDenoiser {
  private final MimicMotionNetworks networks;
  private final float[] referenceLatents;
  private final float[] embedding;
  private final float[] poseFeatures;
  private final float[] addedTimeIds;
  private final int tileSize;
  private final int latentHeight;
  private final int latentWidth;

  /**
   * @param referenceLatents {@code (4, h, w)}
   * @param embedding {@code [1024]}
   * @param poseFeatures {@code (F, 320, h, w)} for every frame of the video
   * @param addedTimeIds {@code [3]}
   * @param tileSize the frames the UNet was exported for
   */
  UnetWindowDenoiser(
      MimicMotionNetworks networks,
      float[] referenceLatents,
      float[] embedding,
      float[] poseFeatures,
      float[] addedTimeIds,
      int tileSize,
      int latentHeight,
      int latentWidth) {
    this.networks = networks;
    this.referenceLatents = referenceLatents;
    this.embedding = embedding;
    this.poseFeatures = poseFeatures;
    this.addedTimeIds = addedTimeIds;
    this.tileSize = tileSize;
    this.latentHeight = latentHeight;
    this.latentWidth = latentWidth;
  }

  @Override
  public void denoise(
      float[] latents, int[] window, double sigma, boolean conditional, float[] dest) {
    int plane = latentHeight * latentWidth;
    int frameSize = MimicMotionNetworks.LATENT_CHANNELS * plane;
    int poseSize = MimicMotionNetworks.POSE_CHANNELS * plane;
    int unetFrame = MimicMotionNetworks.UNET_CHANNELS * plane;
    float cIn = (float) EdmPreconditioning.cIn(sigma);
    float[] sample = new float[tileSize * unetFrame];
    float[] pose = new float[tileSize * poseSize];
    for (int j = 0; j < tileSize; j++) {
      int source = Math.min(j, window.length - 1);
      for (int i = 0; i < frameSize; i++) {
        sample[j * unetFrame + i] = cIn * latents[source * frameSize + i];
      }
      if (conditional) {
        System.arraycopy(referenceLatents, 0, sample, j * unetFrame + frameSize, frameSize);
        System.arraycopy(poseFeatures, window[source] * poseSize, pose, j * poseSize, poseSize);
      }
    }
    float[] v =
        networks.velocity(
            sample,
            tileSize,
            latentHeight,
            latentWidth,
            (float) EdmPreconditioning.cNoise(sigma),
            conditional ? embedding : new float[MimicMotionNetworks.EMBEDDING],
            addedTimeIds,
            pose);
    // v holds the window's frames first, then the padding; dest covers the window only.
    EdmPreconditioning.denoised(latents, v, sigma, dest);
  }
}
