package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyModelNpz;
import dev.persona.core.body.procedural.ProceduralBody;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which body the commands use: {@code --model FILE} if given, else the file named by the {@code
 * PERSONA_BODY_MODEL} environment variable, else the built-in procedural body.
 */
final class BodyModels {
  static final String ENVIRONMENT_VARIABLE = "PERSONA_BODY_MODEL";

  private BodyModels() {}

  static BodyModel load(Path model) {
    Path file = model;
    if (file == null) {
      String configured = System.getenv(ENVIRONMENT_VARIABLE);
      if (configured != null && !configured.isBlank()) {
        file = Path.of(configured);
      }
    }
    if (file == null) {
      return ProceduralBody.create().model();
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "body model file not found: " + file);
    }
    return BodyModelNpz.read(file);
  }
}
