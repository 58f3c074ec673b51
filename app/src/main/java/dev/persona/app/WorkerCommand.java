package dev.persona.app;

import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.app.worker.PersonaWorkers;
import dev.persona.app.worker.StartupRetry;
import dev.persona.app.worker.WorkerRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona worker --role R}: a worker process of one role (or several) against the
 * configured Temporal and Kafka, or the running dev stack (docs/operations.md). Runs until killed;
 * a killed worker's activities are retried elsewhere after their heartbeat timeout.
 */
@Command(name = "worker", description = "Run a worker: cpu, diffusion-gpu or splat-gpu.")
final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--role",
      required = true,
      split = ",",
      description = "cpu, diffusion-gpu, splat-gpu (comma-separated for several)")
  List<String> roles;

  @Option(names = "--concurrency", description = "stage activities at once (default: the role's)")
  Integer concurrency;

  @Option(names = "--scratch", description = "local working folder (default: out/worker)")
  Path scratch = Path.of("out", "worker");

  @Option(
      names = "--heartbeat-ms",
      description = "how often stages heartbeat (default: 5000; keep well inside the timeout)")
  long heartbeatMillis = 5_000;

  @Option(
      names = "--connect-patience",
      description = "seconds to keep trying while Temporal does not answer at start (default: 120)")
  long connectPatienceSeconds = 120;

  @Override
  public Integer call() throws Exception {
    Set<WorkerRole> chosen = EnumSet.noneOf(WorkerRole.class);
    for (String r : roles) {
      chosen.add(WorkerRole.fromCliName(r));
    }
    PersonaWorkers.Settings d = PersonaWorkers.Settings.defaults(scratch);
    Map<WorkerRole, Integer> perRole = new HashMap<>();
    if (concurrency != null) {
      chosen.forEach(r -> perRole.put(r, concurrency));
    }
    PersonaWorkers.Settings settings =
        new PersonaWorkers.Settings(
            d.policies(),
            perRole,
            scratch,
            heartbeatMillis,
            d.eventMillis(),
            d.childrenPerRun(),
            d.mimicMotionModels());
    try (PersonaRuntime runtime =
        StartupRetry.run(
            () -> {
              PersonaRuntime r = PersonaRuntime.connect(false, System.err);
              try {
                r.startWorkers(chosen, settings);
                return r;
              } catch (Exception e) {
                r.close();
                throw e;
              }
            },
            Duration.ofSeconds(connectPatienceSeconds),
            System.err)) {
      System.out.println("worker " + chosen + " polling; Ctrl-C stops it");
      // Ctrl-C or SIGTERM: the hook stops workers and servers before the JVM exits.
      Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "persona-shutdown"));
      Thread.currentThread().join();
      return 0;
    }
  }
}
