package dev.persona.diffusion.mimicmotion;

import dev.persona.core.image.Image;
import dev.persona.core.image.ImageResize;
import dev.persona.core.progress.ProgressListener;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * MimicMotion's video generation ({@code MimicMotionPipeline.__call__}) over the exported networks:
 * the reference image's CLIP embedding and VAE latents, the pose guider's features of every frame's
 * skeleton, Gaussian noise sampled by SVD's Euler EDM sampler with the UNet as the denoiser of each
 * window, the windows fused by progressive latent fusion and guided by classifier-free guidance,
 * then the latents decoded by the temporal VAE decoder in chunks.
 *
 * <p>Frame 0 of the video is the reference (its pose is the reference's own): MimicMotion generates
 * it along and drops it.
 */
public final class MimicMotionPipeline {
  /** CLIP's normalisation (OpenAI CLIP, as SVD's feature extractor). */
  static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

  static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private final MimicMotionNetworks networks;
  private final MimicMotionOptions options;

  public MimicMotionPipeline(MimicMotionNetworks networks, MimicMotionOptions options) {
    this.networks = networks;
    this.options = options;
  }

  /**
   * Generates a video.
   *
   * @param reference {@code (3, H, W)} the reference image in [-1, 1] (sRGB-encoded, as the
   *     networks were trained)
   * @param poses {@code (F, 3, H, W)} pose-skeleton images in [-1, 1], frame 0 the reference's
   * @param seed the initial noise's seed
   * @param progress told {@code (step, steps)} while denoising, then {@code (frames decoded, F)}
   * @return {@code (F, 3, H, W)} in [-1, 1], frame 0 the regenerated reference
   */
  public float[] generate(
      float[] reference,
      float[] poses,
      int frames,
      int height,
      int width,
      long seed,
      ProgressListener progress) {
    int h = height / MimicMotionNetworks.LATENT_SCALE;
    int w = width / MimicMotionNetworks.LATENT_SCALE;
    Random random = new Random(seed);
    float[] embedding = networks.imageEmbedding(clipInput(reference, height, width));
    float[] referenceLatents =
        networks.encodeReference(augmented(reference, random), height, width);
    int tile = options.windows().tileSize();
    float[] poseFeatures = poseFeatures(poses, frames, height, width, tile);
    UnetWindowDenoiser unet =
        new UnetWindowDenoiser(
            networks,
            referenceLatents,
            embedding,
            poseFeatures,
            options.addedTimeIds(),
            tile,
            h,
            w);
    int frameSize = MimicMotionNetworks.LATENT_CHANNELS * h * w;
    ProgressiveLatentFusion fusion =
        new ProgressiveLatentFusion(unet, frames, frameSize, options.windows(), options.guidance());
    float[] latents = new float[frames * frameSize];
    for (int i = 0; i < latents.length; i++) {
      latents[i] = (float) random.nextGaussian();
    }
    EulerEdmSampler.sample(options.schedule(), fusion, latents, progress);
    return decode(latents, frames, h, w, progress);
  }

  /**
   * SVD's {@code _encode_image}: the reference resized to 224 x 224 (an area filter, where SVD uses
   * an antialiased bicubic), mapped to [0, 1] and normalised with CLIP's mean and std.
   *
   * @return {@code (1, 3, 224, 224)}
   */
  static float[] clipInput(float[] reference, int height, int width) {
    int plane = height * width;
    float[] hwc = new float[plane * 3];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < plane; p++) {
        hwc[p * 3 + c] = (reference[c * plane + p] + 1) * 0.5f;
      }
    }
    int side = MimicMotionNetworks.CLIP_SIZE;
    float[] small = ImageResize.resize(new Image(width, height, 3, hwc), side, side).data();
    float[] out = new float[3 * side * side];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < side * side; p++) {
        out[c * side * side + p] = (small[p * 3 + c] - CLIP_MEAN[c]) / CLIP_STD[c];
      }
    }
    return out;
  }

  /** SVD's noise augmentation of the image the VAE encodes: {@code x + s eps}. */
  private float[] augmented(float[] reference, Random random) {
    double s = options.noiseAugmentation();
    if (s == 0) {
      return reference;
    }
    float[] out = new float[reference.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (reference[i] + s * random.nextGaussian());
    }
    return out;
  }

  /** The pose guider over every frame, {@code tile} frames per call, the last call padded. */
  private float[] poseFeatures(float[] poses, int frames, int height, int width, int tile) {
    int featureSize =
        MimicMotionNetworks.POSE_CHANNELS
            * (height / MimicMotionNetworks.LATENT_SCALE)
            * (width / MimicMotionNetworks.LATENT_SCALE);
    return inTiles(
        poses,
        frames,
        3 * height * width,
        featureSize,
        tile,
        chunk -> networks.poseFeatures(chunk, tile, height, width),
        done -> {});
  }

  /** The temporal decoder, {@code decodeChunk} frames per call, the last call padded. */
  private float[] decode(float[] latents, int frames, int h, int w, ProgressListener progress) {
    int chunkFrames = options.decodeChunk();
    return inTiles(
        latents,
        frames,
        MimicMotionNetworks.LATENT_CHANNELS * h * w,
        3 * h * w * MimicMotionNetworks.LATENT_SCALE * MimicMotionNetworks.LATENT_SCALE,
        chunkFrames,
        chunk -> networks.decode(chunk, chunkFrames, h, w),
        done -> progress.progress(done, frames, "decoded frame " + done));
  }

  /**
   * Runs {@code frames} frames (of {@code inSize} values each) through a network exported for
   * exactly {@code tile} frames a call: the last call is padded by repeating its last frame, and
   * the padding's outputs ({@code outSize} values a frame) are dropped.
   */
  private static float[] inTiles(
      float[] in,
      int frames,
      int inSize,
      int outSize,
      int tile,
      UnaryOperator<float[]> network,
      IntConsumer framesDone) {
    float[] out = new float[frames * outSize];
    float[] chunk = new float[tile * inSize];
    for (int start = 0; start < frames; start += tile) {
      int count = Math.min(tile, frames - start);
      for (int j = 0; j < tile; j++) {
        int source = start + Math.min(j, count - 1);
        System.arraycopy(in, source * inSize, chunk, j * inSize, inSize);
      }
      float[] result = network.apply(chunk);
      System.arraycopy(result, 0, out, start * outSize, count * outSize);
      framesDone.accept(start + count);
    }
    return out;
  }
}
