package dev.persona.workflows.stage;

import dev.persona.workflows.artifact.ArtifactRef;
import java.util.Map;

/**
 * What a stage produced: artifacts by name, figures by name (for the job's result and events), and
 * whether it came from the stage cache instead of being computed in this run.
 */
public record StageOutput(
    Map<String, ArtifactRef> artifacts, Map<String, Double> metrics, boolean cached) {
  public StageOutput {
    artifacts = Map.copyOf(artifacts);
    metrics = Map.copyOf(metrics);
  }

  /** The same output, marked as taken from the stage cache. */
  public StageOutput asCached() {
    return new StageOutput(artifacts, metrics, true);
  }
}
