package dev.persona.app.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.app.artifact.FolderArchive;
import dev.persona.app.artifact.LocalArtifactStore;
import dev.persona.app.events.JobEventStream;
import dev.persona.app.events.KafkaJobEventSink;
import dev.persona.app.stack.DevStack;
import dev.persona.app.stack.JvmClasspath;
import dev.persona.app.stack.TemporalConnection;
import dev.persona.app.stage.WorkerBody;
import dev.persona.app.worker.PersonaWorkers;
import dev.persona.app.worker.WorkerRole;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventType;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.OnboardingResult;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.policy.StagePolicies;
import dev.persona.workflows.stage.StageArtifacts;
import io.temporal.client.WorkflowFailedException;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing workers, on the real stack: a training worker in its own JVM killed with SIGKILL in the
 * middle of training (a new one finishes from the last checkpoint), and a worker pool gone for good
 * (the job fails after its retry budget; resume after the pool is back reuses every finished
 * stage).
 */
class WorkerLossTest {
  /** The test preset checkpoints every 20 iterations. */
  static final int CHECKPOINT_INTERVAL = 20;

  static final JobOptions TRAIN_LONGER =
      new JobOptions("test", 160, 48, "reproject", List.of("walk"), 4, 128);

  @TempDir static Path dir;
  static DevStack stack;
  static TemporalConnection temporal;
  static KafkaJobEventSink events;
  static LocalArtifactStore store;
  static JobClient jobs;
  static PersonaWorkers diffusion;
  static Path photo;
  static WorkerBody body;

  final List<AutoCloseable> perTest = new ArrayList<>();

  @BeforeAll
  static void startStack() throws Exception {
    stack = DevStack.start(dir.resolve("stack"), Duration.ofSeconds(90));
    temporal = TemporalConnection.connect(stack.temporalAddress());
    events = KafkaJobEventSink.connect(stack.kafkaBootstrap());
    store = new LocalArtifactStore(dir.resolve("artifacts"));
    jobs = new JobClient(temporal.client(), store);
    body = new WorkerBody(ProceduralBody.create().model(), "built-in");
    diffusion = start(EnumSet.of(WorkerRole.DIFFUSION_GPU), StagePolicies.defaults());
    photo = OnboardingEndToEndTest.syntheticPhoto(dir.resolve("subject"));
  }

  static PersonaWorkers start(Set<WorkerRole> roles, StagePolicies policies) {
    return PersonaWorkers.start(
        temporal.client(),
        roles,
        store,
        events,
        body,
        new PersonaWorkers.Settings(
            policies, Map.of(), dir.resolve("scratch"), 500, 200, 200, null));
  }

  /** Training's heartbeat timeout short (a dead worker is noticed in seconds), and its budget. */
  static StagePolicies policies(Duration trainBudget) {
    StagePolicies defaults = StagePolicies.defaults();
    return defaults.withStage(
        Stage.TRAIN,
        defaults
            .policy(Stage.TRAIN)
            // Short enough to notice the kill in seconds; long enough that a worker busy on two
            // loaded cores (the SDK sends heartbeats every 0.8 timeouts) is not taken for dead.
            .withHeartbeat(Duration.ofSeconds(10))
            .withRetryBudget(trainBudget)
            .withRetryIntervals(Duration.ofSeconds(1), Duration.ofSeconds(2)));
  }

