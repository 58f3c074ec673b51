package dev.persona.app;

import dev.persona.app.jobs.JobClient;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.workflows.job.JobKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./persona resume JOB}: runs a failed, cancelled or forgotten job again from its stored
 * request; finished stages come from the stage cache, long stages continue from their checkpoints.
 * With {@code --out} it follows the job to its end (starting an embedded stack if none runs).
 */
@Command(
    name = "resume",
    description =
        "Run a failed or cancelled job again, reusing every finished stage and the last"
            + " checkpoint of the stage it stopped in.")
final class ResumeCommand implements Callable<Integer> {
  @Mixin JobKeyMixin job;

  @Option(names = "--out", description = "follow the job and put its result here (new or empty)")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (out != null) {
      JobRun.checkOut(out);
    }
    JobKey key = job.key();
    try (PersonaRuntime runtime = PersonaRuntime.connect(out != null, System.err)) {
      JobClient.Submission s = runtime.jobs().resume(key);
      System.out.println((s.alreadyStarted() ? "job is still running: " : "resumed ") + job.name());
      return out == null ? 0 : JobRun.follow(runtime, key, s.runId(), out, System.out);
    }
  }
}
