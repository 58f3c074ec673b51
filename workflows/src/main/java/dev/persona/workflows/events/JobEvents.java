package dev.persona.workflows.events;

import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.Stage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds every event the system emits, with its deterministic id and its {@code data} fields (the
 * field names of docs/events/*.schema.json). An id is the subject, the Temporal run id, the type
 * and what makes the event unique within the run (stage, attempt, a counter): the same logical
 * event emitted twice (a retried local activity, a replayed workflow) gets the same id, while a
 * resumed job (a new run) gets new ones.
 */
public final class JobEvents {
  private JobEvents() {}

  public static JobEvent accepted(
      JobKey key, String runId, String batchId, ArtifactRef photo, long timeMillis) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("photo", artifact(photo));
    return job(JobEventType.JOB_ACCEPTED, key, runId, batchId, null, 0, "", timeMillis, data);
  }

  public static JobEvent stageStarted(
      JobKey key, String runId, String batchId, Stage stage, long timeMillis) {
    return job(JobEventType.STAGE_STARTED, key, runId, batchId, stage, 0, "", timeMillis, Map.of());
  }

  /**
   * Progress of one attempt of a stage; {@code done} makes the id (a re-sent heartbeat at the same
   * point is a duplicate).
   */
  public static JobEvent progress(
      JobKey key,
      String runId,
      String batchId,
      Stage stage,
      int attempt,
      long done,
      long total,
      String message,
      long timeMillis) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("done", done);
    data.put("total", total);
    data.put("message", message == null ? "" : message);
    return job(
        JobEventType.STAGE_PROGRESS,
        key,
        runId,
        batchId,
        stage,
        attempt,
        Long.toString(done),
        timeMillis,
        data);
  }

  public static JobEvent checkpointSaved(
      JobKey key,
      String runId,
      String batchId,
      Stage stage,
      int attempt,
      ArtifactRef checkpoint,
      long done,
      long timeMillis) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("checkpoint", artifact(checkpoint));
    data.put("done", done);
    return job(
        JobEventType.CHECKPOINT_SAVED,
        key,
        runId,
        batchId,
        stage,
        attempt,
        checkpoint.sha256(),
        timeMillis,
        data);
  }

  /**
   * Published by an attempt after the first of a stage's activity, saying why the previous one
   * ended and where this one resumes ({@code resumedFrom} may be null: no checkpoint).
   */
  public static JobEvent retried(
      JobKey key,
      String runId,
      String batchId,
      Stage stage,
      int attempt,
      String previousFailure,
      ArtifactRef resumedFrom,
      long timeMillis) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("previous_failure", previousFailure == null ? "" : previousFailure);
    if (resumedFrom != null) {
      data.put("resumed_from", artifact(resumedFrom));
    }
    return job(
        JobEventType.STAGE_RETRIED, key, runId, batchId, stage, attempt, "", timeMillis, data);
  }

  public static JobEvent stageCompleted(
      JobKey key,
      String runId,
      String batchId,
      Stage stage,
      boolean cached,
      Map<String, ArtifactRef> artifacts,
      long timeMillis) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cached", cached);
    data.put("artifacts", artifacts(artifacts));
    return job(JobEventType.STAGE_COMPLETED, key, runId, batchId, stage, 0, "", timeMillis, data);
  }

  public static JobEvent jobCompleted(
      JobKey key,
      String runId,
      String batchId,
      Map<String, ArtifactRef> artifacts,
      Map<String, Double> metrics,
      long timeMillis) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("artifacts", artifacts(artifacts));
    data.put("metrics", new TreeMap<>(metrics));
    return job(JobEventType.JOB_COMPLETED, key, runId, batchId, null, 0, "", timeMillis, data);
  }

  public static JobEvent jobFailed(
      JobKey key,
      String runId,
      String batchId,
      Stage stage,
      String failureType,
      String message,
      long timeMillis) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("failure_type", failureType);
    data.put("message", message == null ? "" : message);
    return job(JobEventType.JOB_FAILED, key, runId, batchId, stage, 0, "", timeMillis, data);
  }

  public static JobEvent jobCancelled(
      JobKey key, String runId, String batchId, Stage stage, long timeMillis) {
    return job(JobEventType.JOB_CANCELLED, key, runId, batchId, stage, 0, "", timeMillis, Map.of());
  }

  /** A batch's counts; {@code ended} (jobs ended so far) makes the id. */
  public static JobEvent batchProgress(
      String tenant,
      String batchId,
      String runId,
      int total,
      int completed,
      int failed,
      int cancelled,
      long timeMillis) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tenant", tenant);
    data.put("total", total);
    data.put("completed", completed);
    data.put("failed", failed);
    data.put("cancelled", cancelled);
    String subject = "batch/" + tenant + "/" + batchId;
    int ended = completed + failed + cancelled;
    return new JobEvent(
        id(subject, runId, JobEventType.BATCH_PROGRESS, null, 0, Integer.toString(ended)),
        JobEventType.BATCH_PROGRESS,
        subject,
        null,
        batchId,
        null,
        0,
        timeMillis,
        data);
  }

  private static JobEvent job(
      JobEventType type,
      JobKey key,
      String runId,
      String batchId,
      Stage stage,
      int attempt,
      String discriminator,
      long timeMillis,
      Map<String, Object> data) {
    String subject = key.workflowId();
    return new JobEvent(
        id(subject, runId, type, stage, attempt, discriminator),
        type,
        subject,
        key,
        batchId,
        stage,
        attempt,
        timeMillis,
        data);
  }

  static String id(
      String subject,
      String runId,
      JobEventType type,
      Stage stage,
      int attempt,
      String discriminator) {
    StringBuilder id = new StringBuilder(subject).append('/').append(runId).append('/');
    id.append(type.cloudEventType().substring("dev.persona.".length()));
    if (stage != null) {
      id.append('/').append(stage.id());
    }
    if (attempt > 0) {
      id.append('/').append(attempt);
    }
    if (!discriminator.isEmpty()) {
      id.append('/').append(discriminator);
    }
    return id.toString();
  }

  private static Map<String, Object> artifact(ArtifactRef ref) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", ref.uri());
    m.put("sha256", ref.sha256());
    m.put("size", ref.size());
    return m;
  }

  private static Map<String, Object> artifacts(Map<String, ArtifactRef> refs) {
    Map<String, Object> m = new TreeMap<>();
    refs.forEach((name, ref) -> m.put(name, artifact(ref)));
    return m;
  }
}
