package dev.persona.workflows.batch;

import java.util.List;

/**
 * How a batch stands (the query's answer while it runs, the result when it ends): counts by outcome
 * and the jobs that failed or were cancelled, with their reasons.
 */
public record BatchSummary(
    String batchId,
    int total,
    int completed,
    int failed,
    int cancelled,
    List<BatchFailure> failures) {
  public BatchSummary {
    failures = List.copyOf(failures);
  }

  /** Jobs not yet ended. */
  public int running() {
    return total - completed - failed - cancelled;
  }
}
