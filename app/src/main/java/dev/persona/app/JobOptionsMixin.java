package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.workflows.job.JobOptions;
import java.util.List;
import picocli.CommandLine.Option;

/** The job options {@code onboard}, {@code batch} and {@code demo} accept (zero: the default). */
final class JobOptionsMixin {
  @Option(names = "--tenant", description = "tenant the job belongs to (default: default)")
  String tenant = "default";

  @Option(names = "--preset", description = "training preset: fast (default), paper or test")
  String preset = "fast";

  @Option(names = "--iterations", description = "training iterations (default: the preset's)")
  int iterations;

  @Option(names = "--resolution", description = "training frame size (default: the preset's)")
  int resolution;

  @Option(names = "--backend", description = "synthesis backend: reproject (default)")
  String backend = "reproject";

  @Option(
      names = "--motions",
      split = ",",
      description = "motions of the training video (default: every built-in)")
  List<String> motions = List.of();

  @Option(names = "--frames", description = "frames per motion (default: the plan's)")
  int frames;

  @Option(names = "--size", description = "training video frame side in pixels (default: 512)")
  int size;

  JobOptions options() {
    try {
      return new JobOptions(preset, iterations, resolution, backend, motions, frames, size);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
    }
  }
}
