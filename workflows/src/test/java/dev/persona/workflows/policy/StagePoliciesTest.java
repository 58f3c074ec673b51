package dev.persona.workflows.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.workflows.job.Stage;
import dev.persona.workflows.job.TaskQueues;
import dev.persona.workflows.stage.StageFailures;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagePoliciesTest {
  @Test
  void everyStageRunsOnItsQueueWithHeartbeatsABudgetAndCancellationThatWaits() {
    StagePolicies defaults = StagePolicies.defaults();
    Map<Stage, String> queues =
        Map.of(
            Stage.FIT, TaskQueues.CPU,
            Stage.SYNTHESIZE, TaskQueues.DIFFUSION_GPU,
            Stage.TRAIN, TaskQueues.SPLAT_GPU,
            Stage.PUBLISH, TaskQueues.CPU);
    for (Stage s : Stage.values()) {
      ActivityOptions o = defaults.forStage(s);
      assertEquals(queues.get(s), o.getTaskQueue(), s.id());
      assertEquals(Duration.ofSeconds(30), o.getHeartbeatTimeout(), s.id());
      assertTrue(o.getStartToCloseTimeout().compareTo(o.getHeartbeatTimeout()) > 0);
      assertTrue(o.getScheduleToCloseTimeout().compareTo(o.getStartToCloseTimeout()) > 0);
      assertEquals(
          ActivityCancellationType.WAIT_CANCELLATION_COMPLETED, o.getCancellationType(), s.id());
      List<String> doNotRetry = List.of(o.getRetryOptions().getDoNotRetry());
      assertEquals(StageFailures.nonRetryableTypes(), doNotRetry);
      assertTrue(doNotRetry.contains("InvalidInput.NO_PERSON"));
      assertTrue(doNotRetry.contains(StageFailures.STAGE_UNAVAILABLE));
      assertEquals(2.0, o.getRetryOptions().getBackoffCoefficient());
      assertEquals(0, o.getRetryOptions().getMaximumAttempts(), "bounded by the budget instead");
    }
    assertEquals(Duration.ofHours(6), defaults.forStage(Stage.TRAIN).getStartToCloseTimeout());
    assertEquals(Duration.ofHours(24), defaults.forStage(Stage.TRAIN).getScheduleToCloseTimeout());
    assertEquals(Duration.ofHours(1), defaults.forStage(Stage.FIT).getScheduleToCloseTimeout());
  }

  @Test
  void shorterPoliciesForTestsChangeEveryStage() {
    StagePolicies p =
        StagePolicies.defaults()
            .withHeartbeatTimeout(Duration.ofSeconds(2))
            .withRetryBudget(Duration.ofMinutes(1))
            .withMaximumAttempts(3)
            .withRetryIntervals(Duration.ofMillis(10), Duration.ofMillis(100));
    for (Stage s : Stage.values()) {
      ActivityOptions o = p.forStage(s);
      assertEquals(Duration.ofSeconds(2), o.getHeartbeatTimeout());
      assertEquals(Duration.ofMinutes(1), o.getScheduleToCloseTimeout());
      assertEquals(3, o.getRetryOptions().getMaximumAttempts());
      assertEquals(Duration.ofMillis(10), o.getRetryOptions().getInitialInterval());
      assertEquals(Duration.ofMillis(100), o.getRetryOptions().getMaximumInterval());
      assertEquals(
          StagePolicies.defaults().forStage(s).getStartToCloseTimeout(),
          o.getStartToCloseTimeout());
    }
    StagePolicy train = p.policy(Stage.TRAIN).withRetryBudget(Duration.ofHours(2));
    assertEquals(
        Duration.ofHours(2),
        p.withStage(Stage.TRAIN, train).forStage(Stage.TRAIN).getScheduleToCloseTimeout());
    assertEquals(
        Duration.ofMinutes(1),
        p.withStage(Stage.TRAIN, train).forStage(Stage.FIT).getScheduleToCloseTimeout());
  }

  @Test
  void eventsArePublishedByALocalActivityWithABoundedRetryBudget() {
    LocalActivityOptions o = StagePolicies.defaults().forEvents();
    assertEquals(Duration.ofSeconds(10), o.getStartToCloseTimeout());
    assertEquals(Duration.ofMinutes(5), o.getScheduleToCloseTimeout());
  }

  @Test
  void inconsistentPoliciesAreRefused() {
    StagePolicy fit = StagePolicies.defaults().policy(Stage.FIT);
    assertThrows(IllegalArgumentException.class, () -> fit.withHeartbeat(Duration.ofHours(1)));
    assertThrows(IllegalArgumentException.class, () -> fit.withRetryBudget(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new StagePolicies(
                Map.of(Stage.FIT, fit), Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }
}
