package dev.persona.workflows.stage;

import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.Stage;
import java.util.Map;
import java.util.Objects;

/**
 * What a stage activity gets: the job, its options, and the artifacts it reads by name. The names
 * are the {@link StageArtifacts} constants; a stage's output artifacts become later stages' inputs
 * under the same names.
 */
public record StageInput(
    JobKey key, Stage stage, Map<String, ArtifactRef> inputs, JobOptions options, String batchId) {
  public StageInput {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(options, "options");
    inputs = Map.copyOf(inputs);
  }

  /** The input artifact {@code name}; a missing one is a wiring bug, not bad user input. */
  public ArtifactRef input(String name) {
    ArtifactRef ref = inputs.get(name);
    if (ref == null) {
      throw new IllegalStateException(stage.id() + " needs input artifact '" + name + "'");
    }
    return ref;
  }
}
