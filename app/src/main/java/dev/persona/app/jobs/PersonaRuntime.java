package dev.persona.app.jobs;

import dev.persona.app.artifact.ArtifactStore;
import dev.persona.app.artifact.ArtifactStores;
import dev.persona.app.events.JobEventStream;
import dev.persona.app.events.KafkaJobEventSink;
import dev.persona.app.events.KafkaTopics;
import dev.persona.app.stack.DevStack;
import dev.persona.app.stack.DevStackState;
import dev.persona.app.stack.StackConfig;
import dev.persona.app.stack.TemporalConnection;
import dev.persona.app.stage.WorkerBody;
import dev.persona.app.worker.PersonaWorkers;
import dev.persona.app.worker.WorkerRole;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The services a command works against, found the way docs/operations.md describes: a Temporal
 * cluster and Kafka named by {@code PERSONA_TEMPORAL_ADDRESS} and {@code PERSONA_KAFKA_BOOTSTRAP};
 * else the dev stack that {@code ./persona dev} runs (its state file); else, for the commands that
 * run a job to its end ({@code onboard}, {@code demo}), an embedded stack started here with workers
 * of every role, stopped again on close.
 */
public final class PersonaRuntime implements AutoCloseable {
  public static final String TEMPORAL_ADDRESS = StackConfig.TEMPORAL_ADDRESS;
  public static final String KAFKA_BOOTSTRAP = StackConfig.KAFKA_BOOTSTRAP;

  private final DevStack stack;
  private final TemporalConnection temporal;
  private final KafkaJobEventSink events;
  private final ArtifactStore store;
  private final String temporalAddress;
  private final String kafkaBootstrap;
  private final String eventsTopic;
  private final JobClient jobs;
  private final AtomicBoolean closed = new AtomicBoolean();
  private PersonaWorkers workers;

  private PersonaRuntime(
      DevStack stack,
      TemporalConnection temporal,
      String temporalAddress,
      String kafkaBootstrap,
      ArtifactStore store,
      StackConfig config) {
    this.stack = stack;
    this.temporal = temporal;
    this.temporalAddress = temporalAddress;
    this.kafkaBootstrap = kafkaBootstrap;
    this.store = store;
    this.eventsTopic = config.eventsTopic();
    this.events =
        new KafkaJobEventSink(
            kafkaBootstrap,
            eventsTopic,
            KafkaTopics.DEFAULT_PARTITIONS,
            Duration.ofSeconds(60),
            Map.of());
    // The embedded server registers the search attributes itself; a cluster says so in the config.
    boolean embedded = stack != null || !config.external();
    this.jobs = new JobClient(temporal.client(), store, embedded || config.searchAttributes());
  }

  /**
   * Connects to the configured services or the running dev stack.
   *
   * @param startIfNone start an embedded stack with workers of every role when neither exists
   * @throws NoStackException when none exists and {@code startIfNone} is false
   */
  public static PersonaRuntime connect(boolean startIfNone, PrintStream log) throws IOException {
    StackConfig config = StackConfig.fromEnvironment();
    return connect(
        config, ArtifactStores.fromConfig(config.artifacts(), System.getenv()), startIfNone, log);
  }

  /**
   * {@link #connect(boolean, PrintStream)} with the configuration given rather than read from the
   * environment (the REST API reads its own, typed configuration).
   */
  public static PersonaRuntime connect(
      StackConfig config, ArtifactStore store, boolean startIfNone, PrintStream log)
      throws IOException {
    if (config.temporalAddress() != null || config.kafkaBootstrap() != null) {
      if (!config.external()) {
        throw new NoStackException(
            "set both " + TEMPORAL_ADDRESS + " and " + KAFKA_BOOTSTRAP + ", or neither");
      }
      TemporalConnection temporal =
          TemporalConnection.connect(
              config.temporalAddress(), config.temporalNamespace(), Duration.ofSeconds(30));
      return new PersonaRuntime(
          null, temporal, config.temporalAddress(), config.kafkaBootstrap(), store, config);
    }
    Optional<DevStackState> running =
        DevStackState.findLive(DevStack.DEFAULT_FOLDER.resolve(DevStack.STATE_FILE));
    if (running.isPresent()) {
      DevStackState s = running.get();
      return new PersonaRuntime(
          null,
          TemporalConnection.connect(
              s.temporalAddress(), s.temporalNamespace(), Duration.ofSeconds(30)),
          s.temporalAddress(),
          s.kafkaBootstrap(),
          store,
          config);
    }
    if (!startIfNone) {
      throw new NoStackException(
          "no Persona stack is running: start one with ./persona dev (or set "
              + TEMPORAL_ADDRESS
              + " and "
              + KAFKA_BOOTSTRAP
              + ", docs/operations.md)");
    }
    log.println("persona: starting an embedded stack (Temporal test server, Kafka broker)...");
    DevStack stack = DevStack.start();
    PersonaRuntime runtime =
        new PersonaRuntime(
            stack,
            TemporalConnection.connect(stack.temporalAddress()),
            stack.temporalAddress(),
            stack.kafkaBootstrap(),
            store,
            config);
    runtime.startWorkers(EnumSet.allOf(WorkerRole.class), Path.of("out", "dev", "scratch"));
    return runtime;
  }

  /** Starts workers of {@code roles} in this process (stopped on close). */
  public void startWorkers(Set<WorkerRole> roles, Path scratch) throws IOException {
    startWorkers(roles, PersonaWorkers.Settings.defaults(scratch));
  }

  public void startWorkers(Set<WorkerRole> roles, PersonaWorkers.Settings settings)
      throws IOException {
    if (workers != null) {
      throw new IllegalStateException("workers already started");
    }
    workers =
        PersonaWorkers.start(
            temporal.client(), roles, store, events, WorkerBody.configured(), settings);
  }

  /** Whether this runtime started its own stack (which ends with it). */
  public boolean embedded() {
    return stack != null;
  }

  /** The stack this runtime started, if it started one. */
  public Optional<DevStack> devStack() {
    return Optional.ofNullable(stack);
  }

  public JobClient jobs() {
    return jobs;
  }

  public ArtifactStore store() {
    return store;
  }

  public KafkaJobEventSink events() {
    return events;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** A reader of this runtime's event topic, from its start or from now, one subject or all. */
  public JobEventStream openEvents(JobEventStream.Start start, String subject) {
    return new JobEventStream(kafkaBootstrap, eventsTopic, start, subject, Map.of());
  }

  public String temporalAddress() {
    return temporalAddress;
  }

  /** Stops what this runtime started; safe to call twice (a shutdown hook and the command). */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (workers != null) {
      workers.close();
    }
    events.close();
    temporal.close();
    if (stack != null) {
      stack.close();
    }
  }

  /** No services to work against, and starting some was not asked for. */
  public static final class NoStackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoStackException(String message) {
      super(message);
    }
  }
}
