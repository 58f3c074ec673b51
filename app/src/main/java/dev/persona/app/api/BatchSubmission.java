package dev.persona.app.api;

import java.util.List;

/**
 * {@code POST /v1/batches}: the batch id, how many jobs run at once (default 4), the options every
 * job takes, and the items: a job id and a stored photo each (as in {@link AvatarSubmission}).
 */
public record BatchSubmission(
    String batchId, Integer concurrency, JobOptionsBody options, List<Item> items) {
  /** One job of the batch. */
  public record Item(String jobId, String photo) {}
}
