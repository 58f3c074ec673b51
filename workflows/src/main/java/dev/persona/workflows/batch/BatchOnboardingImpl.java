package dev.persona.workflows.batch;

import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventActivities;
import dev.persona.workflows.events.JobEvents;
import dev.persona.workflows.job.FailureReason;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobSearchAttributes;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.TaskQueues;
import dev.persona.workflows.onboarding.AvatarOnboarding;
import dev.persona.workflows.policy.StagePolicies;
import dev.persona.workflows.stage.StageFailures;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;

/**
 * A batch of avatar jobs: each item becomes a child {@link AvatarOnboarding} whose workflow id is
 * the item's {@link JobKey#workflowId()}, on {@link TaskQueues#CPU}, with at most {@code
 * concurrency} running at once. A child that fails or is cancelled is recorded in the summary with
 * its failure type; the batch goes on. Each ended child publishes a {@code batch.progress} event.
 *
 * <p>After {@code childrenPerRun} children have been started in one run, the workflow waits for the
 * ones still running and continues as new with {@code nextIndex} and the summary so far, so its
 * history stays small however long the batch (docs/workflows.md).
 */
public final class BatchOnboardingImpl implements BatchOnboarding {
  /** Children started per run before continuing as new. */
  public static final int DEFAULT_CHILDREN_PER_RUN = 200;

  /**
   * Longest failure message a summary keeps per job: the summary is the continue-as-new input and
   * the result, both held under Temporal's 2 MB payload limit (see {@link BatchRequest#MAX_ITEMS}).
   */
  static final int MAX_FAILURE_MESSAGE = 200;

  private static final Logger log = Workflow.getLogger(BatchOnboardingImpl.class);

  private final JobEventActivities events;
  private final int childrenPerRun;

  private String tenant;
  private String batchId;
  private String runId;
  private int total;
  private int completed;
  private int failed;
  private int cancelled;
  private final List<BatchFailure> failures = new ArrayList<>();

  /** Called by the worker's workflow factory, inside the workflow's context. */
  public BatchOnboardingImpl(StagePolicies policies, int childrenPerRun) {
    if (childrenPerRun < 1) {
      throw new IllegalArgumentException("childrenPerRun must be >= 1, got " + childrenPerRun);
    }
    this.events = Workflow.newLocalActivityStub(JobEventActivities.class, policies.forEvents());
    this.childrenPerRun = childrenPerRun;
  }

  public BatchOnboardingImpl(StagePolicies policies) {
    this(policies, DEFAULT_CHILDREN_PER_RUN);
  }

  @Override
  public BatchSummary run(BatchRequest request) {
    tenant = request.tenant();
    batchId = request.batchId();
    runId = Workflow.getInfo().getRunId();
    total = request.items().size();
    BatchSummary soFar = request.soFar();
    if (soFar != null) {
      completed = soFar.completed();
      failed = soFar.failed();
      cancelled = soFar.cancelled();
      failures.addAll(soFar.failures());
    }

    List<RunningChild> running = new ArrayList<>();
    int next = request.nextIndex();
    int startedThisRun = 0;
    while (true) {
      while (running.size() < request.concurrency()
          && next < total
          && startedThisRun < childrenPerRun
          && !CancellationScope.current().isCancelRequested()) {
        BatchItem item = request.items().get(next++);
        startedThisRun++;
        RunningChild child = start(item, request);
        if (child != null) {
          running.add(child);
        }
      }
      if (running.isEmpty()) {
        break;
      }
      List<Promise<ChildOutcome>> outcomes = new ArrayList<>(running.size());
      for (RunningChild r : running) {
        outcomes.add(r.outcome());
      }
      Promise.anyOf(outcomes).get();
      // Children that ended together are recorded in start order, so a replay sees the same.
      for (Iterator<RunningChild> it = running.iterator(); it.hasNext(); ) {
        RunningChild r = it.next();
        if (r.outcome().isCompleted()) {
          it.remove();
          record(r.outcome().get());
        }
      }
    }

    if (CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("batch " + batchId + " cancelled", null);
    }
    if (next < total) {
      Workflow.continueAsNew(
          new BatchRequest(
              tenant,
              batchId,
              request.items(),
              request.options(),
              request.concurrency(),
              next,
              progress()));
    }
    return progress();
  }

