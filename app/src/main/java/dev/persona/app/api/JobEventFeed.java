package dev.persona.app.api;

import dev.persona.app.events.CloudEventCodec;
import dev.persona.app.events.JobEventStream;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventType;
import dev.persona.workflows.job.JobKey;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One job's events as server-sent events, read from Kafka from the job's first event: each SSE
 * {@code id} is the CloudEvent id, {@code event} its type and {@code data} the structured
 * CloudEvent JSON (docs/events.md). Every run of the job is sent (a resumed job has several), in
 * publication order, without duplicates ({@link JobEventStream}); the stream ends after the
 * terminal event ({@code job.completed}, {@code job.failed}, {@code job.cancelled}) of the job's
 * latest run, or when the client goes away. Given a {@code Last-Event-ID}, the events up to and
 * including that one are skipped, so a reconnecting client continues where it stopped.
 *
 * <p>It blocks a worker thread per connection while the job runs: fine for the handful of followers
 * a job has.
 */
final class JobEventFeed {
  private static final Set<JobEventType> TERMINAL =
      EnumSet.of(JobEventType.JOB_COMPLETED, JobEventType.JOB_FAILED, JobEventType.JOB_CANCELLED);

  /** How long one send may wait for a slow client before the stream gives up on it. */
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private JobEventFeed() {}

  static void stream(
      PersonaRuntime runtime,
      JobKey key,
      String runId,
      String lastEventId,
      SseEventSink sink,
      Sse sse) {
    String latestRun = key.workflowId() + "/" + runId + "/";
    boolean sending = lastEventId == null || lastEventId.isBlank();
    try (sink;
        JobEventStream events =
            runtime.openEvents(JobEventStream.Start.EARLIEST, key.workflowId())) {
      while (!sink.isClosed()) {
        for (JobEvent event : events.poll(Duration.ofMillis(250))) {
          boolean last = TERMINAL.contains(event.type()) && event.id().startsWith(latestRun);
          if (!sending) {
            sending = event.id().equals(lastEventId);
            if (last) {
              return;
            }
            continue;
          }
          if (!send(sink, sse, event) || last) {
            return;
          }
        }
      }
    }
  }

  /** Sends one event; false when the client has gone. */
  private static boolean send(SseEventSink sink, Sse sse, JobEvent event) {
    OutboundSseEvent out =
        sse.newEventBuilder()
            .id(event.id())
            .name(event.type().cloudEventType())
            .data(new String(CloudEventCodec.encode(event), StandardCharsets.UTF_8))
            .build();
    try {
      sink.send(out).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
