package dev.persona.app.api;

import dev.persona.app.artifact.LocalArtifactStore;
import dev.persona.app.events.KafkaJobEventSink;
import dev.persona.app.stack.DevStack;
import dev.persona.app.stack.TemporalConnection;
import dev.persona.app.stage.WorkerBody;
import dev.persona.app.worker.PersonaWorkers;
import dev.persona.app.worker.WorkerRole;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.io.FileTrees;
import dev.persona.core.progress.ProgressListener;
import dev.persona.workflows.policy.StagePolicies;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

/**
 * The real stack for the API tests, as OnboardingEndToEndTest runs it: the Temporal test server and
 * a Kafka broker on loopback, a local artifact store and workers of every role with the real stages
 * (short heartbeats and event throttle, so progress shows in seconds). Its addresses become the
 * API's {@code persona.*} configuration; {@code persona-test.photo} is the synthetic subject's
 * photo the demo uses.
 */
public final class EmbeddedStackResource implements QuarkusTestResourceLifecycleManager {
  private Path dir;
  private DevStack stack;
  private TemporalConnection temporal;
  private KafkaJobEventSink events;
  private PersonaWorkers workers;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("persona-api-test");
      stack = DevStack.start(dir.resolve("stack"), Duration.ofSeconds(90));
      // Generous: the test server shares two busy cores with Quarkus's start-up.
      temporal =
          TemporalConnection.connect(
              stack.temporalAddress(),
              TemporalConnection.DEFAULT_NAMESPACE,
              Duration.ofSeconds(60));
      events = KafkaJobEventSink.connect(stack.kafkaBootstrap());
      Path artifacts = dir.resolve("artifacts");
      workers =
          PersonaWorkers.start(
              temporal.client(),
              EnumSet.allOf(WorkerRole.class),
              new LocalArtifactStore(artifacts),
              events,
              new WorkerBody(ProceduralBody.create().model(), "built-in"),
              new PersonaWorkers.Settings(
                  StagePolicies.defaults(), Map.of(), dir.resolve("scratch"), 500, 200, 200, null));
      Dataset subject =
          SyntheticSubject.generate(
              ProceduralBody.create(),
              SyntheticSubjectOptions.defaults()
                  .withFrames(1, 1, 1)
                  .withSize(320, 320)
                  .withSeed(11),
              dir.resolve("subject"),
              ProgressListener.NONE);
      return Map.of(
          "persona.temporal-address", stack.temporalAddress(),
          "persona.kafka-bootstrap", stack.kafkaBootstrap(),
          "persona.artifacts", "file:" + artifacts,
          "persona-test.photo", subject.imageFile(subject.photoId()).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (workers != null) {
      workers.close();
    }
    if (events != null) {
      events.close();
    }
    if (temporal != null) {
      temporal.close();
    }
    if (stack != null) {
      stack.close();
    }
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      // A temporary folder left behind is harmless.
    }
  }
}
