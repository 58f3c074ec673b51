package dev.persona.app;

import dev.persona.app.events.JobEventStream;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.core.InvalidInputException;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.OnboardingResult;
import dev.persona.workflows.stage.StageFailures;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Follows one run of a job to its end, as {@code onboard}, {@code resume} and {@code demo} do: its
 * events from Kafka drive the live display; its result is fetched into the output folder. Exit
 * codes: 0 completed, 2 the job's input was bad, 3 it failed otherwise or was cancelled.
 */
final class JobRun {
  static final int EXIT_JOB_FAILED = 3;

  private JobRun() {}

  /** Refuses an output folder that exists and is not empty, before any work starts. */
  static void checkOut(Path out) throws IOException {
    if (Files.isDirectory(out)) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new InvalidInputException(
              InvalidInputException.Reason.MALFORMED,
              "--out " + out + " exists and is not empty; choose another folder");
        }
      }
    } else if (Files.exists(out)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED, "--out " + out + " is a file");
    }
  }

  static int follow(PersonaRuntime runtime, JobKey key, String runId, Path out, PrintStream o)
      throws IOException, InterruptedException {
    JobEventDisplay display = new JobEventDisplay(o);
    String runPrefix = key.workflowId() + "/" + runId + "/";
    try (JobEventStream stream =
        runtime.openEvents(JobEventStream.Start.EARLIEST, key.workflowId())) {
      Thread follower =
          new Thread(
              () ->
                  stream.forEach(
                      e -> {
                        if (e.id().startsWith(runPrefix)) {
                          display.accept(e);
                        }
                      },
                      () -> true),
              "persona-events");
      follower.setDaemon(true);
      follower.start();
      try {
        OnboardingResult result = runtime.jobs().await(key, 7, TimeUnit.DAYS);
        display.awaitEnd(5_000);
        stream.stop();
        follower.join(5_000);
        runtime.jobs().download(result, out);
        printResult(result, out, o);
        return 0;
      } catch (WorkflowFailedException e) {
        display.awaitEnd(5_000);
        stream.stop();
        follower.join(5_000);
        return failed(e, key, o);
      } catch (TimeoutException e) {
        stream.stop();
        o.println("job " + key.jobId() + " still runs after a week; ./persona status shows it");
        return EXIT_JOB_FAILED;
      }
    }
  }

  private static void printResult(OnboardingResult result, Path out, PrintStream o) {
    Map<String, Double> metrics = new TreeMap<>(result.metrics());
    StringBuilder figures = new StringBuilder();
    for (String name : new String[] {"photo_psnr", "photo_ssim", "gaussians"}) {
      Double v = metrics.get(name);
      if (v != null) {
        figures.append(String.format(Locale.ROOT, " %s %.3f", name, v));
      }
    }
    o.println("avatar of " + result.key().jobId() + " in " + out + ":" + figures);
    o.println(
        "  look at "
            + out.resolve("renders/walk.gif")
            + " (walking), "
            + out.resolve("renders/photo.png")
            + " (render beside photo); open "
            + out.resolve("avatar.splat")
            + " in a splat viewer; report.json has the figures");
  }

  private static int failed(WorkflowFailedException e, JobKey key, PrintStream o) {
    Throwable cause = e.getCause();
    while (cause != null
        && !(cause instanceof ApplicationFailure)
        && !(cause instanceof CanceledFailure)) {
      cause = cause.getCause();
    }
    if (cause instanceof CanceledFailure) {
      o.println(
          "job "
              + key.jobId()
              + " was cancelled; ./persona resume "
              + key.jobId()
              + " continues it");
      return EXIT_JOB_FAILED;
    }
    if (cause instanceof ApplicationFailure app) {
      o.println(
          "job " + key.jobId() + " failed: " + app.getType() + ": " + app.getOriginalMessage());
      return app.getType().startsWith(StageFailures.INVALID_INPUT)
          ? PersonaCli.EXIT_BAD_INPUT
          : EXIT_JOB_FAILED;
    }
    o.println("job " + key.jobId() + " failed: " + e.getMessage());
    return EXIT_JOB_FAILED;
  }
}
