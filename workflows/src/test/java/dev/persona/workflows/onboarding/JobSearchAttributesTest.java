package dev.persona.workflows.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.persona.workflows.batch.BatchItem;
import dev.persona.workflows.batch.BatchOnboarding;
import dev.persona.workflows.batch.BatchRequest;
import dev.persona.workflows.batch.BatchSummary;
import dev.persona.workflows.fakes.FakeStages;
import dev.persona.workflows.fakes.TestStack;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.JobSearchAttributes;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.job.TaskQueues;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Search attributes: a job started with them ends with its tenant, job id and last stage
 * searchable, a batch hands them to its children, and a job started without them never upserts one
 * (on a server that does not know them, an upsert would fail every workflow task).
 */
@Timeout(120)
class JobSearchAttributesTest {
  static void register(TestStack stack) {
    JobSearchAttributes.definitions().forEach(stack.env::registerSearchAttribute);
  }

  static SearchAttributes of(TestStack stack, String workflowId) {
    return stack.client.newUntypedWorkflowStub(workflowId).describe().getTypedSearchAttributes();
  }

  @Test
  void aJobStartedWithAttributesEndsWithItsTenantJobAndLastStage() {
    try (TestStack stack = TestStack.create()) {
      register(stack);
      stack.start();
      JobKey key = new JobKey("acme", "searchable-1");
      OnboardingRequest request =
          new OnboardingRequest(
              key,
              FakeStages.ref("mem://acme/searchable-1/photo.jpg"),
              JobOptions.defaults(),
              null);
      OnboardingSubmission.submit(stack.client, request, true);
      stack.client.newUntypedWorkflowStub(key.workflowId()).getResult(Object.class);

      SearchAttributes attributes = of(stack, key.workflowId());
      assertEquals("acme", attributes.get(JobSearchAttributes.TENANT));
      assertEquals("searchable-1", attributes.get(JobSearchAttributes.JOB_ID));
      assertEquals(Stage.PUBLISH.name(), attributes.get(JobSearchAttributes.STAGE));
      assertFalse(attributes.containsKey(JobSearchAttributes.BATCH_ID));
    }
  }

  @Test
  void aJobStartedWithoutAttributesCompletesOnAServerThatDoesNotKnowThem() {
    try (TestStack stack = TestStack.create().start()) {
      JobKey key = new JobKey("acme", "plain-1");
      OnboardingRequest request =
          new OnboardingRequest(
              key, FakeStages.ref("mem://acme/plain-1/photo.jpg"), JobOptions.defaults(), null);
      OnboardingSubmission.submit(stack.client, request);
      stack.client.newUntypedWorkflowStub(key.workflowId()).getResult(Object.class);
      assertFalse(of(stack, key.workflowId()).containsKey(JobSearchAttributes.STAGE));
    }
  }

  @Test
  void aBatchWithAttributesGivesEachChildItsBatchId() {
    try (TestStack stack = TestStack.create()) {
      register(stack);
      stack.start();
      List<BatchItem> items =
          List.of(
              new BatchItem("item-0", FakeStages.ref("mem://acme/item-0/photo.jpg")),
              new BatchItem("item-1", FakeStages.ref("mem://acme/item-1/photo.jpg")));
      BatchOnboarding batch =
          stack.client.newWorkflowStub(
              BatchOnboarding.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(BatchRequest.workflowId("acme", "b-search"))
                  .setTaskQueue(TaskQueues.CPU)
                  .setTypedSearchAttributes(JobSearchAttributes.forBatch("acme", "b-search"))
                  .build());
      BatchSummary summary =
          batch.run(new BatchRequest("acme", "b-search", items, JobOptions.defaults(), 2, 0, null));
      assertEquals(2, summary.completed());
      for (BatchItem item : items) {
        SearchAttributes child = of(stack, new JobKey("acme", item.jobId()).workflowId());
        assertEquals("b-search", child.get(JobSearchAttributes.BATCH_ID));
        assertEquals(item.jobId(), child.get(JobSearchAttributes.JOB_ID));
        assertEquals(Stage.PUBLISH.name(), child.get(JobSearchAttributes.STAGE));
      }
    }
  }
}
