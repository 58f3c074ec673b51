package dev.persona.app.api;

import dev.persona.workflows.artifact.ArtifactRef;

/**
 * The answer to a submission, resume or cancel: which job, which run, whether that run existed
 * before (an idempotent resubmission), the stored photo, and where to follow it.
 */
public record AvatarJob(
    String tenant,
    String jobId,
    String runId,
    boolean alreadyStarted,
    ArtifactRef photo,
    String status,
    String events) {
  static AvatarJob of(String tenant, String jobId, String runId, boolean existed, ArtifactRef p) {
    String self = "/v1/avatars/" + jobId;
    return new AvatarJob(tenant, jobId, runId, existed, p, self, self + "/events");
  }
}
