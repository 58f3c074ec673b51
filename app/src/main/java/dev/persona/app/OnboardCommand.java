package dev.persona.app;

import dev.persona.app.jobs.JobClient;
import dev.persona.app.jobs.JobIds;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.core.InvalidInputException;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./persona onboard PHOTO --out DIR}: one avatar job end to end on the running stack (or an
 * embedded one started for it), with a live view fed by the job's events.
 */
@Command(
    name = "onboard",
    description =
        "Onboard one photo: fit, training video, avatar training and publishing as a durable"
            + " job; the avatar bundle, renders and report land in --out.")
final class OnboardCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PHOTO", description = "the photo (JPEG, PNG, WebP)")
  Path photo;

  @Option(names = "--out", required = true, description = "folder for the result (new or empty)")
  Path out;

  @Option(
      names = "--job",
      description =
          "job id (default: from the photo's content and the options, so the same request is the"
              + " same job)")
  String job;

  @Mixin JobOptionsMixin jobOptions;

  @Override
  public Integer call() throws Exception {
    JobRun.checkOut(out);
    if (!Files.isRegularFile(photo)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "photo not found: " + photo);
    }
    JobOptions options = jobOptions.options();
    JobKey key = new JobKey(jobOptions.tenant, job != null ? job : defaultJobId(photo, options));
    try (PersonaRuntime runtime = PersonaRuntime.connect(true, System.err)) {
      JobClient.Submission s = runtime.jobs().submit(photo, key, options, null);
      System.out.println(
          (s.alreadyStarted() ? "found job " : "submitted job ")
              + key.tenant()
              + "/"
              + key.jobId());
      return JobRun.follow(runtime, key, s.runId(), out, System.out);
    }
  }

  /** The photo's file stem and a digest of its content and the options. */
  static String defaultJobId(Path photo, JobOptions options) throws java.io.IOException {
    return JobIds.fromPhoto(photo, photo.getFileName().toString(), options);
  }
}
