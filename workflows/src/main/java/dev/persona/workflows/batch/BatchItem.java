package dev.persona.workflows.batch;

import dev.persona.workflows.artifact.ArtifactRef;
import java.util.Objects;

/** One line of a batch manifest: the caller's job id and the photo, already in the store. */
public record BatchItem(String jobId, ArtifactRef photo) {
  public BatchItem {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(photo, "photo");
  }
}
