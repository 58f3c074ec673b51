package dev.persona.app;

import dev.persona.app.stack.ApiProcess;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona api}: the REST API in the foreground, for production. It runs as its own JVM
 * (the Quarkus application, docs/decisions/0004-rest-api.md) that inherits this environment, so the
 * {@code PERSONA_*} variables of docs/operations.md configure it as they configure the workers;
 * with none set it uses the stack {@code ./persona dev} runs.
 */
@Command(
    name = "api",
    description =
        "Serve the REST API (/v1/avatars, /v1/batches, OpenAPI at /q/openapi) until stopped.")
final class ApiCommand implements Callable<Integer> {
  @Option(names = "--port", description = "HTTP port (default: 8080)")
  int port = 8080;

  @Option(names = "--host", description = "interface to listen on (default: 0.0.0.0, all)")
  String host = "0.0.0.0";

  @Override
  public Integer call() throws Exception {
    ApiProcess api =
        ApiProcess.start(
            ApiProcess.defaultJar(), host, port, Map.of(), null, ApiProcess.DEFAULT_START_TIMEOUT);
    System.err.println("persona: REST API on " + api.address() + " (OpenAPI /q/openapi)");
    return api.waitFor();
  }
}
