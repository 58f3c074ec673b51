package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.scene.BenchScene;
import dev.persona.splat.scene.BodySplatScene;
import dev.persona.splat.scene.BodySplatSceneOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona bench make-scene}: writes a deterministic body-shaped Gaussian scene ({@code
 * scene.ply} + {@code camera.json}, see {@code docs/formats/splats.md}) for the rasterizer
 * benchmark.
 */
@Command(
    name = "make-scene",
    description =
        "Write a deterministic body-shaped Gaussian scene (scene.ply + camera.json) to a folder.")
final class MakeSceneCommand implements Callable<Integer> {
  @Option(
      names = "--gaussians",
      required = true,
      description = "number of Gaussians, 1.." + BodySplatSceneOptions.MAX_GAUSSIANS)
  int gaussians;

  @Option(names = "--width", required = true, description = "image width in pixels")
  int width;

  @Option(names = "--height", required = true, description = "image height in pixels")
  int height;

  @Option(names = "--out", required = true, description = "scene folder to write")
  Path out;

  @Option(names = "--seed", description = "random seed (default: 1)")
  long seed = 1;

  @Option(names = "--sh-degree", description = "spherical-harmonic degree 0..3 (default: 3)")
  int shDegree = 3;

  @Override
  public Integer call() throws IOException {
    BodySplatSceneOptions options =
        new BodySplatSceneOptions(gaussians, width, height, seed, shDegree);
    checkHeap(options);
    long start = System.nanoTime();
    BenchScene scene = BodySplatScene.generate(options);
    scene.write(out);
    long bytes = Files.size(out.resolve(BenchScene.SCENE_FILE));
    System.out.printf(
        "wrote %s: %d Gaussians (SH degree %d), camera %dx%d, %s %.1f MB, %.1f s%n",
        out,
        gaussians,
        shDegree,
        width,
        height,
        BenchScene.SCENE_FILE,
        bytes / 1e6,
        (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /**
   * Refuses a scene whose arrays would not fit in the heap, before building it: a clear message
   * instead of an OutOfMemoryError halfway through.
   */
  private static void checkHeap(BodySplatSceneOptions options) {
    long floatsPerGaussian = 3 + 3 + 4 + 1 + 3L * Gaussians.shCoefficients(options.shDegree());
    long needed = options.gaussians() * floatsPerGaussian * Float.BYTES;
    // The body model and its rig take a few tens of MB; leave room for them and the GC.
    long available = Runtime.getRuntime().maxMemory() - (256L << 20);
    if (needed > available) {
      throw new InvalidInputException(
          Reason.TOO_LARGE,
          String.format(
              "%d Gaussians of SH degree %d need about %d MB, more than the %d MB heap allows"
                  + " (raise -Xmx or ask for fewer)",
              options.gaussians(), options.shDegree(), needed >> 20, Math.max(0, available >> 20)));
    }
  }
}
