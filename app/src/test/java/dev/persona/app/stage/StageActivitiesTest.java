package dev.persona.app.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.app.artifact.FolderArchive;
import dev.persona.app.artifact.LocalArtifactStore;
import dev.persona.core.InvalidInputException;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.progress.ProgressListener;
import dev.persona.core.torchscript.StandInNetworks;
import dev.persona.core.torchscript.TorchLibrary;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventType;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.stage.FitActivities;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageHeartbeat;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import dev.persona.workflows.stage.TrainingActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage activities as Temporal runs them (its test activity environment: heartbeats,
 * cancellation), on a local artifact store: the stage cache, checkpoints that let a cancelled
 * training continue where it stopped, and bad input as a non-retryable typed failure.
 */
class StageActivitiesTest {
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          // The SDK sends heartbeats at most every 0.8 timeouts; cancellation arrives with one.
          .setHeartbeatTimeout(Duration.ofSeconds(1))
          .build();

  @TempDir static Path shared;
  private static ArtifactRef video;
  private static WorkerBody body;

  @TempDir Path dir;
  private LocalArtifactStore store;
  private final List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
  private TestActivityEnvironment env;

  @BeforeAll
  static void makeVideo() throws Exception {
    ProceduralBody procedural = ProceduralBody.create();
    body = new WorkerBody(procedural.model(), "built-in");
    Path subject = shared.resolve("subject");
    SyntheticSubject.generate(
        procedural,
        SyntheticSubjectOptions.defaults().withFrames(2, 2, 1).withSize(48, 48).withSeed(3),
        subject,
        ProgressListener.NONE);
    Path zip = shared.resolve("video.zip");
    FolderArchive.zip(subject, zip);
    video = new LocalArtifactStore(shared.resolve("seed-store")).put("video.zip", zip);
  }

  @BeforeEach
  void setUp() throws Exception {
    store = new LocalArtifactStore(dir.resolve("store"));
    ArtifactRef copy =
        store.put(
            "inputs/video.zip", new LocalArtifactStore(shared.resolve("seed-store")).read(video));
    assertEquals(video.sha256(), copy.sha256());
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private StageRunner runner() {
    // Every progress call heartbeats (0 ms), so the test's cancel lands at a known iteration.
    return new StageRunner(store, events::add, dir.resolve("scratch"), 0, 0);
  }

  private StageInput trainInput(int iterations) throws Exception {
    ArtifactRef ref = store.find("inputs/video.zip").orElseThrow();
    return new StageInput(
        new JobKey("acme", "job-1"),
        Stage.TRAIN,
        Map.of(StageArtifacts.VIDEO, ref),
        new JobOptions("test", iterations, 0, "reproject", List.of(), 0, 0),
        null);
  }

  @Test
  void aCancelledTrainingKeepsItsCheckpointAndTheNextAttemptContinuesFromIt() throws Exception {
    env.registerActivitiesImplementations(new TrainingStage(runner(), body));
    TrainingActivities stub = env.newActivityStub(TrainingActivities.class, OPTIONS);
    AtomicBoolean cancelled = new AtomicBoolean();
    env.setActivityHeartbeatListener(
        StageHeartbeat.class,
        beat -> {
          // The test preset checkpoints every 20 iterations; cancel between two checkpoints.
          if (beat.done() >= 30 && cancelled.compareAndSet(false, true)) {
            env.requestCancelActivity();
          }
        });
    StageInput input = trainInput(60);
    assertThrows(Exception.class, () -> stub.train(input));
    assertTrue(cancelled.get());
    List<JobEvent> saved =
        events.stream().filter(e -> e.type() == JobEventType.CHECKPOINT_SAVED).toList();
    assertFalse(saved.isEmpty(), "the cancelled run saved checkpoints");
    long stoppedAt = ((Number) saved.get(saved.size() - 1).data().get("done")).longValue();
    assertTrue(stoppedAt >= 30 && stoppedAt < 60, "saved at the cancel, got " + stoppedAt);

    // A new attempt (a fresh environment: another worker) resumes at the saved iteration.
    env.close();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new TrainingStage(runner(), body));
    int before = events.size();
    StageOutput output = env.newActivityStub(TrainingActivities.class, OPTIONS).train(input);
    // Progress events, not heartbeats: the SDK sends only some heartbeats, every event is
    // published.
    long firstDone =
        events.subList(before, events.size()).stream()
            .filter(e -> e.type() == JobEventType.STAGE_PROGRESS)
            .mapToLong(e -> ((Number) e.data().get("done")).longValue())
            .filter(d -> d > 0)
            .findFirst()
            .orElseThrow();
    assertEquals(stoppedAt + 1, firstDone, "the first iteration after the checkpoint");
    assertFalse(output.cached());
    assertEquals(60.0, output.metrics().get("train_iterations"));
    Path bundle = dir.resolve("bundle");
    Path zip = dir.resolve("avatar.zip");
    store.get(output.artifacts().get(StageArtifacts.AVATAR), zip);
    FolderArchive.unzip(zip, bundle);
    assertTrue(AvatarBundle.read(bundle).avatar().count() > 0);

    // The same stage with the same inputs and options is served from the stage cache; other
    // options make another key.
    StageOutput again = env.newActivityStub(TrainingActivities.class, OPTIONS).train(input);
    assertTrue(again.cached());
    assertEquals(output.artifacts(), again.artifacts());
    StageOutput other =
        env.newActivityStub(TrainingActivities.class, OPTIONS).train(trainInput(20));
    assertFalse(other.cached());
    assertNotEquals(
        output.artifacts().get(StageArtifacts.AVATAR).uri(),
        other.artifacts().get(StageArtifacts.AVATAR).uri());
  }

