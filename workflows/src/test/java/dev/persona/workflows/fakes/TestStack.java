package dev.persona.workflows.fakes;

import dev.persona.workflows.batch.BatchOnboarding;
import dev.persona.workflows.batch.BatchOnboardingImpl;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.job.TaskQueues;
import dev.persona.workflows.onboarding.AvatarOnboarding;
import dev.persona.workflows.onboarding.AvatarOnboardingImpl;
import dev.persona.workflows.policy.StagePolicies;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The in-memory Temporal test server (time skipping) with one worker per task queue, as in
 * production: workflows, events and the CPU stages on {@code persona-cpu}, synthesis and training
 * on their GPU queues, each stage's fake registered only on its own queue's worker.
 */
public final class TestStack implements AutoCloseable {
  /**
   * Short policies for tests: heartbeat timeout 5 s, retries after 100 ms. The worker's heartbeat
   * throttle (below) is 50 ms, so a cancel reaches a heartbeating fake within about that.
   */
  public static StagePolicies testPolicies() {
    return StagePolicies.defaults()
        .withHeartbeatTimeout(Duration.ofSeconds(5))
        .withRetryIntervals(Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  /**
   * Workflow code that holds its thread longer than this is reported as deadlocked. Production's 1
   * s is too tight for the first workflow of a test JVM on a loaded 2-core machine, where class
   * loading alone has taken longer.
   */
  public static final long DEADLOCK_DETECTION_MILLIS = 10_000;

  public final TestWorkflowEnvironment env;
  public final WorkflowClient client;
  public final FakeStages stages = new FakeStages();
  public final RecordingEvents events = new RecordingEvents();

  private TestStack(StagePolicies policies, int childrenPerRun, Set<Stage> stagesWithWorkers) {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    WorkerOptions options =
        WorkerOptions.newBuilder()
            .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
            .setDefaultHeartbeatThrottleInterval(Duration.ofMillis(50))
            .setDefaultDeadlockDetectionTimeout(DEADLOCK_DETECTION_MILLIS)
            .build();
    Worker cpu = env.newWorker(TaskQueues.CPU, options);
    cpu.registerWorkflowImplementationFactory(
        AvatarOnboarding.class, () -> new AvatarOnboardingImpl(policies));
    cpu.registerWorkflowImplementationFactory(
        BatchOnboarding.class, () -> new BatchOnboardingImpl(policies, childrenPerRun));
    cpu.registerActivitiesImplementations(events);
    if (stagesWithWorkers.contains(Stage.FIT)) {
      cpu.registerActivitiesImplementations(stages.fit());
    }
    if (stagesWithWorkers.contains(Stage.PUBLISH)) {
      cpu.registerActivitiesImplementations(stages.publishing());
    }
    if (stagesWithWorkers.contains(Stage.SYNTHESIZE)) {
      env.newWorker(TaskQueues.DIFFUSION_GPU, options)
          .registerActivitiesImplementations(stages.synthesis());
    }
    if (stagesWithWorkers.contains(Stage.TRAIN)) {
      env.newWorker(TaskQueues.SPLAT_GPU, options)
          .registerActivitiesImplementations(stages.training());
    }
  }

  /** A stack with workers for every stage; set fake behaviours, then {@link #start()}. */
  public static TestStack create(StagePolicies policies, int childrenPerRun) {
    return new TestStack(policies, childrenPerRun, EnumSet.allOf(Stage.class));
  }

  public static TestStack create() {
    return create(testPolicies(), BatchOnboardingImpl.DEFAULT_CHILDREN_PER_RUN);
  }

  /** A stack where only {@code stagesWithWorkers} have a worker polling their queue. */
  public static TestStack createWithWorkersFor(
      StagePolicies policies, Set<Stage> stagesWithWorkers) {
    return new TestStack(policies, BatchOnboardingImpl.DEFAULT_CHILDREN_PER_RUN, stagesWithWorkers);
  }

  public TestStack start() {
    env.start();
    return this;
  }

  @Override
  public void close() {
    env.close();
  }
}
