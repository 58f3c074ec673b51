package dev.persona.workflows.job;

import dev.persona.workflows.artifact.ArtifactRef;
import java.util.Objects;

/**
 * One avatar to onboard: the job, its photo (already in the artifact store) and options. {@code
 * batchId} is null unless the job runs as a child of a batch.
 */
public record OnboardingRequest(JobKey key, ArtifactRef photo, JobOptions options, String batchId) {
  public OnboardingRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(photo, "photo");
    Objects.requireNonNull(options, "options");
  }
}
