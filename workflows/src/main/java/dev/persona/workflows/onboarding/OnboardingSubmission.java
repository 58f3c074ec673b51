package dev.persona.workflows.onboarding;

import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobSearchAttributes;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/**
 * How a caller (the CLI, the REST API) starts an avatar job exactly once. The workflow id is the
 * job's tenant-scoped {@link JobKey#workflowId()}: while a run with that id is open, or after one
 * completed, Temporal refuses a second start ({@code WorkflowExecutionAlreadyStarted}) and the
 * caller attaches to the existing run instead; after a failed or cancelled run a new start is
 * allowed, which is how {@code resume} works.
 */
public final class OnboardingSubmission {
  private OnboardingSubmission() {}

  /**
   * A job's start, or the run it found. {@code alreadyStarted} is true when the job was submitted
   * before and {@code execution} is that earlier run (running or completed).
   */
  public record Submitted(WorkflowExecution execution, boolean alreadyStarted) {}

  /**
   * The options of a job's workflow: its id, the workflow task queue, and the reuse policy that
   * refuses a second run of a completed job but lets a failed or cancelled one be resumed.
   */
  public static WorkflowOptions workflowOptions(JobKey key) {
    return builder(key).build();
  }

  /**
   * As {@link #workflowOptions(JobKey)}, with the job's search attributes ({@link
   * JobSearchAttributes}).
   */
  public static WorkflowOptions workflowOptions(OnboardingRequest request) {
    return builder(request.key())
        .setTypedSearchAttributes(JobSearchAttributes.forJob(request.key(), request.batchId()))
        .build();
  }

  private static WorkflowOptions.Builder builder(JobKey key) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(key.workflowId())
        .setTaskQueue(TaskQueues.CPU)
        .setWorkflowIdReusePolicy(
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY);
  }

  /**
   * Starts the job, or attaches to its earlier run when it has one. Follow either with {@code
   * client.newWorkflowStub(AvatarOnboarding.class, execution.getWorkflowId())} for its status, or
   * {@code client.newUntypedWorkflowStub(execution.getWorkflowId()).getResult(...)} for its result.
   */
  public static Submitted submit(WorkflowClient client, OnboardingRequest request) {
    return submit(client, request, false);
  }

  /**
   * As {@link #submit(WorkflowClient, OnboardingRequest)}; with {@code searchAttributes} the run
   * carries the job's search attributes, which the server must have registered.
   */
  public static Submitted submit(
      WorkflowClient client, OnboardingRequest request, boolean searchAttributes) {
    AvatarOnboarding workflow =
        client.newWorkflowStub(
            AvatarOnboarding.class,
            searchAttributes ? workflowOptions(request) : workflowOptions(request.key()));
    try {
      return new Submitted(WorkflowClient.start(workflow::onboard, request), false);
    } catch (WorkflowExecutionAlreadyStarted e) {
      return new Submitted(e.getExecution(), true);
    }
  }
}
