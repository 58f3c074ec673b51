package dev.persona.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./persona bench ...}: benchmarks that print figures (never timed unit tests). */
@Command(
    name = "bench",
    description = "Benchmarks; each prints its figures (see docs/benchmarks.md).",
    mixinStandardHelpOptions = true,
    subcommands = {
      BodyBenchmark.class,
      RasterBenchmark.class,
      MakeSceneCommand.class,
      AvatarBenchmark.class,
      FitBenchmark.class,
      OrchestrationBenchmark.class
    })
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
