package dev.persona.app;

import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.workflows.job.JobKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./persona cancel JOB}: asks a running job to stop (training saves its checkpoint). */
@Command(name = "cancel", description = "Cancel a running job; resume continues it later.")
final class CancelCommand implements Callable<Integer> {
  @Mixin JobKeyMixin job;

  @Override
  public Integer call() throws Exception {
    JobKey key = job.key();
    try (PersonaRuntime runtime = PersonaRuntime.connect(false, System.err)) {
      runtime.jobs().cancel(key);
      System.out.println(
          "cancel requested for " + job.name() + ": its running stage stops at its next heartbeat");
      return 0;
    }
  }
}
