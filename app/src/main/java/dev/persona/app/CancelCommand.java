package dev.persona.app;

import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.workflows.job.JobKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./persona cancel JOB}: asks a running job to stop (training saves its checkpoint). */
@Command(name = "cancel", description = "Cancel a running job; resume continues it later.")
final class CancelCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", description = "the job id")
  String job;

  @Option(names = "--tenant", description = "tenant (default: default)")
  String tenant = "default";

  @Override
  public Integer call() throws Exception {
    try (PersonaRuntime runtime = PersonaRuntime.connect(false, System.err)) {
      runtime.jobs().cancel(new JobKey(tenant, job));
      System.out.println(
          "cancel requested for "
              + tenant
              + "/"
              + job
              + ": its running stage stops at its next heartbeat");
      return 0;
    }
  }
}
