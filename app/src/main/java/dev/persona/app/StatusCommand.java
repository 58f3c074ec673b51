package dev.persona.app;

import dev.persona.app.jobs.JobView;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobStatus;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./persona status JOB}: where a job is, with its running stage's latest heartbeat. */
@Command(name = "status", description = "Show a job's state, stage and progress.")
final class StatusCommand implements Callable<Integer> {
  @Mixin JobKeyMixin job;

  @Override
  public Integer call() throws Exception {
    JobKey key = job.key();
    try (PersonaRuntime runtime = PersonaRuntime.connect(false, System.err)) {
      JobView view = runtime.jobs().view(key);
      JobStatus s = view.status();
      StringBuilder line = new StringBuilder();
      line.append(job.name()).append(": ").append(s.state().name().toLowerCase(Locale.ROOT));
      if (s.stage() != null) {
        line.append(", stage ").append(s.stage().id());
        if (view.heartbeat() != null) {
          double f = view.stageFraction();
          if (f >= 0) {
            line.append(String.format(Locale.ROOT, " %.0f%%", 100 * f));
          }
          line.append(" (").append(view.heartbeat().message()).append(')');
        }
        if (view.attempt() > 1) {
          line.append(", attempt ").append(view.attempt());
          if (view.lastFailure() != null) {
            line.append(" after: ").append(view.lastFailure());
          }
        }
      }
      System.out.println(line);
      System.out.println(
          "  stages done: "
              + s.completedStages().stream().map(st -> st.id()).toList()
              + (s.cachedStages().isEmpty()
                  ? ""
                  : ", of which from the stage cache: "
                      + s.cachedStages().stream().map(st -> st.id()).toList()));
      if (s.failureType() != null) {
        System.out.println("  failure: " + s.failureType() + ": " + s.failureMessage());
      }
      return 0;
    }
  }
}