  /** A splat-gpu worker in a JVM of its own, as production runs it. */
  static Process workerProcess(String name) throws Exception {
    String classpath =
        JvmClasspath.current().stream()
            .map(Path::toString)
            .collect(Collectors.joining(File.pathSeparator));
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx2g",
            "-cp",
            classpath,
            "dev.persona.app.PersonaCli",
            "worker",
            "--role",
            "splat-gpu",
            "--heartbeat-ms",
            "500",
            "--scratch",
            dir.resolve("scratch-" + name).toString());
    pb.environment().remove("PERSONA_BODY_MODEL");
    pb.environment().put(PersonaRuntime.TEMPORAL_ADDRESS, stack.temporalAddress());
    pb.environment().put(PersonaRuntime.KAFKA_BOOTSTRAP, stack.kafkaBootstrap());
    pb.environment().put("PERSONA_ARTIFACTS", dir.resolve("artifacts").toUri().toString());
    pb.redirectErrorStream(true);
    // In target/, not the test's temporary folder: the log outlives the test for a post-mortem.
    Path log = Path.of("target", "worker-loss-" + name + ".log");
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  @AfterEach
  void stopPerTest() throws Exception {
    for (AutoCloseable c : perTest) {
      c.close();
    }
    perTest.clear();
  }

