package dev.persona.workflows.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventType;
import dev.persona.workflows.fakes.FakeStages;
import dev.persona.workflows.fakes.TestStack;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.JobState;
import dev.persona.workflows.job.JobStatus;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.OnboardingResult;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageFailures;
import dev.persona.workflows.stage.StageHeartbeat;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AvatarOnboardingImplTest {
  private static final JobKey KEY = new JobKey("acme", "job-1");
  private static final ArtifactRef PHOTO = FakeStages.ref("mem://acme/job-1/photo.jpg");

  private static OnboardingRequest request() {
    return new OnboardingRequest(KEY, PHOTO, JobOptions.defaults(), null);
  }

  private static AvatarOnboarding stub(TestStack stack) {
    return stack.client.newWorkflowStub(
        AvatarOnboarding.class, OnboardingSubmission.workflowOptions(KEY));
  }

  private static List<JobEventType> types(List<JobEvent> events) {
    return events.stream().map(JobEvent::type).toList();
  }

  @Test
  void runsTheFourStagesChainingEachOutputIntoTheNextStage() {
    try (TestStack stack = TestStack.create().start()) {
      AvatarOnboarding workflow = stub(stack);
      OnboardingResult result = workflow.onboard(request());

      FakeStages stages = stack.stages;
      for (Stage s : Stage.values()) {
        assertEquals(1, stages.calls(s).size(), s + " runs once");
        StageInput in = stages.calls(s).getFirst().input();
        assertEquals(KEY, in.key());
        assertEquals(s, in.stage());
        assertEquals(JobOptions.defaults(), in.options());
      }
      ArtifactRef fit = output(stages, Stage.FIT, StageArtifacts.FIT);
      ArtifactRef video = output(stages, Stage.SYNTHESIZE, StageArtifacts.VIDEO);
      ArtifactRef avatar = output(stages, Stage.TRAIN, StageArtifacts.AVATAR);
      ArtifactRef published = output(stages, Stage.PUBLISH, StageArtifacts.RESULT);
      assertEquals(Map.of(StageArtifacts.PHOTO, PHOTO), input(stages, Stage.FIT));
      assertEquals(Map.of(StageArtifacts.FIT, fit), input(stages, Stage.SYNTHESIZE));
      assertEquals(Map.of(StageArtifacts.VIDEO, video), input(stages, Stage.TRAIN));
      assertEquals(
          Map.of(
              StageArtifacts.FIT, fit, StageArtifacts.VIDEO, video, StageArtifacts.AVATAR, avatar),
          input(stages, Stage.PUBLISH));

      assertEquals(KEY, result.key());
      assertEquals(
          Map.of(
              StageArtifacts.FIT,
              fit,
              StageArtifacts.VIDEO,
              video,
              StageArtifacts.AVATAR,
              avatar,
              StageArtifacts.RESULT,
              published),
          result.artifacts());
      // Every stage's figures, merged.
      assertEquals(Map.of("photo_psnr", 31.5, "train_iterations", 60.0), result.metrics());

      List<JobEvent> events = stack.events.of(KEY.workflowId());
      assertEquals(
          List.of(
              JobEventType.JOB_ACCEPTED,
              JobEventType.STAGE_STARTED,
              JobEventType.STAGE_COMPLETED,
              JobEventType.STAGE_STARTED,
              JobEventType.STAGE_COMPLETED,
              JobEventType.STAGE_STARTED,
              JobEventType.STAGE_COMPLETED,
              JobEventType.STAGE_STARTED,
              JobEventType.STAGE_COMPLETED,
              JobEventType.JOB_COMPLETED),
          types(events));
      List<Stage> eventStages = new ArrayList<>();
      for (int i = 1; i <= 8; i++) {
        eventStages.add(events.get(i).stage());
      }
      assertEquals(
          List.of(
              Stage.FIT,
              Stage.FIT,
              Stage.SYNTHESIZE,
              Stage.SYNTHESIZE,
              Stage.TRAIN,
              Stage.TRAIN,
              Stage.PUBLISH,
              Stage.PUBLISH),
          eventStages);
      Set<String> ids = new HashSet<>();
      String runId = WorkflowStub.fromTyped(workflow).getExecution().getRunId();
      for (JobEvent e : events) {
        assertTrue(ids.add(e.id()), "duplicate id " + e.id());
        assertTrue(e.id().startsWith(KEY.workflowId() + "/" + runId + "/"), e.id());
        assertEquals(KEY, e.key());
      }
      for (int i = 2; i <= 8; i += 2) {
        assertEquals(false, events.get(i).data().get("cached"));
      }
      assertEquals(31.5, ((Map<?, ?>) events.get(9).data().get("metrics")).get("photo_psnr"));

      JobStatus status = workflow.status();
      assertEquals(JobState.COMPLETED, status.state());
      assertNull(status.stage());
      assertEquals(List.of(Stage.values()), status.completedStages());
      assertEquals(List.of(), status.cachedStages());
      assertNull(status.failureType());
    }
  }

  private static ArtifactRef output(FakeStages stages, Stage stage, String name) {
    return FakeStages.produce(stages.calls(stage).getFirst().input()).artifacts().get(name);
  }

  private static Map<String, ArtifactRef> input(FakeStages stages, Stage stage) {
    return stages.calls(stage).getFirst().input().inputs();
  }

  @Test
  void stagesTakenFromTheCacheAreReportedAsCached() {
    try (TestStack stack = TestStack.create()) {
      stack.stages.on(Stage.FIT, (in, attempt) -> FakeStages.produce(in).asCached());
      stack.stages.on(Stage.SYNTHESIZE, (in, attempt) -> FakeStages.produce(in).asCached());
      stack.start();
      AvatarOnboarding workflow = stub(stack);
      workflow.onboard(request());

      JobStatus status = workflow.status();
      assertEquals(List.of(Stage.FIT, Stage.SYNTHESIZE), status.cachedStages());
      assertEquals(List.of(Stage.values()), status.completedStages());
      List<Object> cached = new ArrayList<>();
      for (JobEvent e : stack.events.of(KEY.workflowId())) {
        if (e.type() == JobEventType.STAGE_COMPLETED) {
          cached.add(e.data().get("cached"));
        }
      }
      assertEquals(List.of(true, true, false, false), cached);
    }
  }

  @Test
  void badInputFailsOnceWithItsTypeAndOneFailedEvent() {
    try (TestStack stack = TestStack.create()) {
      stack.stages.on(
          Stage.FIT,
          (in, attempt) -> {
            throw StageFailures.invalidInput(
                new InvalidInputException(
                    InvalidInputException.Reason.NO_PERSON, "no person found in the photo"));
          });
      stack.start();
      AvatarOnboarding workflow = stub(stack);

      WorkflowFailedException e =
          assertThrows(WorkflowFailedException.class, () -> workflow.onboard(request()));
      ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
      assertEquals("InvalidInput.NO_PERSON", failure.getType());
      assertEquals("no person found in the photo", failure.getOriginalMessage());
      assertTrue(failure.isNonRetryable());

      assertEquals(
          1, stack.stages.calls(Stage.FIT).size(), "a non-retryable failure is not retried");
      assertEquals(List.of(), stack.stages.calls(Stage.SYNTHESIZE));
      List<JobEvent> events = stack.events.of(KEY.workflowId());
      assertEquals(
          List.of(JobEventType.JOB_ACCEPTED, JobEventType.STAGE_STARTED, JobEventType.JOB_FAILED),
          types(events));
      JobEvent failed = events.getLast();
      assertEquals(Stage.FIT, failed.stage());
      assertEquals("InvalidInput.NO_PERSON", failed.data().get("failure_type"));

      JobStatus status = workflow.status();
      assertEquals(JobState.FAILED, status.state());
      assertEquals("InvalidInput.NO_PERSON", status.failureType());
      assertEquals(List.of(), status.completedStages());
    }
  }

  @Test
  void aRetryableFailureIsRetriedAndTheJobCompletes() {
    try (TestStack stack = TestStack.create()) {
      stack.stages.on(
          Stage.TRAIN,
          (in, attempt) -> {
            if (attempt == 1) {
              throw ApplicationFailure.newFailure("CUDA out of memory", "GpuOutOfMemory");
            }
            return FakeStages.produce(in);
          });
      stack.start();
      OnboardingResult result = stub(stack).onboard(request());

      assertEquals(
          List.of(1, 2),
          stack.stages.calls(Stage.TRAIN).stream().map(FakeStages.Call::attempt).toList());
      assertTrue(result.artifacts().containsKey(StageArtifacts.RESULT));
      assertEquals(JobEventType.JOB_COMPLETED, stack.events.of(KEY.workflowId()).getLast().type());
    }
  }

  @Test
  void cancelReachesTheHeartbeatingActivityWhichSavesItsCheckpointBeforeTheJobEnds()
      throws InterruptedException {
    CountDownLatch training = new CountDownLatch(1);
    AtomicBoolean sawCancel = new AtomicBoolean();
    AtomicBoolean checkpointSaved = new AtomicBoolean();
    try (TestStack stack = TestStack.create()) {
      stack.stages.on(
          Stage.TRAIN,
          (in, attempt) -> {
            training.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (long step = 0; System.nanoTime() < deadline; step++) {
              try {
                Activity.getExecutionContext()
                    .heartbeat(new StageHeartbeat(step, 1_000_000, "training", null));
              } catch (ActivityCanceledException e) {
                sawCancel.set(true);
                // What a real stage does here: write its checkpoint; the workflow must wait.
                Thread.sleep(300);
                checkpointSaved.set(true);
                throw e;
              }
              Thread.sleep(10);
            }
            return FakeStages.produce(in);
          });
      stack.start();
      AvatarOnboarding workflow = stub(stack);
      WorkflowClient.start(workflow::onboard, request());
      assertTrue(training.await(10, TimeUnit.SECONDS), "training started");
      assertEquals(Stage.TRAIN, workflow.status().stage());

      WorkflowStub untyped = WorkflowStub.fromTyped(workflow);
      untyped.cancel();
      WorkflowFailedException e =
          assertThrows(
              WorkflowFailedException.class, () -> untyped.getResult(OnboardingResult.class));
      assertInstanceOf(CanceledFailure.class, e.getCause());

      assertTrue(sawCancel.get(), "the activity saw the cancel at a heartbeat");
      assertTrue(checkpointSaved.get(), "the job ended only after the activity finished");
      assertEquals(1, stack.stages.calls(Stage.TRAIN).size());
      assertEquals(List.of(), stack.stages.calls(Stage.PUBLISH));
      List<JobEvent> events = stack.events.of(KEY.workflowId());
      JobEvent last = events.getLast();
      assertEquals(JobEventType.JOB_CANCELLED, last.type());
      assertEquals(Stage.TRAIN, last.stage());
      assertEquals(1, stack.events.ofType(JobEventType.JOB_CANCELLED).size());
      JobStatus status = workflow.status();
      assertEquals(JobState.CANCELLED, status.state());
      assertEquals(List.of(Stage.FIT, Stage.SYNTHESIZE), status.completedStages());
    }
  }

  @Test
  void aSecondStartOfARunningJobIsRefusedAndTheCallerAttachesToTheFirstRun()
      throws InterruptedException {
    CountDownLatch training = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (TestStack stack = TestStack.create()) {
      stack.stages.on(
          Stage.TRAIN,
          (in, attempt) -> {
            training.countDown();
            assertTrue(release.await(20, TimeUnit.SECONDS));
            return FakeStages.produce(in);
          });
      stack.start();
      OnboardingSubmission.Submitted first = OnboardingSubmission.submit(stack.client, request());
      assertFalse(first.alreadyStarted());
      assertTrue(training.await(10, TimeUnit.SECONDS));

      // A plain second start with the same (tenant-scoped) workflow id is refused...
      AvatarOnboarding again = stub(stack);
      assertThrows(
          WorkflowExecutionAlreadyStarted.class,
          () -> WorkflowClient.start(again::onboard, request()));
      // ...and OnboardingSubmission turns the refusal into the running run.
      OnboardingSubmission.Submitted second = OnboardingSubmission.submit(stack.client, request());
      assertTrue(second.alreadyStarted());
      assertEquals(first.execution().getRunId(), second.execution().getRunId());

      // Attaching: a stub by workflow id answers the status query and waits for the result.
      AvatarOnboarding attached =
          stack.client.newWorkflowStub(AvatarOnboarding.class, KEY.workflowId());
      assertEquals(JobState.RUNNING, attached.status().state());
      assertEquals(Stage.TRAIN, attached.status().stage());
      release.countDown();
      OnboardingResult result =
          stack.client.newUntypedWorkflowStub(KEY.workflowId()).getResult(OnboardingResult.class);
      assertEquals(KEY, result.key());

      // A completed job is not run again either: resubmitting finds the completed run.
      OnboardingSubmission.Submitted third = OnboardingSubmission.submit(stack.client, request());
      assertTrue(third.alreadyStarted());
      assertEquals(first.execution().getRunId(), third.execution().getRunId());
      assertEquals(1, stack.stages.calls(Stage.FIT).size());
      assertEquals(1, stack.events.ofType(JobEventType.JOB_ACCEPTED).size());
    }
  }

  @Test
  void aStageWithoutWorkersFailsWithStageTimedOutWhenItsRetryBudgetIsSpent() {
    // Real time: the test server does not skip time while an activity task is outstanding.
    Duration budget = Duration.ofSeconds(2);
    try (TestStack stack =
        TestStack.createWithWorkersFor(
                TestStack.testPolicies().withRetryBudget(budget),
                EnumSet.of(Stage.FIT, Stage.SYNTHESIZE, Stage.PUBLISH))
            .start()) {
      AvatarOnboarding workflow = stub(stack);
      long started = stack.env.currentTimeMillis();
      WorkflowFailedException e =
          assertThrows(WorkflowFailedException.class, () -> workflow.onboard(request()));
      ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
      assertEquals(StageFailures.STAGE_TIMED_OUT, failure.getType());
      // The test server reports the spent budget of a never-started task as SCHEDULE_TO_CLOSE or,
      // on a loaded machine, SCHEDULE_TO_START; either is the same StageTimedOut of TRAIN.
      assertTrue(
          failure.getOriginalMessage().startsWith("stage train timed out: retry budget")
              || failure
                  .getOriginalMessage()
                  .startsWith("stage train timed out: no worker of its task queue"),
          failure.getOriginalMessage());
      assertTrue(stack.env.currentTimeMillis() - started >= budget.toMillis());

      JobEvent failed = stack.events.of(KEY.workflowId()).getLast();
      assertEquals(JobEventType.JOB_FAILED, failed.type());
      assertEquals(Stage.TRAIN, failed.stage());
      assertEquals(StageFailures.STAGE_TIMED_OUT, failed.data().get("failure_type"));
      assertEquals(List.of(Stage.FIT, Stage.SYNTHESIZE), workflow.status().completedStages());
    }
  }

  @Test
  void aStageThatLeavesOutItsArtifactFailsTheJobInsteadOfBlockingIt() {
    try (TestStack stack = TestStack.create()) {
      stack.stages.on(
          Stage.SYNTHESIZE, (in, attempt) -> new StageOutput(Map.of(), Map.of(), false));
      stack.start();
      WorkflowFailedException e =
          assertThrows(WorkflowFailedException.class, () -> stub(stack).onboard(request()));
      ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, e.getCause());
      assertEquals(StageFailures.STAGE_OUTPUT_MISSING, failure.getType());
      assertEquals(JobEventType.JOB_FAILED, stack.events.of(KEY.workflowId()).getLast().type());
      assertEquals(List.of(), stack.stages.calls(Stage.TRAIN));
    }
  }
}
