package dev.persona.app.worker;

import dev.persona.app.artifact.ArtifactStore;
import dev.persona.app.stage.FitStage;
import dev.persona.app.stage.PublishStage;
import dev.persona.app.stage.StageRunner;
import dev.persona.app.stage.SynthesisStage;
import dev.persona.app.stage.TrainingStage;
import dev.persona.app.stage.WorkerBody;
import dev.persona.app.telemetry.Tracing;
import dev.persona.smplx.fitting.PhotoFit;
import dev.persona.workflows.batch.BatchOnboarding;
import dev.persona.workflows.batch.BatchOnboardingImpl;
import dev.persona.workflows.events.JobEventSink;
import dev.persona.workflows.onboarding.AvatarOnboarding;
import dev.persona.workflows.onboarding.AvatarOnboardingImpl;
import dev.persona.workflows.policy.StagePolicies;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The workers of one process: for each role asked for, a Temporal worker on the role's task queue
 * with that role's stage activities (and, for {@code cpu}, the workflows and their event
 * publication). One role per process in production; every role in one process in the embedded
 * stack.
 */
public final class PersonaWorkers implements AutoCloseable {
  /**
   * What the workers need besides the Temporal client.
   *
   * @param concurrency stage activities at once per role (roles not listed: the role's default)
   * @param scratch worker-local folder for stages' working copies
   * @param heartbeatMillis how often stages heartbeat (well inside the policies' heartbeat timeout)
   * @param eventMillis least time between two progress events of a stage
   * @param childrenPerRun batch children per workflow run before continue-as-new
   */
  public record Settings(
      StagePolicies policies,
      Map<WorkerRole, Integer> concurrency,
      Path scratch,
      long heartbeatMillis,
      long eventMillis,
      int childrenPerRun,
      Path mimicMotionModels) {
    public Settings {
      concurrency = Map.copyOf(concurrency);
    }

    public static Settings defaults(Path scratch) {
      return new Settings(
          StagePolicies.defaults(),
          Map.of(),
          scratch,
          5_000,
          1_000,
          BatchOnboardingImpl.DEFAULT_CHILDREN_PER_RUN,
          null);
    }

    int concurrency(WorkerRole role) {
      return concurrency.getOrDefault(role, role.defaultConcurrency());
    }
  }

  /** How long a workflow task may run before the SDK suspects a deadlock. */
  static final long DEADLOCK_DETECTION_MILLIS = 5_000;

  private final WorkerFactory factory;

  private PersonaWorkers(WorkerFactory factory) {
    this.factory = factory;
  }

  /** Creates and starts the workers of {@code roles}, traced as the process is. */
  public static PersonaWorkers start(
      WorkflowClient client,
      Set<WorkerRole> roles,
      ArtifactStore store,
      JobEventSink events,
      WorkerBody body,
      Settings settings) {
    return start(client, roles, store, events, body, settings, Tracing.process());
  }

  /**
   * Creates and starts the workers of {@code roles}; workflows and activities traced by {@code
   * tracing}.
   */
  public static PersonaWorkers start(
      WorkflowClient client,
      Set<WorkerRole> roles,
      ArtifactStore store,
      JobEventSink events,
      WorkerBody body,
      Settings settings,
      Tracing tracing) {
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(
                    tracing.workerInterceptors().toArray(new WorkerInterceptor[0]))
                .build());
    StageRunner runner =
        new StageRunner(
            store, events, settings.scratch(), settings.heartbeatMillis(), settings.eventMillis());
    Map<WorkerRole, Worker> workers = new EnumMap<>(WorkerRole.class);
    for (WorkerRole role : roles) {
      int n = settings.concurrency(role);
      Worker worker =
          factory.newWorker(
              role.taskQueue(),
              WorkerOptions.newBuilder()
                  .setMaxConcurrentActivityExecutionSize(n)
                  .setMaxConcurrentLocalActivityExecutionSize(Math.max(8, n))
                  // The SDK's 1 s default trips on a workflow's first task when its classes load
                  // cold on a busy two-core machine (the task then fails once and is retried).
                  .setDefaultDeadlockDetectionTimeout(DEADLOCK_DETECTION_MILLIS)
                  .build());
      workers.put(role, worker);
      switch (role) {
        case CPU -> {
          StagePolicies policies = settings.policies();
          worker.registerWorkflowImplementationFactory(
              AvatarOnboarding.class, () -> new AvatarOnboardingImpl(policies));
          worker.registerWorkflowImplementationFactory(
              BatchOnboarding.class,
              () -> new BatchOnboardingImpl(policies, settings.childrenPerRun()));
          worker.registerActivitiesImplementations(
              new EventPublishingActivities(events),
              new FitStage(runner, body, PhotoFit.Perception.blazePose()),
              new PublishStage(runner, body));
        }
        case DIFFUSION_GPU ->
            worker.registerActivitiesImplementations(
                new SynthesisStage(runner, body, settings.mimicMotionModels()));
        case SPLAT_GPU -> worker.registerActivitiesImplementations(new TrainingStage(runner, body));
      }
    }
    factory.start();
    return new PersonaWorkers(factory);
  }

  /** Stops polling and waits (a little) for running activities to end. */
  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Stops at once, interrupting running activities (what a test does to lose a worker). */
  public void kill() {
    factory.shutdownNow();
  }
}
