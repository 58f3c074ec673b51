package dev.persona.workflows.batch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Many avatars: child onboarding workflows with bounded concurrency; a failed child is recorded,
 * not fatal; continue-as-new every few hundred children keeps the history small; the summary is the
 * result.
 */
@WorkflowInterface
public interface BatchOnboarding {
  @WorkflowMethod
  BatchSummary run(BatchRequest request);

  @QueryMethod
  BatchSummary progress();
}
