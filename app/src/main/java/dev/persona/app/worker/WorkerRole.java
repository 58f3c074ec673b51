package dev.persona.app.worker;

import dev.persona.core.InvalidInputException;
import dev.persona.workflows.job.TaskQueues;
import java.util.Locale;

/**
 * The kinds of worker process (docs/operations.md): each polls one task queue. {@code cpu} also
 * runs the workflows themselves and their event publication; the GPU roles run one activity at a
 * time by default (one model or one training run fills a GPU).
 */
public enum WorkerRole {
  CPU("cpu", TaskQueues.CPU, 4),
  DIFFUSION_GPU("diffusion-gpu", TaskQueues.DIFFUSION_GPU, 1),
  SPLAT_GPU("splat-gpu", TaskQueues.SPLAT_GPU, 1);

  private final String cliName;
  private final String taskQueue;
  private final int defaultConcurrency;

  WorkerRole(String cliName, String taskQueue, int defaultConcurrency) {
    this.cliName = cliName;
    this.taskQueue = taskQueue;
    this.defaultConcurrency = defaultConcurrency;
  }

  public String cliName() {
    return cliName;
  }

  public String taskQueue() {
    return taskQueue;
  }

  /** Stage activities one worker of this role runs at once unless configured otherwise. */
  public int defaultConcurrency() {
    return defaultConcurrency;
  }

  public static WorkerRole fromCliName(String name) {
    for (WorkerRole r : values()) {
      if (r.cliName.equals(name.strip().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new InvalidInputException(
        InvalidInputException.Reason.MALFORMED,
        "worker role must be cpu, diffusion-gpu or splat-gpu, got '" + name + "'");
  }
}
