package dev.persona.app;

import dev.persona.app.events.CloudEventCodec;
import dev.persona.app.events.JobEventStream;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.workflows.job.JobKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./persona events tail}: the event stream as CloudEvents JSON, one per line. */
@Command(
    name = "events",
    description = "Read the event stream.",
    subcommands = {EventsCommand.Tail.class})
final class EventsCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "tail",
      description =
          "Print events as CloudEvents JSON lines until interrupted (every job's, or one job's).")
  static final class Tail implements Callable<Integer> {
    @Option(names = "--job", description = "only this job's events")
    String job;

    @Option(names = "--tenant", description = "tenant of --job (default: default)")
    String tenant = "default";

    @Option(names = "--from-start", description = "from the oldest retained event, not from now")
    boolean fromStart;

    @Override
    public Integer call() throws Exception {
      try (PersonaRuntime runtime = PersonaRuntime.connect(false, System.err);
          JobEventStream stream =
              runtime.openEvents(
                  fromStart ? JobEventStream.Start.EARLIEST : JobEventStream.Start.LATEST,
                  job == null ? null : new JobKey(tenant, job).workflowId())) {
        Runtime.getRuntime().addShutdownHook(new Thread(stream::stop));
        stream.forEach(
            e -> {
              System.out.println(new String(CloudEventCodec.encode(e), StandardCharsets.UTF_8));
              System.out.flush();
            },
            () -> true);
        return 0;
      }
    }
  }
}
