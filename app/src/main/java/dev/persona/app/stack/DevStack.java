package dev.persona.app.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded dev stack on loopback: the Temporal test server (in this JVM) and a Kafka broker (a
 * child JVM), with a state file ({@value #STATE_FILE} in the stack's folder) through which other
 * {@code ./persona} processes find it. {@link #close()} stops both and removes the state file; a
 * JVM exit stops the broker through its shutdown hook (and the broker watches this process, should
 * it die without hooks).
 */
public final class DevStack implements AutoCloseable {
  public static final String STATE_FILE = "stack.json";

  /** The default folder, relative to the working directory. */
  public static final Path DEFAULT_FOLDER = Path.of("out", "dev");

  private final EmbeddedTemporal temporal;
  private final EmbeddedKafka kafka;
  private final Path stateFile;
  private volatile DevStackState state;

  private DevStack(
      EmbeddedTemporal temporal, EmbeddedKafka kafka, Path stateFile, DevStackState state) {
    this.temporal = temporal;
    this.kafka = kafka;
    this.stateFile = stateFile;
    this.state = state;
  }

  /**
   * Starts Temporal and Kafka with their files under {@code folder} and writes the state file.
   *
   * @throws StackStartException when a part does not start, or a live stack already owns {@code
   *     folder}
   */
  public static DevStack start(Path folder, Duration kafkaTimeout) {
    Path stateFile = folder.resolve(STATE_FILE);
    try {
      Files.createDirectories(folder);
      var running = DevStackState.findLive(stateFile);
      if (running.isPresent()) {
        throw new StackStartException(
            "a dev stack already runs from "
                + folder
                + " (pid "
                + running.get().pid()
                + ", Temporal "
                + running.get().temporalAddress()
                + ", Kafka "
                + running.get().kafkaBootstrap()
                + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare " + folder, e);
    }
    EmbeddedTemporal temporal = EmbeddedTemporal.start();
    EmbeddedKafka kafka;
    try {
      kafka = EmbeddedKafka.start(folder.resolve("kafka"), kafkaTimeout);
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
    DevStackState state =
        DevStackState.ofThisProcess(
            temporal.address(), TemporalConnection.DEFAULT_NAMESPACE, kafka.bootstrap(), kafka);
    try {
      state.write(stateFile);
    } catch (IOException e) {
      kafka.close();
      temporal.close();
      throw new UncheckedIOException("could not write " + stateFile, e);
    }
    return new DevStack(temporal, kafka, stateFile, state);
  }

  /** {@link #start(Path, Duration)} in {@link #DEFAULT_FOLDER}. */
  public static DevStack start() {
    return start(DEFAULT_FOLDER, EmbeddedKafka.DEFAULT_START_TIMEOUT);
  }

  public String temporalAddress() {
    return temporal.address();
  }

  public String temporalNamespace() {
    return TemporalConnection.DEFAULT_NAMESPACE;
  }

  public String kafkaBootstrap() {
    return kafka.bootstrap();
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public Path stateFile() {
    return stateFile;
  }

  public DevStackState state() {
    return state;
  }

  /** Records the REST API's base URL in the state file, for other processes to find. */
  public void recordApi(String address) throws IOException {
    state = state.withApiAddress(address);
    state.write(stateFile);
  }

  /** Stops Kafka, then Temporal, and removes the state file. */
  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      temporal.close();
      try {
        Files.deleteIfExists(stateFile);
      } catch (IOException e) {
        // A leftover file is detected as stale by the next reader: nothing to undo here.
      }
    }
  }
}
