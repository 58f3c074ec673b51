package dev.persona.workflows.onboarding;

import dev.persona.workflows.job.JobStatus;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.OnboardingResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One avatar: FIT, SYNTHESIZE, TRAIN, PUBLISH, each a stage activity on its own task queue. The
 * workflow id is {@code JobKey.workflowId()}. Cancelling the workflow cancels the running activity
 * through its heartbeats.
 */
@WorkflowInterface
public interface AvatarOnboarding {
  @WorkflowMethod
  OnboardingResult onboard(OnboardingRequest request);

  @QueryMethod
  JobStatus status();
}
