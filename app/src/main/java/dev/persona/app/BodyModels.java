package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyModelNpz;
import dev.persona.core.body.procedural.ProceduralBody;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which body the commands use: {@code --model FILE} if given, else the file named by the {@code
 * PERSONA_BODY_MODEL} environment variable, else the built-in procedural body.
 */
public final class BodyModels {
  public static final String ENVIRONMENT_VARIABLE = "PERSONA_BODY_MODEL";

  private BodyModels() {}

  /** The model file to load, or empty for the built-in body. */
  public static Optional<Path> configuredFile(Path model) {
    if (model != null) {
      return Optional.of(model);
    }
    String configured = System.getenv(ENVIRONMENT_VARIABLE);
    return configured == null || configured.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(configured));
  }

  public static BodyModel load(Path model) throws IOException {
    Optional<Path> file = configuredFile(model);
    return file.isEmpty() ? ProceduralBody.create().model() : read(file.get());
  }

  static BodyModel read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "body model file not found: " + file);
    }
    return BodyModelNpz.read(file);
  }
}
