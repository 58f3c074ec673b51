package dev.persona.diffusion.mimicmotion;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TorchScript files of MimicMotion's neural components, exported by the user from the
 * MimicMotion and Stable Video Diffusion checkpoints (the export, with every module's inputs,
 * shapes and precision, is in {@code docs/synthesis.md}), all in one folder under fixed names.
 *
 * @param folder where they are
 */
public record MimicMotionComponents(Path folder) {
  /** The CLIP vision encoder of the reference image. */
  public static final String IMAGE_ENCODER = "image_encoder.pt";

  /** SVD's VAE encoder (reference image to latents). */
  public static final String VAE_ENCODER = "vae_encoder.pt";

  /** SVD's temporal VAE decoder (latents to frames). */
  public static final String VAE_DECODER = "vae_decoder.pt";

  /** MimicMotion's pose guider (pose-skeleton images to pose features). */
  public static final String POSE_GUIDER = "pose_guider.pt";

  /** MimicMotion's spatio-temporal UNet (SVD's, fine-tuned). */
  public static final String UNET = "unet.pt";

  /** Every file, in the order the pipeline uses them. */
  public static final List<String> FILES =
      List.of(IMAGE_ENCODER, VAE_ENCODER, VAE_DECODER, POSE_GUIDER, UNET);

  /** The environment variable naming the folder when the command line does not. */
  public static final String ENVIRONMENT_VARIABLE = "PERSONA_MIMICMOTION_MODELS";

  /** Where the export is documented. */
  public static final String DOC = "docs/synthesis.md";

  public Path file(String name) {
    return folder.resolve(name);
  }

  /**
   * The components in {@code folder}, all five present.
   *
   * @param folder the configured folder, or {@code null} when none is configured
   * @throws InvalidInputException NOT_FOUND naming every missing file (all of them when no folder
   *     is configured) and pointing to the doc that says how to export them
   */
  public static MimicMotionComponents locate(Path folder) {
    if (folder == null) {
      throw new InvalidInputException(
          Reason.NOT_FOUND,
          "the mimicmotion backend needs TorchScript files "
              + String.join(", ", FILES)
              + " and no folder is configured: export them as "
              + DOC
              + " describes and pass --mimicmotion-models DIR (or set "
              + ENVIRONMENT_VARIABLE
              + ")");
    }
    List<String> missing = new ArrayList<>();
    for (String name : FILES) {
      if (!Files.isRegularFile(folder.resolve(name))) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          Reason.NOT_FOUND,
          "the mimicmotion backend is missing "
              + String.join(", ", missing)
              + " in "
              + folder
              + ": export them as "
              + DOC
              + " describes");
    }
    return new MimicMotionComponents(folder);
  }
}
