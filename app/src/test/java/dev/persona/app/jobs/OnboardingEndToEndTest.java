package dev.persona.app.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.app.artifact.LocalArtifactStore;
import dev.persona.app.events.CloudEventCodec;
import dev.persona.app.events.JobEventStream;
import dev.persona.app.events.KafkaJobEventSink;
import dev.persona.app.events.KafkaTopics;
import dev.persona.app.stack.DevStack;
import dev.persona.app.stack.TemporalConnection;
import dev.persona.app.stage.WorkerBody;
import dev.persona.app.telemetry.Tracing;
import dev.persona.app.worker.PersonaWorkers;
import dev.persona.app.worker.WorkerRole;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.progress.ProgressListener;
import dev.persona.eval.report.ReportHtml;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventType;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.JobSearchAttributes;
import dev.persona.workflows.job.OnboardingResult;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.policy.StagePolicies;
import dev.persona.workflows.stage.StageArtifacts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs on the real stack: the Temporal test server and a Kafka broker started on loopback,
 * workers of every role, the real stages on a small synthetic subject. Checks the job's result and
 * its event stream (order, no gaps, deterministic ids), bad input failing once, and the stage cache
 * serving a job whose stages another job already ran.
 */
class OnboardingEndToEndTest {
  /** Small enough for seconds per stage on two cores; real stages all the same. */
  static final JobOptions SMALL =
      new JobOptions("test", 30, 48, "reproject", List.of("walk"), 4, 128);

  @TempDir static Path dir;
  static DevStack stack;
  static TemporalConnection temporal;
  static KafkaJobEventSink events;
  static LocalArtifactStore store;
  static JobClient jobs;
  static PersonaWorkers workers;
  static Path photo;

