package dev.persona.workflows.batch;

import dev.persona.workflows.job.JobOptions;
import java.util.List;
import java.util.Objects;

/**
 * A batch of avatar jobs for one tenant: every item becomes a child {@code AvatarOnboarding} with
 * at most {@code concurrency} running at once. {@code nextIndex} and {@code soFar} carry the
 * progress across continue-as-new (both 0/empty when a caller starts a batch).
 */
public record BatchRequest(
    String tenant,
    String batchId,
    List<BatchItem> items,
    JobOptions options,
    int concurrency,
    int nextIndex,
    BatchSummary soFar) {
  public BatchRequest {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(options, "options");
    items = List.copyOf(items);
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
  }

  /** The workflow id of a batch: tenant-scoped, like a job's. */
  public static String workflowId(String tenant, String batchId) {
    return "batch/" + tenant + "/" + batchId;
  }
}
