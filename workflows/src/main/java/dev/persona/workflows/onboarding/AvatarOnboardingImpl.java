package dev.persona.workflows.onboarding;

import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventActivities;
import dev.persona.workflows.events.JobEvents;
import dev.persona.workflows.job.FailureReason;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.JobSearchAttributes;
import dev.persona.workflows.job.JobState;
import dev.persona.workflows.job.JobStatus;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.OnboardingResult;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.policy.StagePolicies;
import dev.persona.workflows.stage.FitActivities;
import dev.persona.workflows.stage.PublishActivities;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageFailures;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import dev.persona.workflows.stage.SynthesisActivities;
import dev.persona.workflows.stage.TrainingActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The onboarding of one avatar: FIT(photo) -> fit, SYNTHESIZE(fit) -> video, TRAIN(video) ->
 * avatar, PUBLISH(fit, video, avatar) -> result and metrics, each stage an activity on its own task
 * queue with its own {@link StagePolicies} options, each announced by {@code stage.started} and
 * {@code stage.completed} events (docs/workflows.md has the sequence).
 *
 * <p>Workflow code only: no clock but {@link Workflow#currentTimeMillis()}, no I/O but activities,
 * so a replay takes the same path. A failed stage fails the job with a non-retryable {@code
 * ApplicationFailure} of the stage's failure type after a {@code job.failed} event; a cancelled job
 * publishes {@code job.cancelled} from a detached scope and ends cancelled.
 */
public final class AvatarOnboardingImpl implements AvatarOnboarding {
  private static final Logger log = Workflow.getLogger(AvatarOnboardingImpl.class);

  private final FitActivities fit;
  private final SynthesisActivities synthesis;
  private final TrainingActivities training;
  private final PublishActivities publishing;
  private final JobEventActivities events;

  private JobKey key;
  private JobOptions options;
  private String batchId;
  private String runId;
  private JobState state = JobState.RUNNING;
  private Stage current;
  private final List<Stage> completedStages = new ArrayList<>();
  private final List<Stage> cachedStages = new ArrayList<>();
  private FailureReason failure;

  /** Called by the worker's workflow factory, inside the workflow's context. */
  public AvatarOnboardingImpl(StagePolicies policies) {
    fit = Workflow.newActivityStub(FitActivities.class, policies.forStage(Stage.FIT));
    synthesis =
        Workflow.newActivityStub(SynthesisActivities.class, policies.forStage(Stage.SYNTHESIZE));
    training = Workflow.newActivityStub(TrainingActivities.class, policies.forStage(Stage.TRAIN));
    publishing =
        Workflow.newActivityStub(PublishActivities.class, policies.forStage(Stage.PUBLISH));
    events = Workflow.newLocalActivityStub(JobEventActivities.class, policies.forEvents());
  }

  @Override
  public OnboardingResult onboard(OnboardingRequest request) {
    key = request.key();
    options = request.options();
    batchId = request.batchId();
    runId = Workflow.getInfo().getRunId();
    try {
      publish(JobEvents.accepted(key, runId, batchId, request.photo(), now()));
      Map<String, ArtifactRef> artifacts = new TreeMap<>();

      StageOutput fitted =
          runStage(Stage.FIT, Map.of(StageArtifacts.PHOTO, request.photo()), fit::fit);
      ArtifactRef fitRef = produced(Stage.FIT, fitted, StageArtifacts.FIT);
      artifacts.putAll(fitted.artifacts());

      StageOutput video =
          runStage(Stage.SYNTHESIZE, Map.of(StageArtifacts.FIT, fitRef), synthesis::synthesize);
      ArtifactRef videoRef = produced(Stage.SYNTHESIZE, video, StageArtifacts.VIDEO);
      artifacts.putAll(video.artifacts());

      StageOutput avatar =
          runStage(Stage.TRAIN, Map.of(StageArtifacts.VIDEO, videoRef), training::train);
      ArtifactRef avatarRef = produced(Stage.TRAIN, avatar, StageArtifacts.AVATAR);
      artifacts.putAll(avatar.artifacts());

      Map<String, ArtifactRef> publishInputs = new LinkedHashMap<>();
      publishInputs.put(StageArtifacts.FIT, fitRef);
      publishInputs.put(StageArtifacts.VIDEO, videoRef);
      publishInputs.put(StageArtifacts.AVATAR, avatarRef);
      StageOutput published = runStage(Stage.PUBLISH, publishInputs, publishing::publish);
      produced(Stage.PUBLISH, published, StageArtifacts.RESULT);
      artifacts.putAll(published.artifacts());

      // Every stage's figures (fit error, training loss, photo PSNR...): names are stage-prefixed
      // or unique, so merging loses nothing.
      Map<String, Double> metrics = new TreeMap<>();
      for (StageOutput out : new StageOutput[] {fitted, video, avatar, published}) {
        metrics.putAll(out.metrics());
      }
      current = null;
      publish(JobEvents.jobCompleted(key, runId, batchId, artifacts, metrics, now()));
      state = JobState.COMPLETED;
      return new OnboardingResult(key, artifacts, metrics);
    } catch (CanceledFailure e) {
      throw cancelled(e);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure c) {
        throw cancelled(c);
      }
      if (CancellationScope.current().isCancelRequested()) {
        throw cancelled(new CanceledFailure("job cancelled", null));
      }
      throw failed(FailureReason.of(where(), e), e);
    } catch (ApplicationFailure e) {
      throw failed(new FailureReason(e.getType(), e.getOriginalMessage()), e);
    }
  }

  @Override
  public JobStatus status() {
    return new JobStatus(
        key,
        state,
        current,
        completedStages,
        cachedStages,
        failure == null ? null : failure.type(),
        failure == null ? null : failure.message());
  }

  private StageOutput runStage(
      Stage stage,
      Map<String, ArtifactRef> inputs,
      Functions.Func1<StageInput, StageOutput> activity) {
    current = stage;
    // Only a run started with the attributes upserts them: the server may not know them otherwise.
    if (Workflow.getTypedSearchAttributes().containsKey(JobSearchAttributes.TENANT)) {
      Workflow.upsertTypedSearchAttributes(JobSearchAttributes.STAGE.valueSet(stage.name()));
    }
    publish(JobEvents.stageStarted(key, runId, batchId, stage, now()));
    StageOutput output = activity.apply(new StageInput(key, stage, inputs, options, batchId));
    completedStages.add(stage);
    if (output.cached()) {
      cachedStages.add(stage);
    }
    publish(
        JobEvents.stageCompleted(
            key, runId, batchId, stage, output.cached(), output.artifacts(), now()));
    return output;
  }

  /**
   * The artifact {@code name} a stage must produce; its absence is the stage's bug, not input's.
   */
  private static ArtifactRef produced(Stage stage, StageOutput output, String name) {
    ArtifactRef ref = output.artifacts().get(name);
    if (ref == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          stage.id()
              + " produced no '"
              + name
              + "' artifact (it produced "
              + output.artifacts().keySet()
              + ")",
          StageFailures.STAGE_OUTPUT_MISSING);
    }
    return ref;
  }

  private String where() {
    return current == null ? "job events" : "stage " + current.id();
  }

  private ApplicationFailure failed(FailureReason reason, Exception cause) {
    Stage at = current;
    state = JobState.FAILED;
    failure = reason;
    current = null;
    publishBestEffort(
        JobEvents.jobFailed(key, runId, batchId, at, reason.type(), reason.message(), now()));
    return ApplicationFailure.newNonRetryableFailureWithCause(
        reason.message(), reason.type(), cause);
  }

  private CanceledFailure cancelled(CanceledFailure cancel) {
    Stage at = current;
    state = JobState.CANCELLED;
    current = null;
    // The workflow's own scope is cancelled, so its event must go out from a detached one.
    Workflow.newDetachedCancellationScope(
            () -> publishBestEffort(JobEvents.jobCancelled(key, runId, batchId, at, now())))
        .run();
    return cancel;
  }

  private void publish(JobEvent event) {
    events.publishEvent(event);
  }

  /**
   * The last event of a failed or cancelled job: if the event stream itself is what failed, the job
   * still ends with its own reason (the workflow's result carries it) rather than the publisher's.
   */
  private void publishBestEffort(JobEvent event) {
    try {
      events.publishEvent(event);
    } catch (ActivityFailure e) {
      log.warn("could not publish {}: {}", event.id(), e.getMessage());
    }
  }

  private static long now() {
    return Workflow.currentTimeMillis();
  }
}
