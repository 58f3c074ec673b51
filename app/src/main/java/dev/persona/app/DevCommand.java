package dev.persona.app;

import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.app.stack.DevStack;
import dev.persona.app.worker.WorkerRole;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ./persona dev}: the embedded stack on loopback (Temporal test server, a Kafka KRaft
 * broker) with workers of every role, until Ctrl-C. Other {@code ./persona} commands find it
 * through its state file.
 */
@Command(
    name = "dev",
    description =
        "Start the embedded stack (Temporal, Kafka, workers of every role) and keep it running.")
final class DevCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    try (PersonaRuntime runtime = PersonaRuntime.connect(true, System.err)) {
      if (!runtime.embedded()) {
        System.err.println("persona: a stack is already running (or configured); nothing to start");
        return 1;
      }
      System.out.println("Temporal: " + runtime.temporalAddress() + " (namespace default)");
      System.out.println("Kafka:    " + runtime.kafkaBootstrap() + " (topic persona.events)");
      System.out.println("state:    " + DevStack.DEFAULT_FOLDER.resolve(DevStack.STATE_FILE));
      System.out.println("workers:  " + EnumSet.allOf(WorkerRole.class) + "; Ctrl-C stops all");
      // Ctrl-C or SIGTERM: the hook stops workers and servers before the JVM exits.
      Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "persona-shutdown"));
      Thread.currentThread().join();
      return 0;
    }
  }
}
