package dev.persona.app.stack;

import dev.persona.core.io.FileTrees;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka 4 broker in KRaft mode (one node, broker and controller) on loopback, run as a child
 * JVM with this JVM's {@code java} and class path ({@link KafkaBrokerMain}). Its data folder holds
 * the generated {@code server.properties}, the log segments ({@code data/}) and the broker's log
 * ({@code kafka.log}); each start formats fresh storage, so events do not outlive the stack. The
 * broker is stopped by {@link #close()}, by a shutdown hook when this JVM exits, and by the child
 * itself when this JVM dies without running hooks.
 */
public final class EmbeddedKafka implements AutoCloseable {
  /** How long the broker may take to answer; it takes about 15 s on two cores. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final Path logFile;
  private final Thread shutdownHook;

  private EmbeddedKafka(Process process, int port, Path logFile) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stopProcess, "persona-kafka-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a broker with its files in {@code folder} (its previous broker data removed first) and
   * waits until it answers.
   *
   * @throws StackStartException when it exits or does not answer within {@code timeout}; the
   *     message names its log file and quotes the log's last lines
   */
  public static EmbeddedKafka start(Path folder, Duration timeout) {
    Path dir = folder.toAbsolutePath().normalize();
    int brokerPort = FreePorts.pick();
    int controllerPort = FreePorts.pick();
    Path properties = dir.resolve("server.properties");
    Path logFile = dir.resolve("kafka.log");
    Path argFile = dir.resolve("java.args");
    try {
      // Only what this class writes is removed: the folder may be shared with other stack files.
      FileTrees.delete(dir.resolve("data"));
      Files.createDirectories(dir);
      Files.writeString(properties, serverProperties(dir, brokerPort, controllerPort));
      Files.writeString(argFile, "-cp " + quote(classpath()) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare the Kafka folder " + dir, e);
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("@" + argFile);
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.awt.headless=true");
    // The broker logs through slf4j-simple at INFO into kafka.log (this JVM logs at WARN).
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    command.add("-Dorg.slf4j.simpleLogger.logFile=System.out");
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add(KafkaBrokerMain.class.getName());
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(properties.toString());
    command.add(Uuid.randomUuid().toString());
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile())
              .start();
    } catch (IOException e) {
      throw new StackStartException("could not start a JVM for Kafka (" + java + ")", e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(process, brokerPort, logFile);
    try {
      kafka.awaitReady(timeout);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  /** Its client address, {@code 127.0.0.1:port}. */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // First the listener's port (a plain connect, so the admin client does not log a warning for
    // every refused attempt), then the admin API, which answers once the broker has joined.
    while (!accepts(port)) {
      checkAlive(deadline, timeout);
      sleep(200);
    }
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
    try (Admin admin = Admin.create(config)) {
      while (true) {
        checkAlive(deadline, timeout);
        try {
          admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          return;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StackStartException("interrupted waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
          // Not serving yet: ask again until the deadline.
        }
      }
    }
  }

  private void checkAlive(long deadline, Duration timeout) {
    if (!process.isAlive()) {
      throw new StackStartException(
          "Kafka exited with status " + process.exitValue() + " while starting" + logHint());
    }
    if (System.nanoTime() > deadline) {
      throw new StackStartException(
          "Kafka did not answer on " + bootstrap() + " within " + timeout + logHint());
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackStartException("interrupted waiting for Kafka", e);
    }
  }

  private String logHint() {
    StringBuilder hint = new StringBuilder("; see its log ").append(logFile);
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
      if (!tail.isEmpty()) {
        hint.append(", which ends:\n  ").append(String.join("\n  ", tail));
      }
    } catch (IOException | UncheckedIOException e) {
      // The hint names the file; its content is a bonus.
    }
    return hint.toString();
  }

  /** Stops the broker (a clean shutdown, forced after 20 s). */
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

  static String serverProperties(Path dir, int brokerPort, int controllerPort) {
    return String.join(
        "\n",
        "# Generated by Persona's embedded dev stack: one KRaft node, loopback only.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:"
            + brokerPort
            + ",CONTROLLER://127.0.0.1:"
            + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "num.partitions=1",
        "default.replication.factor=1",
        "min.insync.replicas=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "");
  }

  private static String classpath() {
    StringBuilder cp = new StringBuilder();
    for (Path entry : JvmClasspath.current()) {
      if (!cp.isEmpty()) {
        cp.append(File.pathSeparatorChar);
      }
      cp.append(entry);
    }
    return cp.toString();
  }

  /** A java @argfile string: double quotes, with backslashes and quotes escaped. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
