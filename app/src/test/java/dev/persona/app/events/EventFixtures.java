package dev.persona.app.events;

import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEvents;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.Stage;
import java.util.List;
import java.util.Map;

/** One event of every type, built by the contract's factories as the workflows build them. */
final class EventFixtures {
  private EventFixtures() {}

  static final JobKey KEY = new JobKey("acme", "job-1");
  static final String RUN = "run-7";
  static final long T = 1_767_225_600_123L; // 2026-01-01T00:00:00.123Z

  static ArtifactRef ref(String name, char digit) {
    return new ArtifactRef("file:///store/" + name, String.valueOf(digit).repeat(64), 1234);
  }

  static List<JobEvent> everyType() {
    return List.of(
        JobEvents.accepted(KEY, RUN, "batch-3", ref("photo.jpg", 'a'), T),
        JobEvents.stageStarted(KEY, RUN, null, Stage.FIT, T + 1),
        JobEvents.progress(KEY, RUN, null, Stage.TRAIN, 2, 500, 3000, "step 500", T + 2),
        JobEvents.checkpointSaved(KEY, RUN, null, Stage.TRAIN, 2, ref("ckpt.npz", 'b'), 500, T + 3),
        JobEvents.retried(
            KEY, RUN, null, Stage.TRAIN, 3, "heartbeat timeout", ref("ckpt.npz", 'b'), T + 4),
        JobEvents.stageCompleted(
            KEY, RUN, null, Stage.SYNTHESIZE, false, Map.of("dataset", ref("d.zip", 'c')), T + 5),
        JobEvents.jobCompleted(
            KEY,
            RUN,
            null,
            Map.of("bundle", ref("b.zip", 'd')),
            Map.of("psnr", 27.5, "ssim", 0.93),
            T + 6),
        JobEvents.jobFailed(KEY, RUN, null, Stage.FIT, "NO_PERSON", "no person found", T + 7),
        JobEvents.jobCancelled(KEY, RUN, null, Stage.SYNTHESIZE, T + 8),
        JobEvents.batchProgress("acme", "batch-3", "run-b", 20, 5, 1, 0, T + 9));
  }
}
