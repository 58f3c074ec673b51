package dev.persona.workflows.job;

/**
 * The onboarding pipeline's stages in the order they run (DESIGN.md, the method's three steps with
 * the photo fit split out), each on the worker task queue whose machines can run it.
 */
public enum Stage {
  /** Perception and the SMPL-X fit of the photo. */
  FIT(TaskQueues.CPU),
  /** The pose-diverse training video (the reproject or MimicMotion backend). */
  SYNTHESIZE(TaskQueues.DIFFUSION_GPU),
  /** The Gaussian avatar's optimisation, with checkpoints. */
  TRAIN(TaskQueues.SPLAT_GPU),
  /** Metrics, novel-pose renders, the bundle in standard formats and the report. */
  PUBLISH(TaskQueues.CPU);

  private final String taskQueue;

  Stage(String taskQueue) {
    this.taskQueue = taskQueue;
  }

  public String taskQueue() {
    return taskQueue;
  }

  /** The lower-case name used in events, artifact paths and the CLI. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
