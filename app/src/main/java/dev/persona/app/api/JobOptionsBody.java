package dev.persona.app.api;

import dev.persona.core.InvalidInputException;
import dev.persona.workflows.job.JobOptions;
import java.util.List;

/**
 * A job's options as the API takes them, named as the CLI's flags ({@code --preset}, {@code
 * --iterations}, ...); a field left out takes the default the CLI has.
 */
public record JobOptionsBody(
    String preset,
    Integer iterations,
    Integer resolution,
    String backend,
    List<String> motions,
    Integer frames,
    Integer size) {

  /**
   * The workflow's options.
   *
   * @throws InvalidInputException MALFORMED when a count or size is negative
   */
  public JobOptions toJobOptions() {
    try {
      return new JobOptions(
          preset == null ? "fast" : preset,
          orZero(iterations),
          orZero(resolution),
          backend == null ? "reproject" : backend,
          motions == null ? List.of() : motions,
          orZero(frames),
          orZero(size));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
    }
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }
}
