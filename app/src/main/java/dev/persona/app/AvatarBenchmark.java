package dev.persona.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.body.BodyModel;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetLayout;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.io.JsonFiles;
import dev.persona.eval.testframes.FrameScore;
import dev.persona.eval.testframes.TestFrameEvaluation;
import dev.persona.eval.testframes.TestFrameReport;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.splat.avatar.render.AvatarRenderer;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.training.TrainingOptions;
import dev.persona.splat.training.TrainingSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona bench avatar}: the avatar's acceptance run. Trains on a synthetic subject (made
 * here unless {@code --data} names one) with a preset, then scores the avatar on the subject's test
 * frames (poses and views training never saw) by the evaluation protocol (person crop, white
 * background from the ground-truth mask); with {@code --ablation}, does the same without
 * pose-driven offsets. Prints seconds per iteration, PSNR and SSIM. Runs resume: a second call on
 * the same {@code --out} continues or reuses what the first saved.
 */
@Command(
    name = "avatar",
    description =
        "Train an avatar on a synthetic subject and score it on the subject's test frames"
            + " (PSNR/SSIM on the person crop); --ablation adds a run without pose-driven offsets.")
final class AvatarBenchmark implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "work folder (subject, avatars, images)")
  Path out;

  @Option(names = "--data", description = "an existing dataset with test frames (default: synth)")
  Path data;

  @Option(names = "--preset", description = "fast (default), paper or test")
  String preset = "fast";

  @Option(names = "--iterations", description = "override the preset's iteration count")
  Integer iterations;

  @Option(names = "--threads", description = "worker threads (default: the preset's)")
  Integer threads;

  @Option(names = "--ablation", description = "also train and score without pose-driven offsets")
  boolean ablation;

  @Option(names = "--size", description = "side of the synthetic subject's frames (default: 256)")
  int size = 256;

  // Many poses, few views: pose-driven offsets learn how the surface changes with pose, which a
  // handful of poses cannot show them (docs/benchmarks.md, issue 4's ablation).
  @Option(names = "--poses", description = "training poses of the synthetic subject (default: 28)")
  int poses = 28;

  @Option(names = "--views", description = "views per training pose (default: 2)")
  int views = 2;

  @Option(names = "--test-poses", description = "novel test frames (default: 10)")
  int testPoses = 10;

  @Option(names = "--seed", description = "synthetic subject seed (default: 1)")
  long seed = 1;

  @Option(
      names = "--deformation",
      paramLabel = "METRES",
      description =
          "synthetic subject's pose-dependent bulge at a fully bent joint, which pose-driven"
              + " offsets must learn (default: 0.03)")
  double deformation = 0.03;

  @Option(names = "--json", description = "also print one JSON object")
  boolean json;

  /** One trained variant and its scores. */
  private record Variant(String name, TrainingSummary training, TestFrameReport report) {}

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(out);
    Dataset dataset = data != null ? Dataset.open(data) : subject(out.resolve("subject"));
    BodyModel body = BodyModels.load(null);
    List<Variant> variants = new ArrayList<>();
    variants.add(run(body, dataset, "offsets", false));
    if (ablation) {
      variants.add(run(body, dataset, "no-offsets", true));
    }
    for (Variant v : variants) {
      System.out.printf(
          Locale.ROOT,
          "%-10s %d iterations, %.3f s/iteration, photo PSNR %.2f dB; test frames (%d): PSNR %.2f"
              + " dB, SSIM %.4f%n",
          v.name(),
          v.training().iterations(),
          v.training().secondsPerIteration(),
          v.training().photoPsnr(),
          v.report().frames().size(),
          v.report().meanPsnr(),
          v.report().meanSsim());
    }
    ObjectNode result = json(variants);
    JsonFiles.write(out.resolve("bench-avatar.json"), result);
    if (json) {
      System.out.println(new String(JsonFiles.toBytes(result), StandardCharsets.UTF_8));
    }
    return 0;
  }

  private Dataset subject(Path folder) throws IOException {
    if (Files.isRegularFile(DatasetLayout.description(folder))) {
      return Dataset.open(folder);
    }
    SyntheticSubjectOptions options;
    try {
      options =
          SyntheticSubjectOptions.defaults()
              .withFrames(poses, views, testPoses)
              .withSize(size, size)
              .withSeed(seed)
              .withDeformation(deformation);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
    }
    return DatasetCommand.synthesize(folder, null, options, "subject");
  }

  private Variant run(BodyModel body, Dataset dataset, String name, boolean noOffsets)
      throws IOException {
    TrainingOptions options = AvatarTrain.options(preset, iterations, threads, noOffsets);
    Path dir = out.resolve(name);
    TrainingSummary training = AvatarTrain.train(body, dataset, options, dir, true, name, null);
    if (!training.complete()) {
      throw new IllegalStateException("training stopped before the end; run again to resume");
    }
    AvatarBundle bundle = AvatarBundle.read(dir);
    RenderSettings settings = RenderSettings.defaults().withThreads(options.threads());
    try (AvatarRenderer renderer =
        new AvatarRenderer(bundle.avatar(), bundle.parameters(), settings)) {
      TestFrameReport report =
          TestFrameEvaluation.evaluate(
              dataset, renderer::render, dir.resolve("test-frames"), options.resolution());
      return new Variant(name, training, report);
    }
  }

  private ObjectNode json(List<Variant> variants) {
    ObjectNode root = JsonFiles.object();
    root.put("preset", preset);
    ArrayNode list = root.putArray("variants");
    for (Variant v : variants) {
      ObjectNode o = list.addObject();
      o.put("name", v.name());
      o.put("iterations", v.training().iterations());
      o.put("seconds_per_iteration", v.training().secondsPerIteration());
      o.put("photo_psnr", v.training().photoPsnr());
      o.put("psnr", v.report().meanPsnr());
      o.put("ssim", v.report().meanSsim());
      ArrayNode frames = o.putArray("frames");
      for (FrameScore f : v.report().frames()) {
        frames.addObject().put("id", f.id()).put("psnr", f.psnr()).put("ssim", f.ssim());
      }
    }
    return root;
  }
}
