package dev.persona.app.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.app.artifact.LocalArtifactStore;
import dev.persona.app.events.KafkaJobEventSink;
import dev.persona.app.stack.TemporalConnection;
import dev.persona.app.stage.WorkerBody;
import dev.persona.app.worker.PersonaWorkers;
import dev.persona.app.worker.WorkerRole;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventType;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.OnboardingResult;
import dev.persona.workflows.policy.StagePolicies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A job against the production images: Temporal's own server (its dev-server mode) and Apache
 * Kafka's image, as a cluster deployment would run them. Skipped where no Docker engine runs (these
 * machines); the in-JVM stack of {@link OnboardingEndToEndTest} carries the suite there.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerStackTest {
  @Container
  static final GenericContainer<?> TEMPORAL =
      new GenericContainer<>(DockerImageName.parse("temporalio/temporal:1.4.1"))
          .withCommand("server", "start-dev", "--ip", "0.0.0.0")
          .withExposedPorts(7233)
          .waitingFor(Wait.forListeningPort());

  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

  @TempDir Path dir;

  @Test
  void aJobRunsEndToEndOnTheProductionImages() throws Exception {
    String address = TEMPORAL.getHost() + ":" + TEMPORAL.getMappedPort(7233);
    try (TemporalConnection temporal =
            TemporalConnection.connect(
                address, TemporalConnection.DEFAULT_NAMESPACE, Duration.ofSeconds(60));
        KafkaJobEventSink events = KafkaJobEventSink.connect(KAFKA.getBootstrapServers());
        PersonaWorkers workers =
            PersonaWorkers.start(
                temporal.client(),
                EnumSet.allOf(WorkerRole.class),
                new LocalArtifactStore(dir.resolve("artifacts")),
                events,
                new WorkerBody(ProceduralBody.create().model(), "built-in"),
                new PersonaWorkers.Settings(
                    StagePolicies.defaults(),
                    Map.of(),
                    dir.resolve("scratch"),
                    500,
                    200,
                    200,
                    null))) {
      JobClient jobs =
          new JobClient(temporal.client(), new LocalArtifactStore(dir.resolve("artifacts")));
      Path photo = OnboardingEndToEndTest.syntheticPhoto(dir.resolve("subject"));
      JobKey key = new JobKey("acme", "containers-1");
      JobClient.Submission s = jobs.submit(photo, key, OnboardingEndToEndTest.SMALL, null);
      OnboardingResult result = jobs.await(key, 10, TimeUnit.MINUTES);
      assertTrue(result.metrics().containsKey("photo_psnr"));
      List<JobEvent> seen =
          OnboardingEndToEndTest.eventsOf(
              KAFKA.getBootstrapServers(), key, s.runId(), JobEventType.JOB_COMPLETED);
      assertTrue(seen.get(0).type() == JobEventType.JOB_ACCEPTED, seen.toString());
    }
  }
}
