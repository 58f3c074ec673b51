package dev.persona.app.stack;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The REST API as a child JVM: the Quarkus application that {@code quarkus-maven-plugin} builds
 * ({@code app/target/quarkus-app/quarkus-run.jar}), run with this JVM's {@code java} and its
 * configuration as system properties ({@code persona.*}, docs/operations.md) — the way {@link
 * EmbeddedKafka} runs the broker. The API keeps its own class path (Quarkus's class loading, its
 * own logging) while the CLI stays a plain {@code java -cp} program. Given {@code
 * persona.parent-pid} the API exits when this process does, so none is left behind; {@link
 * #close()} and a shutdown hook stop it otherwise.
 */
public final class ApiProcess implements AutoCloseable {
  /** Where {@link #defaultJar()} looks first: an explicit path to {@code quarkus-run.jar}. */
  public static final String JAR_VARIABLE = "PERSONA_API_JAR";

  /** How long the API may take to answer; about 3 s on two idle cores. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final String address;
  private final Thread shutdownHook;

  private ApiProcess(Process process, String address) {
    this.process = process;
    this.address = address;
    this.shutdownHook = new Thread(this::stopProcess, "persona-api-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * The API's jar: {@value #JAR_VARIABLE} when set, else {@code quarkus-app/quarkus-run.jar} beside
   * the app's own jar or classes folder ({@code app/target}).
   */
  public static Path defaultJar() {
    String configured = System.getenv(JAR_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    try {
      Path here =
          Path.of(ApiProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return here.getParent().resolve("quarkus-app").resolve("quarkus-run.jar");
    } catch (URISyntaxException | NullPointerException e) {
      return Path.of("app", "target", "quarkus-app", "quarkus-run.jar");
    }
  }

  /**
   * Starts the API on {@code host:port} with {@code config} as system properties and waits until it
   * serves its OpenAPI document.
   *
   * @param log the child's output file, or null to share this process's stdout and stderr
   * @throws StackStartException when the jar is missing, or the API exits or does not answer within
   *     {@code timeout}
   */
  public static ApiProcess start(
      Path jar, String host, int port, Map<String, String> config, Path log, Duration timeout) {
    if (!Files.isRegularFile(jar)) {
      throw new StackStartException(
          "the REST API is not built: no "
              + jar
              + " (./mvnw -pl app package builds it; ./persona builds it on first use)");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx1g");
    if (Runtime.version().feature() >= 24) {
      // Netty and JBoss Threads use sun.misc.Unsafe; JDK 24+ warns unless it is allowed.
      command.add("--sun-misc-unsafe-memory-access=allow");
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    Map<String, String> properties = new TreeMap<>(config);
    properties.put("quarkus.http.host", host);
    properties.put("quarkus.http.port", Integer.toString(port));
    properties.put("persona.parent-pid", Long.toString(ProcessHandle.current().pid()));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    if (log == null) {
      builder.inheritIO();
    } else {
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new StackStartException("could not start a JVM for the REST API (" + java + ")", e);
    }
    String connectHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    ApiProcess api = new ApiProcess(process, "http://" + connectHost + ":" + port);
    try {
      api.awaitReady(timeout, log);
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    return api;
  }

  /** Its base URL, {@code http://host:port}. */
  public String address() {
    return address;
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for the API to exit by itself and returns its exit status. */
  public int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  private void awaitReady(Duration timeout, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(address + "/q/openapi"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new StackStartException(
            "the REST API exited with status "
                + process.exitValue()
                + " while starting"
                + (log == null ? "" : "; see its log " + log));
      }
      if (System.nanoTime() > deadline) {
        throw new StackStartException(
            "the REST API did not answer on "
                + address
                + " within "
                + timeout
                + (log == null ? "" : "; see its log " + log));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet: ask again until the deadline.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackStartException("interrupted waiting for the REST API", e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackStartException("interrupted waiting for the REST API", e);
      }
    }
  }

  /** Stops the API (a graceful shutdown, forced after 20 s). */
  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs (or ran) stopProcess, which is idempotent.
    }
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
