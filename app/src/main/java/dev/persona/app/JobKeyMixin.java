package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.workflows.job.JobKey;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The job a command acts on: {@code JOB} and {@code --tenant}, as {@code status}, {@code cancel}
 * and {@code resume} take them.
 */
final class JobKeyMixin {
  @Parameters(index = "0", paramLabel = "JOB", description = "the job id")
  String job;

  @Option(names = "--tenant", description = "tenant (default: default)")
  String tenant = "default";

  /** "tenant/job", as messages name a job. */
  String name() {
    return tenant + "/" + job;
  }

  /** The job's key; a malformed id or tenant is bad input, not a crash. */
  JobKey key() {
    try {
      return new JobKey(tenant, job);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
    }
  }
}
