package dev.persona.app.jobs;

import dev.persona.workflows.job.JobStatus;
import dev.persona.workflows.stage.StageHeartbeat;

/**
 * What a caller sees of a job: the workflow's status and, while a stage runs, its activity's latest
 * heartbeat (progress and checkpoint) and attempt. {@code heartbeat} is null between stages and
 * before the first heartbeat.
 */
public record JobView(JobStatus status, StageHeartbeat heartbeat, int attempt, String lastFailure) {
  /** Progress of the running stage in [0, 1], or -1 when unknown. */
  public double stageFraction() {
    if (heartbeat == null || heartbeat.total() <= 0) {
      return -1;
    }
    return Math.min(1.0, (double) heartbeat.done() / heartbeat.total());
  }
}
