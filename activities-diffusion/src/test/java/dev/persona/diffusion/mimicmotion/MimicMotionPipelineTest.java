package dev.persona.diffusion.mimicmotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.progress.ProgressListener;
import dev.persona.core.torchscript.TorchLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime over stand-in TorchScript files ({@link StandInComponents}): the UNet makes the EDM
 * denoiser the ideal denoiser of Gaussian data with a mean {@code mu} built from the conditioning,
 * and zero mean when the conditioning is zeroed. Classifier-free guidance with scale {@code w} then
 * is the ideal denoiser of mean {@code w mu} ({@code r x + w (1 - r) mu} with {@code r = s^2 / (s^2
 * + sigma^2)}), and Euler's steps on it are linear: {@code x_N - m = P (x_0 - m)} with {@code P =
 * prod_i (1 + (sigma_{i+1} - sigma_i) sigma_i / (s^2 + sigma_i^2))} and {@code x_0 = sqrt(1 +
 * sigma_0^2) eps}. So every sample is {@code m (1 - P) + P sqrt(1 + sigma_0^2) eps}, which the
 * decoded video must match per frame and latent pixel.
 */
class MimicMotionPipelineTest {
  @TempDir Path dir;

  private static final double VARIANCE = 0.0025;
  private static final double GAIN = 0.5;
  private static final float[] COLOUR = {-0.5f, 0.2f, 0.6f};

  @Test
  void guidedFusedSamplingOfTwoWindowsMatchesTheClosedForm() throws Exception {
    TorchLibrary.assumeAvailable();
    MimicMotionComponents components = StandInComponents.write(dir, VARIANCE, GAIN);
    MimicMotionOptions options = MimicMotionOptions.defaults();
    int frames = 17; // reference + 16: two windows of 16 sharing frame 0 and frames 2..15, fused
    int size = StandInComponents.SIZE;
    int plane = size * size;
    float[] reference = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      Arrays.fill(reference, c * plane, (c + 1) * plane, COLOUR[c]);
    }
    float[] poses = new float[frames * 3 * plane];
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            poses[((f * 3 + c) * size + y) * size + x] = poseValue(f, c, x / 8, y / 8);
          }
        }
      }
    }
    float[] video;
    try (MimicMotionNetworks networks =
        MimicMotionNetworks.open(components, Device.cpu(), DataType.FLOAT32)) {
      video =
          new MimicMotionPipeline(networks, options)
              .generate(reference, poses, frames, size, size, 5, ProgressListener.NONE);
    }
    assertEquals(frames * 3 * plane, video.length);

    // The embedding: CLIP's normalisation of a constant image, averaged over its channels.
    double embedding = 0;
    for (int c = 0; c < 3; c++) {
      embedding +=
          ((COLOUR[c] + 1) / 2 - MimicMotionPipeline.CLIP_MEAN[c])
              / MimicMotionPipeline.CLIP_STD[c]
              / 3;
    }
    double[] sigmas = options.schedule().sigmas();
    double p = 1;
    for (int i = 0; i < sigmas.length - 1; i++) {
      p *= 1 + (sigmas[i + 1] - sigmas[i]) * sigmas[i] / (VARIANCE + sigmas[i] * sigmas[i]);
    }
    double noise = p * Math.sqrt(1 + sigmas[0] * sigmas[0]);
    double w = options.guidance().min();
    double sum = 0;
    double sumSquares = 0;
    int n = 0;
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < 3; c++) {
        for (int by = 0; by < 8; by++) {
          for (int bx = 0; bx < 8; bx++) {
            double pose = 0;
            for (int k = 0; k < 3; k++) {
              pose += poseValue(f, k, bx, by) / 3.0;
            }
            double m = w * GAIN * (COLOUR[c] + pose + embedding);
            int corner = (f * 3 + c) * plane + by * 8 * size + bx * 8;
            double z = (video[corner] - m * (1 - p)) / noise;
            // A misplaced frame, pose or branch moves m by 0.05 or more: over 3 noise scales.
            assertTrue(Math.abs(z) < 6, "frame " + f + " channel " + c + ": z = " + z);
            sum += z;
            sumSquares += z * z;
            n++;
            // The decoder upsamples each latent pixel over an 8 x 8 block.
            assertEquals(video[corner], video[corner + 7 * size + 7], 0f);
          }
        }
      }
    }
    double mean = sum / n;
    double variance = sumSquares / n - mean * mean;
    // Standard normal eps: the mean within 4 standard errors, the variance within 4 of its
    // standard errors (sqrt(2 / n)).
    assertEquals(0, mean, 4 / Math.sqrt(n));
    assertEquals(1, variance, 4 * Math.sqrt(2.0 / n));
  }

  /** Pose images constant on each 8 x 8 block, different per frame, channel and block. */
  private static float poseValue(int frame, int channel, int bx, int by) {
    return ((frame * 7 + bx * 3 + by * 5 + channel) % 11) / 10f - 0.5f;
  }

  @Test
  void aFileExportedForOtherShapesIsNamedInATypedError() throws Exception {
    TorchLibrary.assumeAvailable();
    MimicMotionComponents components = StandInComponents.write(dir, VARIANCE, GAIN);
    // Windows of 8 frames: the pose guider and UNet were exported for 16.
    MimicMotionOptions options = MimicMotionOptions.defaults().withWindows(new LatentWindows(8, 2));
    int size = StandInComponents.SIZE;
    try (MimicMotionNetworks networks =
        MimicMotionNetworks.open(components, Device.cpu(), DataType.FLOAT32)) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () ->
                  new MimicMotionPipeline(networks, options)
                      .generate(
                          new float[3 * size * size],
                          new float[5 * 3 * size * size],
                          5,
                          size,
                          size,
                          1,
                          ProgressListener.NONE));
      assertEquals(Reason.MALFORMED, e.reason());
      assertTrue(e.getMessage().contains(MimicMotionComponents.POSE_GUIDER), e.getMessage());
    }
  }

  @Test
  void aFileThatIsNotTorchScriptIsCorrupt() throws Exception {
    TorchLibrary.assumeAvailable();
    MimicMotionComponents components = StandInComponents.write(dir, VARIANCE, GAIN);
    Files.writeString(components.file(MimicMotionComponents.UNET), "not a zip");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> MimicMotionNetworks.open(components, Device.cpu(), DataType.FLOAT32));
    assertEquals(Reason.CORRUPT, e.reason());
    assertTrue(e.getMessage().contains(MimicMotionComponents.UNET), e.getMessage());
  }
}
