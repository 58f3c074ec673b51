package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.BodyModel;
import dev.persona.diffusion.mimicmotion.MimicMotionBackend;
import dev.persona.diffusion.mimicmotion.MimicMotionComponents;
import dev.persona.diffusion.mimicmotion.MimicMotionOptions;
import dev.persona.diffusion.reproject.ReprojectBackend;
import dev.persona.diffusion.reproject.ReprojectOptions;
import dev.persona.diffusion.synthesis.FitPhoto;
import dev.persona.diffusion.synthesis.SynthesisBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The synthesis backend a name asks for, as the {@code synth} command and the synthesis stage
 * activity both choose it. MimicMotion needs its five exported TorchScript files: a missing folder
 * or file is a typed NOT_FOUND naming them, and a missing libtorch a typed UNSUPPORTED saying how
 * to get it, never a fake video.
 */
public final class SynthesisBackends {
  private SynthesisBackends() {}

  /**
   * @param name {@code reproject} or {@code mimicmotion}
   * @param textureSize the reproject backend's UV texture side, or null for its default
   * @param mimicMotionModels the exported TorchScript folder, or null for the environment's
   * @return the backend; close it when done if it is {@link AutoCloseable} (mimicmotion holds
   *     libtorch's native memory)
   */
  public static SynthesisBackend choose(
      String name, BodyModel body, FitPhoto photo, Integer textureSize, Path mimicMotionModels)
      throws IOException {
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
      case MimicMotionBackend.NAME -> {
        Path folder = mimicMotionModels;
        String configured = System.getenv(MimicMotionComponents.ENVIRONMENT_VARIABLE);
        if (folder == null && configured != null && !configured.isBlank()) {
          folder = Path.of(configured);
        }
        return MimicMotionBackend.create(
            body, photo, MimicMotionComponents.locate(folder), MimicMotionOptions.defaults());
      }
      default ->
          throw new InvalidInputException(
              InvalidInputException.Reason.MALFORMED,
              "backend must be 'reproject' or 'mimicmotion', got '" + name + "'");
    }
  }
}
