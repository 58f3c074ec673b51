package dev.persona.app;

import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.app.stack.ApiProcess;
import dev.persona.app.stack.DevStack;
import dev.persona.app.stack.StackConfig;
import dev.persona.app.worker.WorkerRole;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona dev}: the embedded stack on loopback (Temporal test server, a Kafka KRaft
 * broker) with workers of every role and the REST API (a child JVM), until Ctrl-C. Other {@code
 * ./persona} commands find it through its state file, which records the API's address too.
 */
@Command(
    name = "dev",
    description =
        "Start the embedded stack (Temporal, Kafka, workers of every role, the REST API) and keep"
            + " it running.")
final class DevCommand implements Callable<Integer> {
  @Option(names = "--api-port", description = "the REST API's port on loopback (default: 8080)")
  int apiPort = 8080;

  @Option(names = "--no-api", description = "do not start the REST API")
  boolean noApi;

  @Override
  public Integer call() throws Exception {
    try (PersonaRuntime runtime = PersonaRuntime.connect(true, System.err)) {
      if (!runtime.embedded()) {
        System.err.println("persona: a stack is already running (or configured); nothing to start");
        return 1;
      }
      DevStack stack = runtime.devStack().orElseThrow();
      ApiProcess api = null;
      if (!noApi) {
        StackConfig config = StackConfig.fromEnvironment();
        api =
            ApiProcess.start(
                ApiProcess.defaultJar(),
                "127.0.0.1",
                apiPort,
                Map.of(
                    "persona.temporal-address", runtime.temporalAddress(),
                    "persona.kafka-bootstrap", runtime.kafkaBootstrap(),
                    "persona.events-topic", config.eventsTopic(),
                    "persona.artifacts", config.artifacts(),
                    // The embedded Temporal registers Persona's search attributes.
                    "persona.search-attributes", "true"),
                DevStack.DEFAULT_FOLDER.resolve("api.log"),
                ApiProcess.DEFAULT_START_TIMEOUT);
        stack.recordApi(api.address());
      }
      System.out.println("Temporal: " + runtime.temporalAddress() + " (namespace default)");
      System.out.println("Kafka:    " + runtime.kafkaBootstrap() + " (topic persona.events)");
      if (api != null) {
        System.out.println(
            "API:      "
                + api.address()
                + "/v1/avatars (OpenAPI "
                + api.address()
                + "/q/openapi; log "
                + DevStack.DEFAULT_FOLDER.resolve("api.log")
                + ")");
      }
      System.out.println("state:    " + DevStack.DEFAULT_FOLDER.resolve(DevStack.STATE_FILE));
      System.out.println("workers:  " + EnumSet.allOf(WorkerRole.class) + "; Ctrl-C stops all");
      // Ctrl-C or SIGTERM: the hooks stop the API, workers and servers before the JVM exits.
      Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "persona-shutdown"));
      Thread.currentThread().join();
      return 0;
    }
  }
}
