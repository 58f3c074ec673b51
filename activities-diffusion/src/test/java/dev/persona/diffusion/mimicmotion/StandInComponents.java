package dev.persona.diffusion.mimicmotion;

import dev.persona.core.torchscript.TorchScriptArchiveWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The five TorchScript files with MimicMotion's documented signatures and shapes (frames 64 x 64,
 * latents 8 x 8, UNet and pose guider exported for 16 frames, decoder for 8), computing simple
 * known functions instead of networks:
 *
 * <ul>
 *   <li>image encoder: the mean of its input, on all 1024 outputs;
 *   <li>VAE encoder: the 8 x 8 block means of R, G, B, and their mean as the fourth channel;
 *   <li>pose guider: the 8 x 8 block mean over R, G, B, on all 320 channels;
 *   <li>UNet: the v-prediction that makes the EDM denoiser exactly the ideal denoiser of Gaussian
 *       data {@code N(mu, s^2)}, {@code D = mu + s^2 / (s^2 + sigma^2) (x - mu)}, with {@code mu =
 *       gain (reference latents + pose features' channel mean + embedding mean) + (time ids - (6,
 *       127, 0)) + sum(image-only indicator)}; {@code x} and {@code sigma} recovered from {@code
 *       c_in x} and {@code c_noise}. With the conditioning zeroed {@code mu} is 0;
 *   <li>VAE decoder: latent channels 0..2 upsampled 8 x 8 (nearest).
 * </ul>
 *
 * Each checks its frame count by reshaping to the exported shape, so a call with another count
 * fails.
 */
public final class StandInComponents {
  public static final int SIZE = 64;
  static final int LATENT = SIZE / 8;
  static final int TILE = 16;
  static final int DECODE_CHUNK = 8;

  private StandInComponents() {}

  /** Writes the five files into {@code folder}. */
  public static MimicMotionComponents write(Path folder, double variance, double gain)
      throws IOException {
    Files.createDirectories(folder);
    float[] ones1024 = new float[1024];
    Arrays.fill(ones1024, 1f);
    new TorchScriptArchiveWriter("ImageEncoder")
        .parameter("ones", ones1024, 1, 1024)
        .method(
            """
            def forward(self: __torch__.ImageEncoder,
                pixel_values: Tensor) -> Tensor:
              x = torch.reshape(pixel_values, [1, 3, 224, 224])
              return torch.mul(self.ones, torch.mean(x))
            """)
        .write(folder.resolve(MimicMotionComponents.IMAGE_ENCODER));
    new TorchScriptArchiveWriter("VaeEncoder")
        .method(
            """
            def forward(self: __torch__.VaeEncoder,
                image: Tensor) -> Tensor:
              p = torch.avg_pool2d(image, [8, 8])
              return torch.cat([p, torch.mean(p, [1], True)], 1)
            """)
        .write(folder.resolve(MimicMotionComponents.VAE_ENCODER));
    float[] ones320 = new float[320];
    Arrays.fill(ones320, 1f);
    new TorchScriptArchiveWriter("PoseGuider")
        .parameter("ones", ones320, 1, 320, 1, 1)
        .method(
            """
            def forward(self: __torch__.PoseGuider,
                pose: Tensor) -> Tensor:
              x = torch.reshape(pose, [16, 3, 64, 64])
              p = torch.avg_pool2d(x, [8, 8])
              return torch.mul(torch.mean(p, [1], True), self.ones)
            """)
        .write(folder.resolve(MimicMotionComponents.POSE_GUIDER));
    new TorchScriptArchiveWriter("Unet")
        .parameter("variance", new float[] {(float) variance}, 1)
        .parameter("gain", new float[] {(float) gain}, 1)
        .parameter("time_ids", new float[] {6, 127, 0}, 1, 3)
        .method(
            """
            def forward(self: __torch__.Unet,
                sample: Tensor,
                timestep: Tensor,
                encoder_hidden_states: Tensor,
                added_time_ids: Tensor,
                pose_latents: Tensor,
                image_only_indicator: Tensor) -> Tensor:
              s = torch.reshape(sample, [1, 16, 8, 8, 8])
              y = torch.narrow(s, 2, 0, 4)
              reference = torch.narrow(s, 2, 4, 4)
              pose = torch.unsqueeze(torch.mean(torch.reshape(pose_latents, [16, 320, 8, 8]), [1], True), 0)
              embedding = torch.mean(torch.reshape(encoder_hidden_states, [1, 1, 1024]))
              checks = torch.sum(added_time_ids - self.time_ids) + torch.sum(torch.reshape(image_only_indicator, [1, 16]))
              mu = self.gain * (reference + pose + embedding) + checks
              sigma = torch.exp(timestep * 4.0)
              s2 = sigma * sigma
              x = y * torch.sqrt(s2 + 1.0)
              d = mu + self.variance / (self.variance + s2) * (x - mu)
              return (d - x / (s2 + 1.0)) / torch.neg(sigma / torch.sqrt(s2 + 1.0))
            """)
        .write(folder.resolve(MimicMotionComponents.UNET));
    new TorchScriptArchiveWriter("VaeDecoder")
        .method(
            """
            def forward(self: __torch__.VaeDecoder,
                latents: Tensor) -> Tensor:
              z = torch.narrow(torch.reshape(latents, [8, 4, 8, 8]), 1, 0, 3)
              return torch.repeat_interleave(torch.repeat_interleave(z, 8, 2), 8, 3)
            """)
        .write(folder.resolve(MimicMotionComponents.VAE_DECODER));
    return MimicMotionComponents.locate(folder);
  }
}
