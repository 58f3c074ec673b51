package dev.persona.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.io.JsonFiles;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.GaussianGradients;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.raster.Rendering;
import dev.persona.splat.raster.RenderingGradient;
import dev.persona.splat.scene.BenchScene;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona bench raster}: the Gaussian rasterizer's forward and backward pass on a bench
 * scene, the hot loop of avatar training. The loss is the mean squared error against a fixed target
 * (the scene's first render mirrored left to right, so every covered pixel has a non-zero
 * gradient); computing the loss gradient is not timed.
 */
@Command(
    name = "raster",
    description =
        "Time the Gaussian rasterizer's forward and backward pass on a bench scene"
            + " (scene.ply + camera.json).")
final class RasterBenchmark implements Callable<Integer> {
  @Option(names = "--scene", required = true, description = "bench scene folder")
  Path scene;

  @Option(names = "--iters", description = "timed repetitions after warm-up (default: 20)")
  int iterations = 20;

  @Option(names = "--threads", description = "worker threads (default: all processors)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--antialiased", description = "gsplat's antialiased mode")
  boolean antialiased;

  @Option(names = "--json", description = "print one JSON object instead of text")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (iterations < 1 || threads < 1) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED, "--iters and --threads must be at least 1");
    }
    if (!Files.isDirectory(scene)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "bench scene folder not found: " + scene);
    }
    BenchScene bench = BenchScene.read(scene);
    Gaussians gaussians = bench.gaussians();
    RenderSettings settings =
        RenderSettings.defaults().withThreads(threads).withAntialiased(antialiased);
    int warmup = Math.max(3, iterations / 5);
    double[] forward = new double[iterations];
    double[] backward = new double[iterations];
    long evaluations;
    try (CpuGaussianRasterizer rasterizer = new CpuGaussianRasterizer()) {
      Rendering first = rasterizer.render(gaussians, bench.camera(), settings);
      evaluations = first.evaluations();
      float[] target = mirrored(first.color(), first.width(), first.height());
      float[] dColor = new float[target.length];
      GaussianGradients gradients =
          new GaussianGradients(
              gaussians.count(), gaussians.shDegree(), gaussians.featureChannels());
      for (int i = -warmup; i < iterations; i++) {
        long start = System.nanoTime();
        Rendering rendering = rasterizer.render(gaussians, bench.camera(), settings);
        long rendered = System.nanoTime();
        meanSquaredErrorGradient(rendering.color(), target, dColor);
        long lossed = System.nanoTime();
        gradients.clear();
        rasterizer.backward(rendering, RenderingGradient.ofColor(dColor), gradients);
        long done = System.nanoTime();
        if (i >= 0) {
          forward[i] = (rendered - start) / 1e6;
          backward[i] = (done - lossed) / 1e6;
        }
      }
    }
    Arrays.sort(forward);
    Arrays.sort(backward);
    double forwardMedian = forward[iterations / 2];
    double backwardMedian = backward[iterations / 2];
    double perSecond = evaluations / (forwardMedian / 1e3);
    int width = bench.camera().width();
    int height = bench.camera().height();
    if (json) {
      ObjectNode out = JsonFiles.object();
      out.put("gaussians", gaussians.count());
      out.put("width", width);
      out.put("height", height);
      out.put("forward_ms", forwardMedian);
      out.put("forward_ms_min", forward[0]);
      out.put("backward_ms", backwardMedian);
      out.put("backward_ms_min", backward[0]);
      out.put("evaluations", evaluations);
      out.put("evaluations_per_s", perSecond);
      out.put("threads", threads);
      out.put("iterations", iterations);
      System.out.println(new String(JsonFiles.toBytes(out), StandardCharsets.UTF_8).strip());
    } else {
      System.out.printf(
          "scene: %d Gaussians (SH degree %d), %dx%d, %d threads, %d iterations after %d warm-up%n",
          gaussians.count(), gaussians.shDegree(), width, height, threads, iterations, warmup);
      System.out.printf("forward:  median %.2f ms, min %.2f ms%n", forwardMedian, forward[0]);
      System.out.printf("backward: median %.2f ms, min %.2f ms%n", backwardMedian, backward[0]);
      System.out.printf(
          "Gaussian-pixel evaluations per forward pass: %,d (%.1f M/s at the median)%n",
          evaluations, perSecond / 1e6);
    }
    return 0;
  }

  /** The image flipped left to right: {@code [H*W*3]}. */
  private static float[] mirrored(float[] color, int width, int height) {
    float[] out = new float[color.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int from = (y * width + x) * 3;
        int to = (y * width + (width - 1 - x)) * 3;
        out[to] = color[from];
        out[to + 1] = color[from + 1];
        out[to + 2] = color[from + 2];
      }
    }
    return out;
  }

  /** d/dcolor of mean((color - target)^2) over all values. */
  private static void meanSquaredErrorGradient(float[] color, float[] target, float[] dest) {
    float scale = 2f / color.length;
    for (int i = 0; i < color.length; i++) {
      dest[i] = scale * (color[i] - target[i]);
    }
  }
}
