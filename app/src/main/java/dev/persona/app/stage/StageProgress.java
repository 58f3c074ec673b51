package dev.persona.app.stage;

import dev.persona.core.progress.ProgressListener;
import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.events.JobEventSink;
import dev.persona.workflows.events.JobEvents;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.stage.StageHeartbeat;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stage's progress, turned into what the outside world sees: activity heartbeats (with the latest
 * checkpoint, at most every {@code heartbeatMillis}, and a keep-alive while the computation is
 * quiet, so only a dead worker misses its heartbeat timeout), and {@code stage.progress} events (at
 * most one per {@code eventMillis}, plus the last). Cancellation arrives as the answer to a
 * heartbeat: it runs the stage's stop hook (training saves a checkpoint and returns) or, for stages
 * without one, ends the computation by throwing from the next progress call.
 */
public final class StageProgress implements ProgressListener, AutoCloseable {
  private final ActivityExecutionContext context;
  private final JobEventSink events;
  private final JobKey key;
  private final String runId;
  private final String batchId;
  private final Stage stage;
  private final int attempt;
  private final long heartbeatNanos;
  private final long eventNanos;
  private final ScheduledExecutorService keepAlive;

  private long done;
  private long total;
  private String message = "starting";
  private ArtifactRef checkpoint;
  private long lastHeartbeat;
  private long lastEvent;
  private long lastEventDone = -1;
  private volatile ActivityCompletionException cancellation;
  private volatile Runnable stopHook;

  StageProgress(
      ActivityExecutionContext context,
      JobEventSink events,
      JobKey key,
      String runId,
      String batchId,
      Stage stage,
      int attempt,
      ArtifactRef resumedCheckpoint,
      long heartbeatMillis,
      long eventMillis) {
    this.context = context;
    this.events = events;
    this.key = key;
    this.runId = runId;
    this.batchId = batchId;
    this.stage = stage;
    this.attempt = attempt;
    this.checkpoint = resumedCheckpoint;
    this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis);
    this.eventNanos = TimeUnit.MILLISECONDS.toNanos(eventMillis);
    // As if the last ones were an interval ago: the first progress call heartbeats and publishes.
    long now = System.nanoTime();
    this.lastHeartbeat = now - heartbeatNanos;
    this.lastEvent = now - eventNanos;
    this.keepAlive =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "persona-heartbeat-" + stage.id());
              t.setDaemon(true);
              return t;
            });
    long keepAliveMillis = Math.max(100, heartbeatMillis);
    keepAlive.scheduleWithFixedDelay(
        this::keepAlive, keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Called on cancellation instead of throwing: the stage stops itself (and saves its state). Set
   * before the computation starts.
   */
  void onCancel(Runnable hook) {
    this.stopHook = hook;
  }

  @Override
  public void progress(long done, long total, String message) {
    boolean publish;
    synchronized (this) {
      this.done = done;
      this.total = total;
      this.message = message;
      long now = System.nanoTime();
      if (now - lastHeartbeat >= heartbeatNanos) {
        heartbeatLocked(now);
      }
      boolean last = total > 0 && done >= total;
      publish = done != lastEventDone && (now - lastEvent >= eventNanos || last);
      if (publish) {
        lastEvent = now;
        lastEventDone = done;
      }
    }
    if (publish) {
      events.publish(
          JobEvents.progress(
              key,
              runId,
              batchId,
              stage,
              attempt,
              done,
              total,
              message,
              System.currentTimeMillis()));
    }
    if (cancellation != null && stopHook == null) {
      throw cancellation;
    }
  }

  /** A checkpoint was stored: heartbeat it now (a retry resumes from it) and announce it. */
  void checkpointSaved(ArtifactRef ref) {
    long at;
    synchronized (this) {
      checkpoint = ref;
      at = done;
      heartbeatLocked(System.nanoTime());
    }
    events.publish(
        JobEvents.checkpointSaved(
            key, runId, batchId, stage, attempt, ref, at, System.currentTimeMillis()));
  }

  /** Throws the cancellation if one arrived (after a stop hook let the computation end cleanly). */
  void throwIfCancelled() {
    ActivityCompletionException c = cancellation;
    if (c != null) {
      throw c;
    }
  }

  private void keepAlive() {
    synchronized (this) {
      if (System.nanoTime() - lastHeartbeat >= heartbeatNanos) {
        heartbeatLocked(System.nanoTime());
      }
    }
  }

  private void heartbeatLocked(long now) {
    lastHeartbeat = now;
    try {
      context.heartbeat(new StageHeartbeat(done, total, message, checkpoint));
    } catch (ActivityCompletionException e) {
      if (cancellation == null) {
        cancellation = e;
        Runnable hook = stopHook;
        if (hook != null) {
          hook.run();
        }
      }
    }
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
  }
}
