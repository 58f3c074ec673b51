package dev.persona.app.api;

import dev.persona.workflows.batch.BatchFailure;
import dev.persona.workflows.batch.BatchSummary;
import java.util.List;

/**
 * A batch's progress ({@code GET /v1/batches/{id}}) or the answer to its submission: counts by
 * outcome so far, the jobs still running, and each failed or cancelled job with its reason.
 */
public record BatchStatus(
    String tenant,
    String batchId,
    boolean alreadyStarted,
    int total,
    int completed,
    int failed,
    int cancelled,
    int running,
    List<BatchFailure> failures) {
  static BatchStatus of(String tenant, BatchSummary s, boolean alreadyStarted) {
    return new BatchStatus(
        tenant,
        s.batchId(),
        alreadyStarted,
        s.total(),
        s.completed(),
        s.failed(),
        s.cancelled(),
        s.running(),
        s.failures());
  }
}
