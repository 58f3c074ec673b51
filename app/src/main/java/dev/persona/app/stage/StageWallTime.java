package dev.persona.app.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.io.JsonFiles;
import dev.persona.eval.report.StageTime;
import dev.persona.workflows.job.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@value #FILE} in every folder a stage outputs: the stage, its attempt and the wall time of the
 * work that made the folder (inputs fetched to outputs ready), so the PUBLISH stage's report can
 * show each stage's time without the workflow carrying it.
 */
final class StageWallTime {
  static final String FILE = "stage-time.json";

  private StageWallTime() {}

  static void write(Path folder, Stage stage, int attempt, double seconds) throws IOException {
    ObjectNode o = JsonFiles.object();
    o.put("stage", stage.id());
    o.put("attempt", attempt);
    o.put("wall_seconds", seconds);
    JsonFiles.write(folder.resolve(FILE), o);
  }

  /** The time recorded in {@code folder}, or "not recorded" (NaN) when there is none. */
  static StageTime read(Path folder, Stage stage) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return new StageTime(stage.id(), Double.NaN, "");
    }
    JsonNode o = JsonFiles.read(file);
    int attempt = o.path("attempt").asInt(1);
    return new StageTime(
        stage.id(),
        o.path("wall_seconds").asDouble(Double.NaN),
        attempt > 1 ? "attempt " + attempt : "");
  }
}