  /** Every span the client, workflows and activities end, kept in memory. */
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  static final Tracing TRACING =
      Tracing.of(
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                      .build())
              .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
              .build());

  @BeforeAll
  static void startStack() throws Exception {
    stack = DevStack.start(dir.resolve("stack"), Duration.ofSeconds(90));
    temporal =
        TemporalConnection.connect(
            stack.temporalAddress(),
            TemporalConnection.DEFAULT_NAMESPACE,
            Duration.ofSeconds(10),
            TRACING);
    events =
        new KafkaJobEventSink(
            stack.kafkaBootstrap(),
            KafkaTopics.DEFAULT_TOPIC,
            KafkaTopics.DEFAULT_PARTITIONS,
            Duration.ofSeconds(60),
            Map.of(),
            TRACING);
    store = new LocalArtifactStore(dir.resolve("artifacts"));
    // The embedded server registered Persona's search attributes: start jobs with them.
    jobs = new JobClient(temporal.client(), store, true);
    StagePolicies policies = StagePolicies.defaults();
    workers =
        PersonaWorkers.start(
            temporal.client(),
            EnumSet.allOf(WorkerRole.class),
            store,
            events,
            new WorkerBody(ProceduralBody.create().model(), "built-in"),
            new PersonaWorkers.Settings(
                policies, Map.of(), dir.resolve("scratch"), 500, 200, 200, null),
            TRACING);
    photo = syntheticPhoto(dir.resolve("subject"));
  }

  /** The photo frame of a synthetic subject: a person BlazePose finds, on a plain background. */
  static Path syntheticPhoto(Path folder) throws Exception {
    Dataset subject =
        SyntheticSubject.generate(
            ProceduralBody.create(),
            SyntheticSubjectOptions.defaults().withFrames(1, 1, 1).withSize(320, 320).withSeed(11),
            folder,
            ProgressListener.NONE);
    return subject.imageFile(subject.photoId());
  }

  @AfterAll
  static void stopStack() {
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
  }

  static List<JobEvent> eventsOf(String bootstrap, JobKey key, String runId, JobEventType until) {
    List<JobEvent> seen = new ArrayList<>();
    String prefix = key.workflowId() + "/" + runId + "/";
    try (JobEventStream stream =
        JobEventStream.open(bootstrap, JobEventStream.Start.EARLIEST, key.workflowId())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        for (JobEvent e : stream.poll(Duration.ofMillis(200))) {
          if (e.id().startsWith(prefix)) {
            seen.add(e);
            if (e.type() == until) {
              return seen;
            }
          }
        }
      }
    }
    throw new AssertionError("no " + until + " event for " + key + "; saw " + seen);
  }

  @Test
  void aJobRunsEndToEndAndItsEventsArriveInOrderWithoutGaps() throws Exception {
    JobKey key = new JobKey("acme", "e2e-1");
    // The caller's span (what the CLI or the API has) is the root of the job's trace.
    Span caller = TRACING.tracer("test").spanBuilder("onboard e2e-1").startSpan();
    JobClient.Submission s;
    try (Scope ignored = caller.makeCurrent()) {
      s = jobs.submit(photo, key, SMALL, null);
    } finally {
      caller.end();
    }
    assertFalse(s.alreadyStarted());
    OnboardingResult result = jobs.await(key, 10, TimeUnit.MINUTES);
    assertTrue(result.metrics().get("photo_psnr") > 10, result.metrics().toString());
    assertTrue(result.artifacts().containsKey(StageArtifacts.RESULT));
    Path out = dir.resolve("result-1");
    jobs.download(result, out);
    assertTrue(Files.isRegularFile(out.resolve("avatar.splat")));
    assertTrue(Files.isRegularFile(out.resolve("renders/walk.gif")));
    // The HTML report: every image it shows is there, and every stage recorded its wall time.
    String html = Files.readString(out.resolve(ReportHtml.HTML));
    Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
    int images = 0;
    while (img.find()) {
      assertTrue(Files.size(out.resolve(img.group(1))) > 0, img.group(1));
      images++;
    }
    // photo, mask, fit overlay, training frames, loss, three novel poses, turntable (+ PSNR plot).
    assertTrue(images >= 9, html);
    assertFalse(html.contains("not recorded"), html);

    List<JobEvent> seen =
        eventsOf(stack.kafkaBootstrap(), key, s.runId(), JobEventType.JOB_COMPLETED);
    assertEquals(JobEventType.JOB_ACCEPTED, seen.get(0).type());
    // Each stage: started, then its own progress/checkpoints, then completed, in pipeline order.
    int i = 1;
    for (Stage stage : Stage.values()) {
      assertEquals(JobEventType.STAGE_STARTED, seen.get(i).type(), seen.get(i).toString());
      assertEquals(stage, seen.get(i).stage());
      i++;
      while (seen.get(i).type() != JobEventType.STAGE_COMPLETED) {
        assertEquals(stage, seen.get(i).stage(), seen.get(i).toString());
        assertTrue(
            EnumSet.of(JobEventType.STAGE_PROGRESS, JobEventType.CHECKPOINT_SAVED)
                .contains(seen.get(i).type()),
            seen.get(i).toString());
        i++;
      }
      assertEquals(stage, seen.get(i).stage());
      i++;
    }
    assertEquals(JobEventType.JOB_COMPLETED, seen.get(i).type());
    assertEquals(seen.size(), seen.stream().map(JobEvent::id).distinct().count());
    assertOneTraceFromCallerToKafka(caller.getSpanContext().getTraceId(), key, s.runId());

    // Searchable by tenant, job and the stage it ended in.
    SearchAttributes attributes =
        temporal
            .client()
            .newUntypedWorkflowStub(key.workflowId())
            .describe()
            .getTypedSearchAttributes();
    assertEquals("acme", attributes.get(JobSearchAttributes.TENANT));
    assertEquals("e2e-1", attributes.get(JobSearchAttributes.JOB_ID));
    assertEquals(Stage.PUBLISH.name(), attributes.get(JobSearchAttributes.STAGE));

    // The same request under the same job id finds the finished run instead of starting another.
    JobClient.Submission again = jobs.submit(photo, key, SMALL, null);
    assertTrue(again.alreadyStarted());
    assertEquals(s.runId(), again.runId());

    // Another job with the same photo and options takes every stage from the stage cache.
    JobKey twin = new JobKey("acme", "e2e-1-twin");
    JobClient.Submission t = jobs.submit(photo, twin, SMALL, null);
    OnboardingResult twinResult = jobs.await(twin, 2, TimeUnit.MINUTES);
    assertEquals(result.artifacts(), twinResult.artifacts());
    List<JobEvent> twinEvents =
        eventsOf(stack.kafkaBootstrap(), twin, t.runId(), JobEventType.JOB_COMPLETED);
    assertEquals(
        4,
        twinEvents.stream()
            .filter(e -> e.type() == JobEventType.STAGE_COMPLETED)
            .filter(e -> Boolean.TRUE.equals(e.data().get("cached")))
            .count());
  }

  @Test
  void aFileThatIsNoPhotoFailsOnceWithATypedReasonAndOneFailedEvent() throws Exception {
    Path bad = dir.resolve("not-a-photo.jpg");
    Files.writeString(bad, "plain text, not a JPEG");
    JobKey key = new JobKey("acme", "bad-1");
    JobClient.Submission s = jobs.submit(bad, key, SMALL, null);
    WorkflowFailedException failure =
        assertThrows(WorkflowFailedException.class, () -> jobs.await(key, 2, TimeUnit.MINUTES));
    Throwable cause = failure.getCause();
    while (!(cause instanceof ApplicationFailure) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertEquals(
        "InvalidInput.WRONG_FORMAT", assertInstanceOf(ApplicationFailure.class, cause).getType());
    List<JobEvent> seen = eventsOf(stack.kafkaBootstrap(), key, s.runId(), JobEventType.JOB_FAILED);
    assertEquals(1, seen.stream().filter(e -> e.type() == JobEventType.JOB_FAILED).count());
    assertEquals(0, seen.stream().filter(e -> e.type() == JobEventType.STAGE_RETRIED).count());
    JobEvent failed = seen.get(seen.size() - 1);
    assertEquals(Stage.FIT, failed.stage());
    assertEquals("InvalidInput.WRONG_FORMAT", failed.data().get("failure_type"));
  }

  /**
   * The caller's trace reaches the workflow, every stage activity and every Kafka record of the
   * run: one trace from the CLI or API down to the consumers of the events.
   */
  static void assertOneTraceFromCallerToKafka(String traceId, JobKey key, String runId) {
    Set<String> names =
        SPANS.getFinishedSpanItems().stream()
            .filter(span -> span.getTraceId().equals(traceId))
            .map(SpanData::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    for (String expected :
        List.of(
            "StartWorkflow:AvatarOnboarding",
            "RunWorkflow:AvatarOnboarding",
            "RunActivity:Fit",
            "RunActivity:Synthesize",
            "RunActivity:Train",
            "RunActivity:Publish",
            "RunActivity:PublishEvent")) {
      assertTrue(names.contains(expected), expected + " not in the trace: " + names);
    }
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
    String prefix = key.workflowId() + "/" + runId + "/";
    int records = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(KafkaTopics.DEFAULT_TOPIC).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (!key.workflowId().equals(r.key())
              || !CloudEventCodec.decode(r.value()).id().startsWith(prefix)) {
            continue;
          }
          records++;
          String carried =
              Span.fromContext(TRACING.extract(r.headers())).getSpanContext().getTraceId();
          assertEquals(traceId, carried, "trace of " + CloudEventCodec.decode(r.value()));
        }
      }
    }
    assertTrue(records > 10, "records of the run: " + records);
  }
}