  @Override
  public BatchSummary progress() {
    return new BatchSummary(batchId, total, completed, failed, cancelled, failures);
  }

  /** Starts the child of {@code item}; an item whose job id is not valid fails without one. */
  private RunningChild start(BatchItem item, BatchRequest request) {
    JobKey key;
    try {
      key = new JobKey(tenant, item.jobId());
    } catch (IllegalArgumentException e) {
      record(
          ChildOutcome.failed(
              item.jobId(),
              new FailureReason(StageFailures.INVALID_INPUT + ".MALFORMED", e.getMessage())));
      return null;
    }
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(key.workflowId())
            .setTaskQueue(TaskQueues.CPU)
            // A job that completed is never run twice; a failed or cancelled one may be resumed.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY);
    // Children carry search attributes only when the batch does (the server has them then).
    if (Workflow.getTypedSearchAttributes().containsKey(JobSearchAttributes.TENANT)) {
      options.setTypedSearchAttributes(JobSearchAttributes.forJob(key, batchId));
    }
    AvatarOnboarding child = Workflow.newChildWorkflowStub(AvatarOnboarding.class, options.build());
    OnboardingRequest onboarding =
        new OnboardingRequest(key, item.photo(), request.options(), batchId);
    Promise<ChildOutcome> outcome =
        Async.function(child::onboard, onboarding)
            .handle(
                (result, failure) ->
                    failure == null
                        ? ChildOutcome.succeeded(item.jobId())
                        : ChildOutcome.of(item.jobId(), failure));
    return new RunningChild(item.jobId(), outcome);
  }

  private void record(ChildOutcome outcome) {
    if (outcome.failure() == null) {
      completed++;
    } else {
      if (outcome.cancelled()) {
        cancelled++;
      } else {
        failed++;
      }
      String message = outcome.failure().message();
      if (message.length() > MAX_FAILURE_MESSAGE) {
        message = message.substring(0, MAX_FAILURE_MESSAGE - 3) + "...";
      }
      failures.add(new BatchFailure(outcome.jobId(), outcome.failure().type(), message));
    }
    publishProgress();
  }

  private void publishProgress() {
    JobEvent event =
        JobEvents.batchProgress(
            tenant,
            batchId,
            runId,
            total,
            completed,
            failed,
            cancelled,
            Workflow.currentTimeMillis());
    if (CancellationScope.current().isCancelRequested()) {
      // A cancelled batch still reports its children's ends; its own scope can no longer run them.
      Workflow.newDetachedCancellationScope(() -> publishBestEffort(event)).run();
    } else {
      events.publishEvent(event);
    }
  }

  private void publishBestEffort(JobEvent event) {
    try {
      events.publishEvent(event);
    } catch (ActivityFailure e) {
      log.warn("could not publish {}: {}", event.id(), e.getMessage());
    }
  }

  private record RunningChild(String jobId, Promise<ChildOutcome> outcome) {}

  /** How one child ended: {@code failure} null when it completed. */
  private record ChildOutcome(String jobId, boolean cancelled, FailureReason failure) {
    static ChildOutcome succeeded(String jobId) {
      return new ChildOutcome(jobId, false, null);
    }

    static ChildOutcome failed(String jobId, FailureReason failure) {
      return new ChildOutcome(jobId, false, failure);
    }

    static ChildOutcome of(String jobId, Throwable failure) {
      Throwable cause = failure instanceof ChildWorkflowFailure ? failure.getCause() : failure;
      if (cause instanceof CanceledFailure) {
        return new ChildOutcome(
            jobId,
            true,
            new FailureReason(StageFailures.CANCELLED, "job " + jobId + " was cancelled"));
      }
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (t instanceof WorkflowExecutionAlreadyStarted) {
          return failed(
              jobId,
              new FailureReason(
                  StageFailures.ALREADY_STARTED,
                  "job " + jobId + " already has a run that may not be repeated"));
        }
      }
      return failed(jobId, FailureReason.of("job " + jobId, failure));
    }
  }
}
