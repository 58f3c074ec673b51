package dev.persona.workflows.batch;

import dev.persona.workflows.job.JobOptions;
import java.util.List;
import java.util.Objects;

/**
 * A batch of avatar jobs for one tenant: every item becomes a child {@code AvatarOnboarding} with
 * at most {@code concurrency} running at once. {@code nextIndex} and {@code soFar} carry the
 * progress across continue-as-new (both 0/empty when a caller starts a batch).
 *
 * <p>The request is the workflow's input and its continue-as-new input, so it must stay under
 * Temporal's 2 MB payload limit: at most {@link #MAX_ITEMS} items (about 250 bytes each as JSON
 * with an {@code s3:} URI, plus a summary of at most one short failure per item). A bigger manifest
 * is split into several batches by the caller.
 */
public record BatchRequest(
    String tenant,
    String batchId,
    List<BatchItem> items,
    JobOptions options,
    int concurrency,
    int nextIndex,
    BatchSummary soFar) {
  /** The most items one batch workflow takes (see the class comment). */
  public static final int MAX_ITEMS = 1_000;

  public BatchRequest {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(options, "options");
    items = List.copyOf(items);
    if (items.size() > MAX_ITEMS) {
      throw new IllegalArgumentException(
          "a batch holds at most "
              + MAX_ITEMS
              + " items (Temporal's 2 MB payload limit), got "
              + items.size()
              + ": split the manifest");
    }
    if (nextIndex < 0 || nextIndex > items.size()) {
      throw new IllegalArgumentException(
          "nextIndex must be in [0, " + items.size() + "], got " + nextIndex);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
  }

  /** The workflow id of a batch: tenant-scoped, like a job's. */
  public static String workflowId(String tenant, String batchId) {
    return "batch/" + tenant + "/" + batchId;
  }
}
