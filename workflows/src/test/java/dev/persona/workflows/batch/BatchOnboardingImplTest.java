package dev.persona.workflows.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.job.TaskQueues;
import dev.persona.workflows.stage.StageFailures;
import io.temporal.activity.Activity;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.CanceledFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchOnboardingImplTest {
  private static final String TENANT = "acme";

  private static List<BatchItem> items(int n) {
    List<BatchItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String jobId = String.format("job-%02d", i);
      items.add(new BatchItem(jobId, FakeStages.ref("mem://acme/" + jobId + "/photo.jpg")));
    }
    return items;
  }

  private static BatchRequest request(String batchId, List<BatchItem> items, int concurrency) {
    return new BatchRequest(TENANT, batchId, items, JobOptions.defaults(), concurrency, 0, null);
  }

  private static BatchOnboarding stub(TestStack stack, String batchId) {
    return stack.client.newWorkflowStub(
        BatchOnboarding.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(BatchRequest.workflowId(TENANT, batchId))
            .setTaskQueue(TaskQueues.CPU)
            .build());
  }

  /**
   * Counts the jobs between their first stage's start and their last stage's end. A child workflow
   * runs longer than that span, so the observed maximum never exceeds the children running at once.
   */
  private static final class JobsInFlight {
    final Set<String> active = ConcurrentHashMap.newKeySet();
    final AtomicInteger max = new AtomicInteger();

    void enter(String jobId) {
      active.add(jobId);
      max.accumulateAndGet(active.size(), Math::max);
    }

    void leave(String jobId) {
      active.remove(jobId);
    }
  }

  @Test
  void twentyJobsRunAtMostFourAtATimeAndTwoFailuresAreRecorded() {
    JobsInFlight inFlight = new JobsInFlight();
    try (TestStack stack = TestStack.create()) {
      stack.stages.on(
          Stage.FIT,
          (in, attempt) -> {
            String job = in.key().jobId();
            inFlight.enter(job);
            // Long enough for the other children of a wave to start theirs.
            Thread.sleep(100);
            if (job.equals("job-03")) {
              inFlight.leave(job);
              throw StageFailures.invalidInput(
                  new InvalidInputException(InvalidInputException.Reason.NO_PERSON, "no person"));
            }
            return FakeStages.produce(in);
          });
      stack.stages.on(
          Stage.TRAIN,
          (in, attempt) -> {
            if (in.key().jobId().equals("job-11")) {
              inFlight.leave(in.key().jobId());
              throw StageFailures.unavailable("training is not part of this build");
            }
            return FakeStages.produce(in);
          });
      stack.stages.on(
          Stage.PUBLISH,
          (in, attempt) -> {
            inFlight.leave(in.key().jobId());
            return FakeStages.produce(in);
          });
      stack.start();

      BatchSummary summary = stub(stack, "b1").run(request("b1", items(20), 4));

      assertEquals("b1", summary.batchId());
      assertEquals(20, summary.total());
      assertEquals(18, summary.completed());
      assertEquals(2, summary.failed());
      assertEquals(0, summary.cancelled());
      assertEquals(0, summary.running());
      Map<String, String> failureTypes = new TreeMap<>();
      for (BatchFailure f : summary.failures()) {
        failureTypes.put(f.jobId(), f.failureType());
      }
      assertEquals(
          Map.of("job-03", "InvalidInput.NO_PERSON", "job-11", StageFailures.STAGE_UNAVAILABLE),
          failureTypes);

      assertTrue(inFlight.max.get() <= 4, "at most 4 at once, saw " + inFlight.max.get());
      assertEquals(4, inFlight.max.get(), "the bound is reached");
      assertEquals(20, stack.stages.calls(Stage.FIT).size());
      assertEquals(18, stack.stages.calls(Stage.PUBLISH).size());
      // Each child is the job's own onboarding, under its tenant-scoped workflow id.
      for (FakeStages.Call c : stack.stages.calls(Stage.PUBLISH)) {
        assertEquals(TENANT, c.input().key().tenant());
        assertEquals("b1", c.input().batchId());
      }
      assertEquals(
          20, stack.events.ofType(JobEventType.JOB_ACCEPTED).size(), "one onboarding per item");

      List<JobEvent> progress = stack.events.of(BatchRequest.workflowId(TENANT, "b1"));
      assertEquals(20, progress.size(), "one batch.progress per ended child");
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < progress.size(); i++) {
        JobEvent e = progress.get(i);
        assertEquals(JobEventType.BATCH_PROGRESS, e.type());
        assertTrue(ids.add(e.id()));
        int ended =
            ((Number) e.data().get("completed")).intValue()
                + ((Number) e.data().get("failed")).intValue()
                + ((Number) e.data().get("cancelled")).intValue();
        assertEquals(i + 1, ended);
      }
      assertEquals(2, ((Number) progress.getLast().data().get("failed")).intValue());
    }
  }

  @Test
  void continueAsNewEveryFiveChildrenStillGivesTheWholeSummary() {
    try (TestStack stack = TestStack.create(TestStack.testPolicies(), 5)) {
      stack.stages.on(
          Stage.SYNTHESIZE,
          (in, attempt) -> {
            if (in.key().jobId().equals("job-07")) {
              throw StageFailures.unavailable("no synthesis backend");
            }
            return FakeStages.produce(in);
          });
      stack.start();
      BatchOnboarding batch = stub(stack, "b2");
      WorkflowExecution first = WorkflowClient.start(batch::run, request("b2", items(12), 3));
      BatchSummary summary =
          stack
              .client
              .newUntypedWorkflowStub(BatchRequest.workflowId(TENANT, "b2"))
              .getResult(BatchSummary.class);

      assertEquals(new BatchSummary("b2", 12, 11, 1, 0, summary.failures()), summary);
      assertEquals(1, summary.failures().size());
      assertEquals("job-07", summary.failures().getFirst().jobId());
      assertEquals(12, stack.stages.calls(Stage.FIT).size(), "every item ran exactly once");

      // 12 children at 5 per run: three runs, the first ended by continue-as-new.
      Set<String> runs = new HashSet<>();
      for (JobEvent e : stack.events.of(BatchRequest.workflowId(TENANT, "b2"))) {
        runs.add(e.id().split("/")[3]);
      }
      assertEquals(3, runs.size(), "runs seen in the batch.progress ids: " + runs);
      List<EventType> firstRun =
          stack.env.getWorkflowExecutionHistory(first).getEvents().stream()
              .map(h -> h.getEventType())
              .toList();
      assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, firstRun.getLast());
    }
  }

  @Test
  void aJobIdThatIsNotAValidNameFailsItsItemWithoutStoppingTheBatch() {
    try (TestStack stack = TestStack.create().start()) {
      List<BatchItem> items = new ArrayList<>(items(2));
      items.add(new BatchItem("bad/id", FakeStages.ref("mem://acme/bad/photo.jpg")));
      BatchSummary summary = stub(stack, "b3").run(request("b3", items, 2));
      assertEquals(2, summary.completed());
      assertEquals(1, summary.failed());
      assertEquals("InvalidInput.MALFORMED", summary.failures().getFirst().failureType());
    }
  }

  @Test
  void cancellingTheBatchCancelsItsRunningChildrenAndStartsNoMore() throws InterruptedException {
    CountDownLatch bothTraining = new CountDownLatch(2);
    try (TestStack stack = TestStack.create()) {
      stack.stages.on(
          Stage.TRAIN,
          (in, attempt) -> {
            bothTraining.countDown();
            for (int i = 0; i < 2_000; i++) {
              Activity.getExecutionContext().heartbeat(null);
              Thread.sleep(10);
            }
            return FakeStages.produce(in);
          });
      stack.start();
      BatchOnboarding batch = stub(stack, "b4");
      WorkflowClient.start(batch::run, request("b4", items(6), 2));
      assertTrue(bothTraining.await(20, TimeUnit.SECONDS));

      WorkflowStub untyped = WorkflowStub.fromTyped(batch);
      untyped.cancel();
      WorkflowFailedException e =
          assertThrows(WorkflowFailedException.class, () -> untyped.getResult(BatchSummary.class));
      assertInstanceOf(CanceledFailure.class, e.getCause());

      BatchSummary summary = batch.progress();
      assertEquals(2, summary.cancelled());
      assertEquals(0, summary.completed() + summary.failed());
      assertEquals(
          List.of(StageFailures.CANCELLED, StageFailures.CANCELLED),
          summary.failures().stream().map(BatchFailure::failureType).toList());
      assertEquals(2, stack.stages.calls(Stage.FIT).size(), "no child started after the cancel");
      assertEquals(2, stack.events.ofType(JobEventType.JOB_CANCELLED).size());
      assertEquals(2, stack.events.of(BatchRequest.workflowId(TENANT, "b4")).size());
    }
  }

  @Test
  void anItemWhoseJobAlreadyCompletedIsNotRunAgain() {
    try (TestStack stack = TestStack.create().start()) {
      BatchSummary first = stub(stack, "b5").run(request("b5", items(1), 1));
      assertEquals(1, first.completed());
      BatchSummary second = stub(stack, "b6").run(request("b6", items(2), 2));
      assertEquals(1, second.completed());
      assertEquals(1, second.failed());
      assertEquals("job-00", second.failures().getFirst().jobId());
      assertEquals(StageFailures.ALREADY_STARTED, second.failures().getFirst().failureType());
      assertEquals(2, stack.stages.calls(Stage.FIT).size(), "job-00 ran once, job-01 once");
    }
  }

  @Test
  void theLargestBatchAndItsWorstSummaryFitWellUnderTheTwoMegabytePayloadLimit() {
    List<BatchItem> items = new ArrayList<>();
    List<BatchFailure> failures = new ArrayList<>();
    for (int i = 0; i < BatchRequest.MAX_ITEMS; i++) {
      // Long but realistic: a 128-character job id and an s3 URI with tenant, job and sha256.
      String jobId = (String.format("job-%04d-", i) + "p".repeat(128)).substring(0, 128);
      String uri = "s3://persona-artifacts-production/tenants/acme-corporation/photos/" + jobId;
      items.add(new BatchItem(jobId, new ArtifactRef(uri, "a".repeat(64), 12_345_678)));
      failures.add(
          new BatchFailure(
              jobId,
              "InvalidInput.PERSON_CUT_OFF",
              "x".repeat(BatchOnboardingImpl.MAX_FAILURE_MESSAGE)));
    }
    BatchSummary worst =
        new BatchSummary("b", BatchRequest.MAX_ITEMS, 0, BatchRequest.MAX_ITEMS, 0, failures);
    BatchRequest continued =
        new BatchRequest(
            TENANT, "b", items, JobOptions.defaults(), 4, BatchRequest.MAX_ITEMS / 2, worst);
    long bytes =
        DefaultDataConverter.newDefaultInstance()
            .toPayload(continued)
            .orElseThrow()
            .getData()
            .size();
    // Temporal refuses payloads over 2 MB (blob size limit); half of it leaves room for growth.
    assertTrue(bytes < 1_000_000, "continue-as-new input of " + bytes + " bytes");
    System.out.println("largest batch's continue-as-new input: " + bytes + " bytes");

    List<BatchItem> tooMany = new ArrayList<>(items);
    tooMany.add(items.getFirst());
    assertThrows(IllegalArgumentException.class, () -> request("b", tooMany, 4));
    new JobKey(TENANT, items.getFirst().jobId());
  }
}
