package dev.persona.workflows.events;

import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.Stage;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a job or a batch. {@code id} is deterministic (derived from what the event says, not
 * from a clock or random source) so a consumer can drop the duplicates that at-least-once
 * activities produce. {@code subject} is the Kafka record key: the job's workflow id, or the
 * batch's id for batch events, so one job's events stay in order on one partition. {@code key} and
 * {@code stage} are null where they do not apply; {@code data} holds the type's fields (its JSON
 * Schema in docs/events/).
 */
public record JobEvent(
    String id,
    JobEventType type,
    String subject,
    JobKey key,
    String batchId,
    Stage stage,
    int attempt,
    long timeMillis,
    Map<String, Object> data) {
  public JobEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    data = Map.copyOf(data);
  }
}
