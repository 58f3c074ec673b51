package dev.persona.app.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.app.events.JobEventStream;
import dev.persona.app.events.KafkaJobEventSink;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEvents;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.Stage;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real stack for the class: the Temporal test server and a Kafka broker in a child JVM. */
class DevStackTest {
  @TempDir static Path folder;
  private static DevStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(folder, EmbeddedKafka.DEFAULT_START_TIMEOUT);
  }

  /** Stopping is checked here, on the class's one stack: no broker process, no state file. */
  @AfterAll
  static void stop() throws Exception {
    if (stack == null) {
      return;
    }
    long kafkaPid = stack.kafka().pid();
    assertTrue(Files.exists(stack.stateFile()));
    stack.close();
    assertFalse(ProcessHandle.of(kafkaPid).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(Files.exists(stack.stateFile()));
    assertTrue(Files.size(folder.resolve("kafka/kafka.log")) > 0, "the broker logged");
  }

  private static List<JobEvent> progressOf(JobKey key, String topicRun, int count) {
    List<JobEvent> events = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      events.add(
          JobEvents.progress(
              key, topicRun, null, Stage.TRAIN, 1, i, count, "step " + i, 1_000L + i));
    }
    return events;
  }

  @Test
  void eventsOfAJobArriveInOrderWithoutDuplicates() {
    JobKey a = new JobKey("acme", "job-a");
    JobKey b = new JobKey("acme", "job-b");
    List<JobEvent> ofA = progressOf(a, "run-1", 20);
    List<JobEvent> ofB = progressOf(b, "run-1", 20);
    String topic = "test.order";
    try (KafkaJobEventSink sink =
        new KafkaJobEventSink(stack.kafkaBootstrap(), topic, 3, Duration.ofSeconds(30), Map.of())) {
      for (int i = 0; i < 20; i++) {
        sink.publish(ofA.get(i));
        sink.publish(ofB.get(i));
        if (i == 10) {
          sink.publish(ofA.get(5)); // an activity's retry re-sends an event: same id
        }
      }
    }
    try (JobEventStream stream =
        new JobEventStream(
            stack.kafkaBootstrap(),
            topic,
            JobEventStream.Start.EARLIEST,
            a.workflowId(),
            Map.of())) {
      List<JobEvent> received = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.size() < ofA.size() && System.nanoTime() < deadline) {
        received.addAll(stream.poll(Duration.ofMillis(500)));
      }
      assertEquals(
          ofA.stream().map(JobEvent::id).toList(), received.stream().map(JobEvent::id).toList());
      assertEquals(1, stream.duplicates());
      assertEquals("step 8", received.get(7).data().get("message"));
      assertEquals(8L, ((Number) received.get(7).data().get("done")).longValue());
    }
  }

  @Test
  void aLatestStreamSeesOnlyNewEvents() {
    String topic = "test.latest";
    JobKey key = new JobKey("acme", "job-c");
    List<JobEvent> events = progressOf(key, "run-2", 4);
    try (KafkaJobEventSink sink =
        new KafkaJobEventSink(stack.kafkaBootstrap(), topic, 1, Duration.ofSeconds(30), Map.of())) {
      sink.publish(events.get(0));
      sink.publish(events.get(1));
      try (JobEventStream stream =
          new JobEventStream(
              stack.kafkaBootstrap(), topic, JobEventStream.Start.LATEST, null, Map.of())) {
        sink.publish(events.get(2));
        sink.publish(events.get(3));
        List<JobEvent> received = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < 2 && System.nanoTime() < deadline) {
          received.addAll(stream.poll(Duration.ofMillis(500)));
        }
        received.addAll(stream.poll(Duration.ofMillis(500)));
        assertEquals(
            List.of(events.get(2).id(), events.get(3).id()),
            received.stream().map(JobEvent::id).toList());
      }
    }
  }

  @Test
  void temporalAnswersOnTheDefaultNamespace() {
    try (TemporalConnection temporal =
        TemporalConnection.connect(
            stack.temporalAddress(),
            TemporalConnection.DEFAULT_NAMESPACE,
            Duration.ofSeconds(10))) {
      var response =
          temporal
              .stubs()
              .blockingStub()
              .describeNamespace(
                  DescribeNamespaceRequest.newBuilder().setNamespace("default").build());
      assertEquals("default", response.getNamespaceInfo().getName());
    }
  }

  @Test
  void theStateFileNamesTheLiveStack() throws Exception {
    DevStackState state = DevStackState.findLive(stack.stateFile()).orElseThrow();
    assertEquals(stack.temporalAddress(), state.temporalAddress());
    assertEquals(stack.kafkaBootstrap(), state.kafkaBootstrap());
    assertEquals(ProcessHandle.current().pid(), state.pid());
    assertThrows(StackStartException.class, () -> DevStack.start(folder, Duration.ofSeconds(5)));
  }

  @Test
  void aStaleStateFileIsDetectedAndRemoved() throws Exception {
    Path file = folder.resolve("other/stack.json");
    new DevStackState(Long.MAX_VALUE - 1, "", "127.0.0.1:1", "default", "127.0.0.1:2", 1, "x", null)
        .write(file);
    assertTrue(Files.exists(file));
    assertTrue(DevStackState.findLive(file).isEmpty());
    assertFalse(Files.exists(file));
  }
}
