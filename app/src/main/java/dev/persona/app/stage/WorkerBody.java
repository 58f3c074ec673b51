package dev.persona.app.stage;

import dev.persona.app.BodyModels;
import dev.persona.core.body.BodyModel;
import dev.persona.core.io.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The body model a worker's stages use (the {@code PERSONA_BODY_MODEL} file, else the built-in
 * body) and its identity for stage keys: the file's sha256, or "built-in" (the built-in body's code
 * is part of the code version).
 */
public record WorkerBody(BodyModel model, String id) {
  public static WorkerBody configured() throws IOException {
    Optional<Path> file = BodyModels.configuredFile(null);
    BodyModel model = BodyModels.load(null);
    return new WorkerBody(model, file.isEmpty() ? "built-in" : Sha256.of(file.get()));
  }
}
