package dev.persona.workflows.job;

/** The worker task queues; a worker role polls one of them (docs/operations.md). */
public final class TaskQueues {
  /** Workflows themselves, and the CPU stages (fit, publish). */
  public static final String CPU = "persona-cpu";

  /** Training-video synthesis: a GPU with room for the video diffusion model. */
  public static final String DIFFUSION_GPU = "persona-diffusion-gpu";

  /** Gaussian avatar training. */
  public static final String SPLAT_GPU = "persona-splat-gpu";

  private TaskQueues() {}
}
