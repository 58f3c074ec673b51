package dev.persona.diffusion.mimicmotion;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.types.DataType;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.diffusion.mimicmotion.TorchScriptModule.Input;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * MimicMotion's five neural components, loaded from their TorchScript files by DJL's PyTorch engine
 * and run with the inputs and shapes of {@code docs/synthesis.md} (the export contract): SVD's CLIP
 * image encoder, SVD's VAE encoder and temporal decoder, MimicMotion's pose guider and its
 * spatio-temporal UNet. Arrays are row-major float32 in PyTorch's NCHW / NFCHW order; {@code h = H
 * / 8}, {@code w = W / 8}.
 */
public final class MimicMotionNetworks implements AutoCloseable {
  /** CLIP ViT-H/14's image embedding width. */
  public static final int EMBEDDING = 1024;

  /** The side of the image CLIP sees. */
  public static final int CLIP_SIZE = 224;

  /** SVD's latent channels. */
  public static final int LATENT_CHANNELS = 4;

  /** The UNet's input channels: the noisy latents and the reference latents, concatenated. */
  public static final int UNET_CHANNELS = 2 * LATENT_CHANNELS;

  /** The pose guider's output channels (the UNet's first block width). */
  public static final int POSE_CHANNELS = 320;

  /** The VAE's spatial downsampling. */
  public static final int LATENT_SCALE = 8;

  private final TorchScriptModule imageEncoder;
  private final TorchScriptModule vaeEncoder;
  private final TorchScriptModule vaeDecoder;
  private final TorchScriptModule poseGuider;
  private final TorchScriptModule unet;
  private final Device device;

  private MimicMotionNetworks(List<TorchScriptModule> modules, Device device) {
    this.imageEncoder = modules.get(0);
    this.vaeEncoder = modules.get(1);
    this.vaeDecoder = modules.get(2);
    this.poseGuider = modules.get(3);
    this.unet = modules.get(4);
    this.device = device;
  }

  /**
   * Loads the five files on the first GPU when libtorch sees one (exported in float16), else on the
   * CPU (exported in float32).
   */
  public static MimicMotionNetworks open(MimicMotionComponents components) throws IOException {
    Engine engine = engine();
    boolean gpu = engine.getGpuCount() > 0;
    return open(
        components, gpu ? Device.gpu() : Device.cpu(), gpu ? DataType.FLOAT16 : DataType.FLOAT32);
  }

  /**
   * Loads the five files onto {@code device}.
   *
   * @param precision the dtype they were exported in (float16 or float32)
   * @throws InvalidInputException UNSUPPORTED when libtorch cannot be loaded, CORRUPT naming a file
   *     that is not TorchScript
   */
  public static MimicMotionNetworks open(
      MimicMotionComponents components, Device device, DataType precision) throws IOException {
    if (precision != DataType.FLOAT32 && precision != DataType.FLOAT16) {
      throw new IllegalArgumentException("precision must be float32 or float16: " + precision);
    }
    engine();
    List<TorchScriptModule> modules = new ArrayList<>();
    try {
      for (String name : MimicMotionComponents.FILES) {
        modules.add(TorchScriptModule.load(components.file(name), device, precision));
      }
    } catch (IOException | RuntimeException e) {
      for (TorchScriptModule module : modules) {
        module.close();
      }
      throw e;
    }
    return new MimicMotionNetworks(modules, device);
  }

  /** DJL's PyTorch engine, or a typed error saying how to get libtorch. */
  static Engine engine() {
    try {
      return Engine.getEngine("PyTorch");
    } catch (EngineException | IllegalArgumentException e) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED,
          "the mimicmotion backend needs libtorch 2.1.1 and DJL's PyTorch engine could not load it ("
              + e.getMessage()
              + "): build the app with -Ptorch-cpu or -Ptorch-cu121, or set PYTORCH_LIBRARY_PATH ("
              + MimicMotionComponents.DOC
              + ")",
          e);
    }
  }

  /** Where the networks run. */
  public Device device() {
    return device;
  }

  /**
   * CLIP's image embedding of the reference.
   *
   * @param pixels {@code (1, 3, 224, 224)}, normalised with CLIP's mean and std
   * @return {@code [1024]}
   */
  public float[] imageEmbedding(float[] pixels) {
    return imageEncoder.forward(
        new long[] {1, EMBEDDING}, new Input(pixels, 1, 3, CLIP_SIZE, CLIP_SIZE));
  }

  /**
   * The reference image's VAE latents (the distribution's mode, unscaled, as SVD conditions on).
   *
   * @param image {@code (1, 3, H, W)} in [-1, 1]
   * @return {@code (4, h, w)}
   */
  public float[] encodeReference(float[] image, int height, int width) {
    return vaeEncoder.forward(
        new long[] {1, LATENT_CHANNELS, height / LATENT_SCALE, width / LATENT_SCALE},
        new Input(image, 1, 3, height, width));
  }

  /**
   * The pose guider's features of pose-skeleton images.
   *
   * @param poses {@code (F, 3, H, W)} in [-1, 1], F the count the guider was exported with
   * @return {@code (F, 320, h, w)}
   */
  public float[] poseFeatures(float[] poses, int frames, int height, int width) {
    return poseGuider.forward(
        new long[] {frames, POSE_CHANNELS, height / LATENT_SCALE, width / LATENT_SCALE},
        new Input(poses, frames, 3, height, width));
  }

  /**
   * The UNet's v-prediction for one window, MimicMotion's positional forward.
   *
   * @param sample {@code (1, T, 8, h, w)}: {@code c_in x} and the reference latents per frame
   * @param cNoise the timestep input, {@code 0.25 ln sigma}
   * @param embedding {@code (1, 1, 1024)} the reference's CLIP embedding (zeros: unconditional)
   * @param addedTimeIds {@code (1, 3)}: fps - 1, motion bucket, noise augmentation
   * @param poseLatents {@code (T, 320, h, w)} the window's pose features (zeros: unconditional)
   * @return {@code (1, T, 4, h, w)}
   */
  public float[] velocity(
      float[] sample,
      int frames,
      int latentHeight,
      int latentWidth,
      float cNoise,
      float[] embedding,
      float[] addedTimeIds,
      float[] poseLatents) {
    return unet.forward(
        new long[] {1, frames, LATENT_CHANNELS, latentHeight, latentWidth},
        new Input(sample, 1, frames, UNET_CHANNELS, latentHeight, latentWidth),
        new Input(new float[] {cNoise}, 1),
        new Input(embedding, 1, 1, EMBEDDING),
        new Input(addedTimeIds, 1, 3),
        new Input(poseLatents, frames, POSE_CHANNELS, latentHeight, latentWidth),
        new Input(new float[frames], 1, frames));
  }

  /**
   * The temporal VAE decoder.
   *
   * @param latents {@code (F, 4, h, w)} (the decoder divides by SVD's scaling factor itself), F the
   *     decode chunk it was exported with
   * @return {@code (F, 3, H, W)} in [-1, 1]
   */
  public float[] decode(float[] latents, int frames, int latentHeight, int latentWidth) {
    return vaeDecoder.forward(
        new long[] {frames, 3, latentHeight * LATENT_SCALE, latentWidth * LATENT_SCALE},
        new Input(latents, frames, LATENT_CHANNELS, latentHeight, latentWidth));
  }

  @Override
  public void close() {
    for (TorchScriptModule module :
        new TorchScriptModule[] {imageEncoder, vaeEncoder, vaeDecoder, poseGuider, unet}) {
      module.close();
    }
  }
}