  @Test
  void aWorkerWithAnLpipsNetworkTrainsWithItUnderItsOwnCacheKey() throws Exception {
    TorchLibrary.assumeAvailable();
    Path network = dir.resolve("lpips-like.pt");
    StandInNetworks.meanSquareLpips(network);
    StageInput input = trainInput(4);
    env.registerActivitiesImplementations(new TrainingStage(runner(), body, Optional.empty()));
    StageOutput plain = env.newActivityStub(TrainingActivities.class, OPTIONS).train(input);
    assertFalse(plain.cached());

    env.close();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new TrainingStage(runner(), body, Optional.of(new TrainingStage.LpipsTerm(network, 0.4))));
    StageOutput withLpips = env.newActivityStub(TrainingActivities.class, OPTIONS).train(input);
    assertFalse(withLpips.cached(), "the LPIPS worker's result is not the plain one's");
    assertNotEquals(
        plain.artifacts().get(StageArtifacts.AVATAR).uri(),
        withLpips.artifacts().get(StageArtifacts.AVATAR).uri());
    assertEquals(4.0, withLpips.metrics().get("train_iterations"));
    assertTrue(
        env.newActivityStub(TrainingActivities.class, OPTIONS).train(input).cached(),
        "and is served from the cache the second time");
  }

  @Test
  void theLpipsTermIsReadFromTheEnvironmentAndCheckedAtStart() {
    assertTrue(TrainingStage.LpipsTerm.fromEnvironment(Map.of()).isEmpty());
    TrainingStage.LpipsTerm term =
        TrainingStage.LpipsTerm.fromEnvironment(
                Map.of(TrainingStage.LpipsTerm.NETWORK_VARIABLE, "/models/lpips_vgg.pt"))
            .orElseThrow();
    assertEquals(Path.of("/models/lpips_vgg.pt"), term.network());
    assertEquals(0.2, term.weight());
    InvalidInputException badWeight =
        assertThrows(
            InvalidInputException.class,
            () ->
                TrainingStage.LpipsTerm.fromEnvironment(
                    Map.of(
                        TrainingStage.LpipsTerm.NETWORK_VARIABLE, "/m.pt",
                        TrainingStage.LpipsTerm.WEIGHT_VARIABLE, "lots")));
    assertTrue(badWeight.getMessage().contains("PERSONA_TRAIN_LPIPS_WEIGHT"));
    InvalidInputException missing =
        assertThrows(
            InvalidInputException.class,
            () ->
                new TrainingStage(
                    runner(),
                    body,
                    Optional.of(new TrainingStage.LpipsTerm(dir.resolve("none.pt"), 0.2))));
    assertEquals(InvalidInputException.Reason.NOT_FOUND, missing.reason());
  }

  @Test
  void aPhotoThatIsNotAnImageFailsOnceWithANonRetryableTypedFailure() throws Exception {
    Path notAPhoto = dir.resolve("photo.jpg");
    Files.writeString(notAPhoto, "this is not a JPEG");
    ArtifactRef photo = store.put("uploads/photo.jpg", notAPhoto);
    env.registerActivitiesImplementations(
        new FitStage(
            runner(),
            body,
            image -> {
              throw new AssertionError("perception must not run on a file that is no image");
            }));
    FitActivities stub = env.newActivityStub(FitActivities.class, OPTIONS);
    StageInput input =
        new StageInput(
            new JobKey("acme", "job-2"),
            Stage.FIT,
            Map.of(StageArtifacts.PHOTO, photo),
            JobOptions.defaults(),
            null);
    ActivityFailure failure = assertThrows(ActivityFailure.class, () -> stub.fit(input));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals("InvalidInput.WRONG_FORMAT", cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().contains("photo"), cause.getOriginalMessage());
  }

  /**
   * A stage whose outputs differ from run to run (as timings in a report do), started twice at once
   * with the same inputs: both runs miss the cache, then wait for each other before writing.
   */
  static final class TwinTraining implements TrainingActivities {
    final StageRunner runner;
    final CyclicBarrier bothRunning = new CyclicBarrier(2);
    final AtomicInteger runs = new AtomicInteger();

    TwinTraining(StageRunner runner) {
      this.runner = runner;
    }

    @Override
    public StageOutput train(StageInput input) {
      return runner.run(
          input,
          "twin-code",
          new StageWork() {
            @Override
            public String configuration(StageInput in) {
              return "twin";
            }

            @Override
            public StageProduct run(StageWorkspace workspace) throws IOException {
              try {
                bothRunning.await(30, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IOException("the twin run never came", e);
              }
              Path out = workspace.folder().resolve("avatar");
              Files.createDirectories(out);
              Files.writeString(out.resolve("run.txt"), "run " + runs.incrementAndGet());
              return new StageProduct(Map.of(StageArtifacts.AVATAR, out), Map.of());
            }
          });
    }
  }

  @Test
  void twoRunsOfOneStageKeyAtOnceEachKeepAReadableOutput() throws Exception {
    TwinTraining twin = new TwinTraining(runner());
    // Two jobs (as in one batch) with the same video: one stage key, two scratch folders.
    StageInput job1 = trainInput(10);
    StageInput job2 =
        new StageInput(
            new JobKey("acme", "job-2"), job1.stage(), job1.inputs(), job1.options(), null);
    List<StageOutput> outputs = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    List<TestActivityEnvironment> envs = List.of(env, TestActivityEnvironment.newInstance());
    try {
      for (int i = 0; i < 2; i++) {
        TestActivityEnvironment e = envs.get(i);
        StageInput input = i == 0 ? job1 : job2;
        e.registerActivitiesImplementations(twin);
        TrainingActivities stub = e.newActivityStub(TrainingActivities.class, OPTIONS);
        Thread t =
            new Thread(
                () -> {
                  try {
                    outputs.add(stub.train(input));
                  } catch (RuntimeException failure) {
                    failures.add(failure);
                  }
                });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join(60_000);
      }
    } finally {
      envs.get(1).close();
    }
    assertEquals(List.of(), failures);
    assertEquals(2, outputs.size());
    ArtifactRef first = outputs.get(0).artifacts().get(StageArtifacts.AVATAR);
    ArtifactRef second = outputs.get(1).artifacts().get(StageArtifacts.AVATAR);
    assertNotEquals(first.sha256(), second.sha256());
    // Each reference still reads back with its own content (the read verifies the sha256).
    for (ArtifactRef ref : List.of(first, second)) {
      Path unpacked = dir.resolve("check-" + ref.sha256());
      Path zip = dir.resolve(ref.sha256() + ".zip");
      store.get(ref, zip);
      FolderArchive.unzip(zip, unpacked);
      assertTrue(Files.readString(unpacked.resolve("run.txt")).startsWith("run "));
    }
  }
}