  @AfterAll
  static void stopStack() {
    for (AutoCloseable c : new AutoCloseable[] {diffusion, events, temporal, stack}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the next one still gets closed
      }
    }
  }

  @Test
  void aTrainingWorkerKilledMidStageIsReplacedAndTheJobFinishesFromTheLastCheckpoint()
      throws Exception {
    PersonaWorkers cpu = start(EnumSet.of(WorkerRole.CPU), policies(Duration.ofMinutes(10)));
    perTest.add(cpu);
    Process first = workerProcess("first");
    perTest.add(first::destroyForcibly);
    JobKey key = new JobKey("acme", "sigkill-1");
    JobClient.Submission s = jobs.submit(photo, key, TRAIN_LONGER, null);
    String prefix = key.workflowId() + "/" + s.runId() + "/";

    List<JobEvent> seen = new ArrayList<>();
    long lastCheckpointBeforeKill = -1;
    int killedAttempt = 0;
    try (JobEventStream stream =
        JobEventStream.open(
            stack.kafkaBootstrap(), JobEventStream.Start.EARLIEST, key.workflowId())) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (lastCheckpointBeforeKill < 0 && System.nanoTime() < deadline) {
        for (JobEvent e : stream.poll(Duration.ofMillis(100))) {
          if (!e.id().startsWith(prefix)) {
            continue;
          }
          seen.add(e);
          if (e.type() == JobEventType.CHECKPOINT_SAVED
              && e.stage() == Stage.TRAIN
              && ((Number) e.data().get("done")).longValue() >= 3 * CHECKPOINT_INTERVAL) {
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last checkpoint
            lastCheckpointBeforeKill = ((Number) e.data().get("done")).longValue();
            killedAttempt = e.attempt();
          }
        }
      }
    }
    assertTrue(lastCheckpointBeforeKill > 0, "training never reached a checkpoint: " + seen);

    Process second = workerProcess("second");
    perTest.add(second::destroyForcibly);
    OnboardingResult result = jobs.await(key, 5, TimeUnit.MINUTES);
    List<JobEvent> all =
        OnboardingEndToEndTest.eventsOf(
            stack.kafkaBootstrap(), key, s.runId(), JobEventType.JOB_COMPLETED);

    // The attempt that finished is a retry of the killed one; it announced where it resumed.
    int finalAttempt =
        all.stream()
            .filter(e -> e.type() == JobEventType.STAGE_PROGRESS && e.stage() == Stage.TRAIN)
            .mapToInt(JobEvent::attempt)
            .max()
            .orElseThrow();
    assertTrue(finalAttempt > killedAttempt, finalAttempt + " after " + killedAttempt);
    JobEvent retried =
        all.stream()
            .filter(e -> e.type() == JobEventType.STAGE_RETRIED && e.stage() == Stage.TRAIN)
            .filter(e -> e.attempt() == finalAttempt)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no stage.retried for attempt " + finalAttempt));
    assertTrue(retried.data().containsKey("resumed_from"), retried.toString());
    int killed = killedAttempt;
    long maxDoneFirst =
        all.stream()
            .filter(e -> e.type() == JobEventType.STAGE_PROGRESS && e.stage() == Stage.TRAIN)
            .filter(e -> e.attempt() == killed)
            .mapToLong(e -> ((Number) e.data().get("done")).longValue())
            .max()
            .orElseThrow();
    long firstDoneSecond =
        all.stream()
            .filter(e -> e.type() == JobEventType.STAGE_PROGRESS && e.stage() == Stage.TRAIN)
            .filter(e -> e.attempt() == finalAttempt)
            .mapToLong(e -> ((Number) e.data().get("done")).longValue())
            .findFirst()
            .orElseThrow();
    // The last attempt starts after a saved checkpoint, at or after the last one announced
    // before the kill; what it redoes is at most one checkpoint interval.
    assertTrue(
        firstDoneSecond - 1 >= lastCheckpointBeforeKill,
        firstDoneSecond + " vs " + lastCheckpointBeforeKill);
    long redone = maxDoneFirst - (firstDoneSecond - 1);
    assertTrue(redone <= CHECKPOINT_INTERVAL, "redid " + redone + " iterations");
    assertEquals(
        1,
        all.stream()
            .filter(e -> e.type() == JobEventType.STAGE_COMPLETED && e.stage() == Stage.TRAIN)
            .count());

    // The avatar is there, whole (its sha256 is checked on the way out).
    Path zip = dir.resolve("avatar.zip");
    store.get(result.artifacts().get(StageArtifacts.AVATAR), zip);
    Path bundle = dir.resolve("avatar");
    FolderArchive.unzip(zip, bundle);
    assertTrue(AvatarBundle.read(bundle).avatar().count() > 0);
    assertEquals(160.0, result.metrics().get("train_iterations"));
  }

  @Test
  void aJobWhosePoolIsGoneFailsAfterItsBudgetAndResumeReusesEveryFinishedStage() throws Exception {
    PersonaWorkers cpu = start(EnumSet.of(WorkerRole.CPU), policies(Duration.ofSeconds(15)));
    perTest.add(cpu);
    JobOptions options = new JobOptions("test", 30, 48, "reproject", List.of("walk"), 4, 128);
    JobKey key = new JobKey("acme", "no-pool-1");
    JobClient.Submission s = jobs.submit(photo, key, options, null);
    WorkflowFailedException failure =
        assertThrows(WorkflowFailedException.class, () -> jobs.await(key, 3, TimeUnit.MINUTES));
    List<JobEvent> firstRun =
        OnboardingEndToEndTest.eventsOf(
            stack.kafkaBootstrap(), key, s.runId(), JobEventType.JOB_FAILED);
    JobEvent failed = firstRun.get(firstRun.size() - 1);
    assertEquals(Stage.TRAIN, failed.stage());
    assertTrue(
        String.valueOf(failed.data().get("message")).contains("train"),
        "the reason names the stage: " + failed.data());
    assertFalse(failure.getMessage().isEmpty());

    // The pool is back, and the CPU worker restarted with the usual budget (the short one would
    // time out the training itself on two loaded cores).
    cpu.close();
    perTest.add(start(EnumSet.of(WorkerRole.CPU), StagePolicies.defaults()));
    perTest.add(start(EnumSet.of(WorkerRole.SPLAT_GPU), StagePolicies.defaults()));
    JobClient.Submission resumed = jobs.resume(key);
    OnboardingResult result = jobs.await(key, 3, TimeUnit.MINUTES);
    assertTrue(result.artifacts().containsKey(StageArtifacts.RESULT));
    List<JobEvent> secondRun =
        OnboardingEndToEndTest.eventsOf(
            stack.kafkaBootstrap(), key, resumed.runId(), JobEventType.JOB_COMPLETED);
    for (Stage stage : List.of(Stage.FIT, Stage.SYNTHESIZE)) {
      assertTrue(
          secondRun.stream()
              .anyMatch(
                  e ->
                      e.type() == JobEventType.STAGE_COMPLETED
                          && e.stage() == stage
                          && Boolean.TRUE.equals(e.data().get("cached"))),
          stage + " taken from the stage cache");
    }
  }
}
