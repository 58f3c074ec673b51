package dev.persona.workflows.replay;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.workflows.batch.BatchItem;
import dev.persona.workflows.batch.BatchOnboarding;
import dev.persona.workflows.batch.BatchOnboardingImpl;
import dev.persona.workflows.batch.BatchRequest;
import dev.persona.workflows.fakes.FakeStages;
import dev.persona.workflows.fakes.TestStack;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.JobStatus;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.OnboardingResult;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.job.TaskQueues;
import dev.persona.workflows.onboarding.AvatarOnboarding;
import dev.persona.workflows.onboarding.AvatarOnboardingImpl;
import dev.persona.workflows.onboarding.OnboardingSubmission;
import dev.persona.workflows.policy.StagePolicies;
import dev.persona.workflows.stage.StageFailures;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import dev.persona.workflows.stage.SynthesisActivities;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays recorded histories (src/test/resources/histories/) against today's workflow code: a
 * change that alters the commands a workflow issues for the same history (a stage added, removed or
 * reordered, an event moved) breaks here instead of breaking the runs in flight in production. Such
 * a change needs {@code Workflow.getVersion}; then record the histories again:
 *
 * <pre>
 * ./mvnw -B -q -pl workflows test -Dtest=WorkflowReplayTest -Dpersona.recordHistories=true
 * </pre>
 */
class WorkflowReplayTest {
  private static final String ONBOARDING = "histories/avatar-onboarding.json";
  private static final String BATCH = "histories/batch-onboarding.json";

  private static Worker replayWorker(TestWorkflowEnvironment env) {
    StagePolicies policies = TestStack.testPolicies();
    Worker worker = env.newWorker(TaskQueues.CPU, workerOptions());
    worker.registerWorkflowImplementationFactory(
        AvatarOnboarding.class, () -> new AvatarOnboardingImpl(policies));
    worker.registerWorkflowImplementationFactory(
        BatchOnboarding.class, () -> new BatchOnboardingImpl(policies));
    return worker;
  }

  private static WorkerOptions workerOptions() {
    return WorkerOptions.newBuilder()
        .setDefaultDeadlockDetectionTimeout(TestStack.DEADLOCK_DETECTION_MILLIS)
        .build();
  }

  @Test
  void theRecordedOnboardingReplays() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkflowReplayer.replayWorkflowExecutionFromResource(ONBOARDING, replayWorker(env));
    }
  }

  @Test
  void theRecordedBatchReplays() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkflowReplayer.replayWorkflowExecutionFromResource(BATCH, replayWorker(env));
    }
  }

  /** The check has teeth: an onboarding that runs its stages in another order fails to replay. */
  @Test
  void aReorderedOnboardingDoesNotReplay() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(TaskQueues.CPU, workerOptions());
      worker.registerWorkflowImplementationFactory(
          AvatarOnboarding.class, () -> new SynthesisFirst(TestStack.testPolicies()));
      Exception e =
          assertThrows(
              Exception.class,
              () -> WorkflowReplayer.replayWorkflowExecutionFromResource(ONBOARDING, worker));
      assertTrue(chainMentions(e, "NonDeterministic"), e.toString());
    }
  }

  private static boolean chainMentions(Throwable e, String word) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getName().contains(word) || String.valueOf(t.getMessage()).contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** A deliberately changed workflow: synthesis scheduled first, no events. */
  static final class SynthesisFirst implements AvatarOnboarding {
    private final SynthesisActivities synthesis;

    SynthesisFirst(StagePolicies policies) {
      synthesis =
          Workflow.newActivityStub(SynthesisActivities.class, policies.forStage(Stage.SYNTHESIZE));
    }

    @Override
    public OnboardingResult onboard(OnboardingRequest request) {
      StageOutput out =
          synthesis.synthesize(
              new StageInput(request.key(), Stage.SYNTHESIZE, Map.of(), request.options(), null));
      return new OnboardingResult(request.key(), out.artifacts(), out.metrics());
    }

    @Override
    public JobStatus status() {
      return null;
    }
  }

  /** Records the histories anew (only when asked: {@code -Dpersona.recordHistories=true}). */
  @Test
  @EnabledIfSystemProperty(named = "persona.recordHistories", matches = "true")
  void recordHistories() throws IOException {
    try (TestStack stack = TestStack.create()) {
      stack.stages.on(
          Stage.FIT,
          (in, attempt) -> {
            if (in.key().jobId().equals("photo-2")) {
              throw StageFailures.invalidInput(
                  new InvalidInputException(InvalidInputException.Reason.NO_PERSON, "no person"));
            }
            return FakeStages.produce(in);
          });
      stack.start();
      JobKey key = new JobKey("acme", "replay-job");
      OnboardingRequest request =
          new OnboardingRequest(
              key, FakeStages.ref("mem://acme/replay-job/photo.jpg"), JobOptions.defaults(), null);
      AvatarOnboarding onboarding =
          stack.client.newWorkflowStub(
              AvatarOnboarding.class, OnboardingSubmission.workflowOptions(key));
      WorkflowExecution job = WorkflowClient.start(onboarding::onboard, request);
      stack.client.newUntypedWorkflowStub(key.workflowId()).getResult(OnboardingResult.class);
      save(stack, job, ONBOARDING);

      List<BatchItem> items =
          List.of(
              new BatchItem("photo-1", FakeStages.ref("mem://acme/photo-1.jpg")),
              new BatchItem("photo-2", FakeStages.ref("mem://acme/photo-2.jpg")),
              new BatchItem("photo-3", FakeStages.ref("mem://acme/photo-3.jpg")));
      BatchOnboarding batch =
          stack.client.newWorkflowStub(
              BatchOnboarding.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(BatchRequest.workflowId("acme", "replay-batch"))
                  .setTaskQueue(TaskQueues.CPU)
                  .build());
      WorkflowExecution run =
          WorkflowClient.start(
              batch::run,
              new BatchRequest("acme", "replay-batch", items, JobOptions.defaults(), 2, 0, null));
      stack
          .client
          .newUntypedWorkflowStub(run.getWorkflowId())
          .getResult(dev.persona.workflows.batch.BatchSummary.class);
      save(stack, run, BATCH);
    }
  }

  private static void save(TestStack stack, WorkflowExecution execution, String resource)
      throws IOException {
    Path file = Path.of("src/test/resources").resolve(resource);
    Files.createDirectories(file.getParent());
    Files.writeString(file, stack.env.getWorkflowExecutionHistory(execution).toJson(true));
  }
}
