package dev.persona.app.api;

import dev.persona.app.artifact.ArtifactStore;
import dev.persona.app.artifact.ArtifactStores;
import dev.persona.app.jobs.JobClient;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.app.stack.StackConfig;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one {@link PersonaRuntime} (Temporal client, Kafka producer, artifact store) the resources
 * share, built from {@link PersonaApiConfig}. It connects on first use rather than at start-up, so
 * the API comes up while Temporal or Kafka is still starting (or down) and answers 503 until they
 * are there.
 */
@ApplicationScoped
public class PersonaServices {
  private final PersonaApiConfig config;
  private PersonaRuntime runtime;
  private ArtifactStore store;

  @Inject
  public PersonaServices(PersonaApiConfig config) {
    this.config = config;
  }

  /** The configuration as the rest of the app takes it. */
  public StackConfig stackConfig() {
    return new StackConfig(
        config.temporalAddress().orElse(null),
        config.temporalNamespace(),
        config.kafkaBootstrap().orElse(null),
        config.eventsTopic(),
        config.artifacts(),
        config.searchAttributes());
  }

  /**
   * The runtime, connected on first call.
   *
   * @throws PersonaRuntime.NoStackException when nothing is configured and no dev stack runs
   */
  public synchronized PersonaRuntime runtime() {
    if (runtime == null) {
      try {
        runtime = PersonaRuntime.connect(stackConfig(), store(), false, System.err);
      } catch (IOException e) {
        throw new UncheckedIOException("could not open the artifact store", e);
      }
    }
    return runtime;
  }

  public JobClient jobs() {
    return runtime().jobs();
  }

  /** The artifact store (needs neither Temporal nor Kafka). */
  public synchronized ArtifactStore store() {
    if (store == null) {
      try {
        store = ArtifactStores.fromConfig(config.artifacts(), System.getenv());
      } catch (IOException e) {
        throw new UncheckedIOException("could not open the artifact store", e);
      }
    }
    return store;
  }

  public String defaultTenant() {
    return config.defaultTenant();
  }

  public long maxPhotoBytes() {
    return config.maxPhotoSize().asLongValue();
  }

  /** Under {@code ./persona dev}: exit when the process that started the API is gone. */
  void watchParent(@Observes StartupEvent event) {
    config
        .parentPid()
        .ifPresent(
            pid ->
                ProcessHandle.of(pid)
                    .map(ProcessHandle::onExit)
                    .ifPresentOrElse(exit -> exit.thenRun(Quarkus::asyncExit), Quarkus::asyncExit));
  }

  @PreDestroy
  synchronized void close() {
    if (runtime != null) {
      runtime.close();
    }
  }
}
