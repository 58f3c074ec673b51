package dev.persona.app;

import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.job.Stage;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The live view of one job that {@code onboard}, {@code resume} and {@code demo} print, fed by the
 * job's events from Kafka: a line per stage start, end, retry and checkpoint, and the running
 * stage's progress through {@link ConsoleProgress}. It sees what any other consumer of the event
 * stream sees, nothing more.
 */
final class JobEventDisplay implements Consumer<JobEvent> {
  private final PrintStream out;
  private final CountDownLatch ended = new CountDownLatch(1);
  private ConsoleProgress progress;
  private Stage progressStage;

  JobEventDisplay(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void accept(JobEvent e) {
    switch (e.type()) {
      case JOB_ACCEPTED -> line("job " + e.subject() + " accepted");
      case STAGE_STARTED -> line(e.stage().id() + ": started");
      case STAGE_PROGRESS -> {
        if (progressStage != e.stage()) {
          endProgress();
          progress = new ConsoleProgress(e.stage().id());
          progressStage = e.stage();
        }
        progress.progress(
            ((Number) e.data().get("done")).longValue(),
            ((Number) e.data().get("total")).longValue(),
            String.valueOf(e.data().get("message")));
      }
      case CHECKPOINT_SAVED ->
          line(e.stage().id() + ": checkpoint saved at " + e.data().get("done"));
      case STAGE_RETRIED ->
          line(
              e.stage().id()
                  + ": attempt "
                  + e.attempt()
                  + (e.data().containsKey("resumed_from") ? ", resuming from its checkpoint" : "")
                  + " ("
                  + e.data().get("previous_failure")
                  + ")");
      case STAGE_COMPLETED ->
          line(
              e.stage().id()
                  + ": "
                  + (Boolean.TRUE.equals(e.data().get("cached"))
                      ? "done before, taken from the stage cache"
                      : "completed"));
      case JOB_COMPLETED -> {
        line("job completed");
        ended.countDown();
      }
      case JOB_FAILED -> {
        line(
            "job failed"
                + (e.stage() == null ? "" : " in " + e.stage().id())
                + ": "
                + e.data().get("failure_type")
                + ": "
                + e.data().get("message"));
        ended.countDown();
      }
      case JOB_CANCELLED -> {
        line("job cancelled");
        ended.countDown();
      }
      case BATCH_PROGRESS -> {
        Map<String, Object> d = e.data();
        line(
            "batch "
                + e.batchId()
                + ": "
                + d.get("completed")
                + " completed, "
                + d.get("failed")
                + " failed, "
                + d.get("cancelled")
                + " cancelled of "
                + d.get("total"));
      }
    }
  }

  /** Waits (a little) for the job's last event: the workflow's result can arrive before it. */
  boolean awaitEnd(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  private void line(String text) {
    endProgress();
    out.println(text);
  }

  private void endProgress() {
    if (progress != null) {
      progress.finish();
      progress = null;
      progressStage = null;
    }
  }
}
