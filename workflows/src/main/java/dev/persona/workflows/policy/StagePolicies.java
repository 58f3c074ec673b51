package dev.persona.workflows.policy;

import dev.persona.workflows.job.Stage;
import dev.persona.workflows.stage.StageFailures;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Every stage's timeouts and retry policy in one place, and the event publisher's. Workflow
 * implementations receive one through their constructor (registered with {@code
 * registerWorkflowImplementationFactory}), so workflow code reads no environment; {@link
 * #defaults()} is production's, and the {@code with...} methods build shorter ones for tests and
 * the embedded stack. The table in docs/workflows.md is this class's defaults.
 *
 * @param stages the policy of every stage
 * @param eventStartToClose the longest one event publication may take (the Kafka acknowledgement)
 * @param eventRetryBudget how long publication is retried before the job fails for want of its
 *     event stream
 */
public record StagePolicies(
    Map<Stage, StagePolicy> stages, Duration eventStartToClose, Duration eventRetryBudget) {

  /**
   * Heartbeat timeout of every stage. The activities heartbeat every few seconds, so 30 s is about
   * ten missed heartbeats before a worker is declared dead; a cancel reaches the activity at its
   * next heartbeat.
   */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

  public StagePolicies {
    Objects.requireNonNull(eventStartToClose, "eventStartToClose");
    Objects.requireNonNull(eventRetryBudget, "eventRetryBudget");
    EnumMap<Stage, StagePolicy> copy = new EnumMap<>(Stage.class);
    copy.putAll(stages);
    for (Stage s : Stage.values()) {
      if (!copy.containsKey(s)) {
        throw new IllegalArgumentException("no policy for stage " + s.id());
      }
    }
    stages = Collections.unmodifiableMap(copy);
  }

  /**
   * Production's policies. Start-to-close bounds one attempt well above the stage's expected time
   * (a hang guard: a dead worker is caught sooner by its heartbeat); the retry budget leaves room
   * for several attempts and for waiting on a busy GPU pool; retries back off from 5 s, doubling,
   * to at most 2 min (CPU) or 5 min (GPU queues, where waiting for a machine is the usual cause).
   */
  public static StagePolicies defaults() {
    Map<Stage, StagePolicy> stages = new EnumMap<>(Stage.class);
    Duration fiveSeconds = Duration.ofSeconds(5);
    stages.put(
        Stage.FIT,
        new StagePolicy(
            Duration.ofMinutes(15),
            DEFAULT_HEARTBEAT,
            Duration.ofHours(1),
            fiveSeconds,
            2.0,
            Duration.ofMinutes(2),
            0));
    stages.put(
        Stage.SYNTHESIZE,
        new StagePolicy(
            Duration.ofHours(3),
            DEFAULT_HEARTBEAT,
            Duration.ofHours(12),
            fiveSeconds,
            2.0,
            Duration.ofMinutes(5),
            0));
    stages.put(
        Stage.TRAIN,
        new StagePolicy(
            Duration.ofHours(6),
            DEFAULT_HEARTBEAT,
            Duration.ofHours(24),
            fiveSeconds,
            2.0,
            Duration.ofMinutes(5),
            0));
    stages.put(
        Stage.PUBLISH,
        new StagePolicy(
            Duration.ofMinutes(30),
            DEFAULT_HEARTBEAT,
            Duration.ofHours(2),
            fiveSeconds,
            2.0,
            Duration.ofMinutes(2),
            0));
    return new StagePolicies(stages, Duration.ofSeconds(10), Duration.ofMinutes(5));
  }

  /** The policy of {@code stage}. */
  public StagePolicy policy(Stage stage) {
    return stages.get(stage);
  }

  /**
   * The activity options of {@code stage}: its task queue, timeouts and retries, the non-retryable
   * failure types ({@link StageFailures#nonRetryableTypes()}) and WAIT_CANCELLATION_COMPLETED, so
   * cancelling the job waits until the activity has seen the cancel at a heartbeat and saved its
   * checkpoint.
   */
  public ActivityOptions forStage(Stage stage) {
    StagePolicy p = policy(stage);
    return ActivityOptions.newBuilder()
        .setTaskQueue(stage.taskQueue())
        .setStartToCloseTimeout(p.startToClose())
        .setHeartbeatTimeout(p.heartbeat())
        .setScheduleToCloseTimeout(p.retryBudget())
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(p.initialInterval())
                .setBackoffCoefficient(p.backoff())
                .setMaximumInterval(p.maximumInterval())
                .setMaximumAttempts(p.maximumAttempts())
                .setDoNotRetry(StageFailures.nonRetryableTypes().toArray(String[]::new))
                .build())
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .build();
  }

  /**
   * The options of the event publisher, a local activity: short attempts retried for {@link
   * #eventRetryBudget()} (a broker that is away that long fails the job rather than leave a gap in
   * its event stream).
   */
  public LocalActivityOptions forEvents() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(eventStartToClose)
        .setScheduleToCloseTimeout(eventRetryBudget)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(10))
                .build())
        .build();
  }

  /** The same policies with {@code change} applied to every stage's. */
  public StagePolicies withEveryStage(UnaryOperator<StagePolicy> change) {
    Map<Stage, StagePolicy> changed = new EnumMap<>(Stage.class);
    stages.forEach((s, p) -> changed.put(s, change.apply(p)));
    return new StagePolicies(changed, eventStartToClose, eventRetryBudget);
  }

  /** The same policies with {@code stage}'s replaced. */
  public StagePolicies withStage(Stage stage, StagePolicy policy) {
    Map<Stage, StagePolicy> changed = new EnumMap<>(stages);
    changed.put(stage, policy);
    return new StagePolicies(changed, eventStartToClose, eventRetryBudget);
  }

  /** Every stage with this heartbeat timeout (start-to-close raised to it where shorter). */
  public StagePolicies withHeartbeatTimeout(Duration heartbeat) {
    return withEveryStage(
        p ->
            (heartbeat.compareTo(p.startToClose()) > 0 ? p.withStartToClose(heartbeat) : p)
                .withHeartbeat(heartbeat));
  }

  /** Every stage with this retry budget (schedule-to-close). */
  public StagePolicies withRetryBudget(Duration budget) {
    return withEveryStage(p -> p.withRetryBudget(budget));
  }

  /** Every stage with at most this many attempts (0: as many as the retry budget allows). */
  public StagePolicies withMaximumAttempts(int attempts) {
    return withEveryStage(p -> p.withMaximumAttempts(attempts));
  }

  /** Every stage retrying after {@code initial}, growing to at most {@code maximum}. */
  public StagePolicies withRetryIntervals(Duration initial, Duration maximum) {
    return withEveryStage(p -> p.withRetryIntervals(initial, maximum));
  }
}
