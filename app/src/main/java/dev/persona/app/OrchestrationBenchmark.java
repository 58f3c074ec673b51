package dev.persona.app;

import dev.persona.app.events.JobEventStream;
import dev.persona.app.events.KafkaJobEventSink;
import dev.persona.app.stack.DevStack;
import dev.persona.app.stack.TemporalConnection;
import dev.persona.app.worker.EventPublishingActivities;
import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventSink;
import dev.persona.workflows.events.JobEventType;
import dev.persona.workflows.events.JobEvents;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.job.OnboardingRequest;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.job.TaskQueues;
import dev.persona.workflows.onboarding.AvatarOnboarding;
import dev.persona.workflows.onboarding.AvatarOnboardingImpl;
import dev.persona.workflows.onboarding.OnboardingSubmission;
import dev.persona.workflows.policy.StagePolicies;
import dev.persona.workflows.stage.FitActivities;
import dev.persona.workflows.stage.PublishActivities;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import dev.persona.workflows.stage.SynthesisActivities;
import dev.persona.workflows.stage.TrainingActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona bench orchestration}: what the orchestration itself sustains on the embedded
 * stack (Temporal test server, Kafka broker), with every stage's work replaced by a no-op activity
 * (a benchmark harness, not a product feature): jobs completed per second with N jobs in flight,
 * and the latency of an event from the activity that publishes it to a consumer reading the topic.
 */
@Command(
    name = "orchestration",
    description =
        "Jobs per second of the workflows on the embedded stack with no-op stages, and event"
            + " latency from activity to consumer.")
final class OrchestrationBenchmark implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--jobs", description = "jobs to run (default: 200)")
  int jobs = 200;

  @Option(names = "--in-flight", description = "jobs started before waiting (default: 50)")
  int inFlight = 50;

  @Option(names = "--stage-workers", description = "activity slots per task queue (default: 50)")
  int slots = 50;

  /** A stage that does nothing but publish one progress event stamped with its send time. */
  static final class NoOpStages
      implements FitActivities, SynthesisActivities, TrainingActivities, PublishActivities {
    private static final ArtifactRef REF = new ArtifactRef("file:/dev/null", "0".repeat(64), 0);
    private final JobEventSink events;

    NoOpStages(JobEventSink events) {
      this.events = events;
    }

    private StageOutput run(StageInput input, String output) {
      ActivityInfo info = Activity.getExecutionContext().getInfo();
      events.publish(
          JobEvents.progress(
              input.key(),
              info.getRunId(),
              null,
              input.stage(),
              info.getAttempt(),
              1,
              1,
              "no-op",
              System.currentTimeMillis()));
      return new StageOutput(Map.of(output, REF), Map.of(), false);
    }

    @Override
    public StageOutput fit(StageInput input) {
      return run(input, StageArtifacts.FIT);
    }

    @Override
    public StageOutput synthesize(StageInput input) {
      return run(input, StageArtifacts.VIDEO);
    }

    @Override
    public StageOutput train(StageInput input) {
      return run(input, StageArtifacts.AVATAR);
    }

    @Override
    public StageOutput publish(StageInput input) {
      return run(input, StageArtifacts.RESULT);
    }
  }

  @Override
  public Integer call() throws Exception {
    Path folder = Files.createTempDirectory("persona-bench-orchestration");
    System.out.println("starting the embedded stack...");
    try (DevStack stack = DevStack.start(folder, Duration.ofSeconds(90));
        TemporalConnection temporal = TemporalConnection.connect(stack.temporalAddress());
        KafkaJobEventSink sink = KafkaJobEventSink.connect(stack.kafkaBootstrap());
        JobEventStream stream =
            JobEventStream.open(stack.kafkaBootstrap(), JobEventStream.Start.LATEST, null)) {
      WorkflowClient client = temporal.client();
      WorkerFactory factory = WorkerFactory.newInstance(client);
      NoOpStages stages = new NoOpStages(sink);
      StagePolicies policies = StagePolicies.defaults();
      WorkerOptions options =
          WorkerOptions.newBuilder()
              .setMaxConcurrentActivityExecutionSize(slots)
              .setMaxConcurrentLocalActivityExecutionSize(slots)
              .build();
      Worker cpu = factory.newWorker(TaskQueues.CPU, options);
      cpu.registerWorkflowImplementationFactory(
          AvatarOnboarding.class, () -> new AvatarOnboardingImpl(policies));
      cpu.registerActivitiesImplementations(new EventPublishingActivities(sink), stages);
      factory
          .newWorker(TaskQueues.DIFFUSION_GPU, options)
          .registerActivitiesImplementations(stages);
      factory.newWorker(TaskQueues.SPLAT_GPU, options).registerActivitiesImplementations(stages);
      factory.start();

      long[] latencies = new long[jobs * Stage.values().length];
      AtomicInteger latencyCount = new AtomicInteger();
      AtomicLong completedEvents = new AtomicLong();
      Thread consumer =
          new Thread(
              () ->
                  stream.forEach(
                      (JobEvent e) -> {
                        long now = System.currentTimeMillis();
                        if (e.type() == JobEventType.STAGE_PROGRESS) {
                          int i = latencyCount.getAndIncrement();
                          if (i < latencies.length) {
                            latencies[i] = now - e.timeMillis();
                          }
                        } else if (e.type() == JobEventType.JOB_COMPLETED) {
                          completedEvents.incrementAndGet();
                        }
                      },
                      () -> true),
              "bench-consumer");
      consumer.setDaemon(true);
      consumer.start();

      ArtifactRef photo = NoOpStages.REF;
      String run = Long.toString(System.currentTimeMillis(), 36);
      long start = System.nanoTime();
      int started = 0;
      int finished = 0;
      JobKey[] keys = new JobKey[jobs];
      while (finished < jobs) {
        while (started < jobs && started - finished < inFlight) {
          keys[started] = new JobKey("bench", run + "-" + started);
          OnboardingSubmission.submit(
              client, new OnboardingRequest(keys[started], photo, JobOptions.defaults(), null));
          started++;
        }
        client.newUntypedWorkflowStub(keys[finished].workflowId()).getResult(Object.class);
        finished++;
      }
      double seconds = (System.nanoTime() - start) * 1e-9;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (completedEvents.get() < jobs && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      stream.stop();
      factory.shutdownNow();
      int n = Math.min(latencyCount.get(), latencies.length);
      long[] sorted = Arrays.copyOf(latencies, n);
      Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "orchestration: %d jobs (4 no-op stages each, %d in flight) in %.1f s: %.1f jobs/s%n",
          jobs,
          inFlight,
          seconds,
          jobs / seconds);
      if (n > 0) {
        System.out.printf(
            Locale.ROOT,
            "event latency activity -> consumer over %d events: p50 %d ms, p95 %d ms, max %d ms%n",
            n,
            sorted[n / 2],
            sorted[Math.min(n - 1, (int) Math.floor(n * 0.95))],
            sorted[n - 1]);
      }
      System.out.printf("job.completed events received: %d of %d%n", completedEvents.get(), jobs);
      return 0;
    }
  }
}
