package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.BodyModel;
import dev.persona.diffusion.mimicmotion.MimicMotionComponents;
import dev.persona.diffusion.reproject.ReprojectBackend;
import dev.persona.diffusion.reproject.ReprojectOptions;
import dev.persona.diffusion.synthesis.FitPhoto;
import dev.persona.diffusion.synthesis.SynthesisBackend;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The synthesis backend a name asks for, as the {@code synth} command and the synthesis stage
 * activity both choose it. MimicMotion's sampler is in the build but its TorchScript runtime is
 * not: asking for it is a typed UNSUPPORTED error (after checking its model files, so a missing
 * folder is reported as such), never a fake video.
 */
public final class SynthesisBackends {
  private SynthesisBackends() {}

  /**
   * @param name {@code reproject} or {@code mimicmotion}
   * @param textureSize the reproject backend's UV texture side, or null for its default
   * @param mimicMotionModels the exported TorchScript folder, or null for the environment's
   */
  public static SynthesisBackend choose(
      String name, BodyModel body, FitPhoto photo, Integer textureSize, Path mimicMotionModels) {
    switch (name.strip().toLowerCase(Locale.ROOT)) {
      case ReprojectBackend.NAME -> {
        ReprojectOptions options = ReprojectOptions.defaults();
        if (textureSize != null) {
          try {
            options = options.withTextureSize(textureSize);
          } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
          }
        }
        return ReprojectBackend.create(body, photo, options);
      }
      case "mimicmotion" -> {
        Path folder = mimicMotionModels;
        String configured = System.getenv(MimicMotionComponents.ENVIRONMENT_VARIABLE);
        if (folder == null && configured != null && !configured.isBlank()) {
          folder = Path.of(configured);
        }
        MimicMotionComponents.locate(folder);
        throw new InvalidInputException(
            InvalidInputException.Reason.UNSUPPORTED,
            "the mimicmotion backend's TorchScript runtime (DJL PyTorch) is not part of this build"
                + " yet; its sampler is (docs/synthesis.md). Use the reproject backend");
      }
      default ->
          throw new InvalidInputException(
              InvalidInputException.Reason.MALFORMED,
              "backend must be 'reproject' or 'mimicmotion', got '" + name + "'");
    }
  }
}
