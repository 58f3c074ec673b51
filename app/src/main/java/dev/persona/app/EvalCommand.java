package dev.persona.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.io.JsonFiles;
import dev.persona.eval.metrics.Lpips;
import dev.persona.eval.metrics.PerceptualDistance;
import dev.persona.eval.refine.PoseRefinementOptions;
import dev.persona.eval.refine.RefinedPose;
import dev.persona.eval.refine.TestPoseRefinement;
import dev.persona.eval.testframes.FrameScore;
import dev.persona.eval.testframes.TestFrameEvaluation;
import dev.persona.eval.testframes.TestFrameReport;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.splat.avatar.render.AvatarRenderer;
import dev.persona.splat.avatar.render.Background;
import dev.persona.splat.raster.RenderSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona eval}: scores an avatar bundle on a dataset's {@code test} frames (novel poses
 * and views) under the evaluation protocol (docs/evaluation.md): per-frame and mean PSNR, SSIM and,
 * when a network is configured, LPIPS; side-by-side images (render | ground truth) and {@value
 * #METRICS_FILE} in {@code --out}.
 */
@Command(
    name = "eval",
    description =
        "Score an avatar on a dataset's test frames (PSNR, SSIM, LPIPS on the protocol's person"
            + " crop) and save side-by-side images.")
final class EvalCommand implements Callable<Integer> {
  static final String METRICS_FILE = "metrics.json";
  static final String SIDE_BY_SIDE = "side-by-side";

  @Option(names = "--avatar", required = true, description = "avatar bundle folder")
  Path avatar;

  @Option(
      names = "--dataset",
      required = true,
      description = "dataset folder with test frames (docs/formats/dataset.md)")
  Path dataset;

  @Option(
      names = "--out",
      description = "folder for side-by-side images and " + METRICS_FILE + " (default: out/eval)")
  Path out = Path.of("out", "eval");

  @Option(
      names = "--resolution",
      description =
          "score at this longest side, pixels (default 0: the dataset's size); pass the avatar's"
              + " training resolution to compare it where it learned")
  int resolution;

  @Option(names = "--json", description = "print the metrics as JSON instead of a table")
  boolean json;

  @Option(
      names = "--lpips",
      description =
          "LPIPS network exported to ONNX, or to TorchScript (.pt, libtorch) (default: $"
              + LPIPS_ENVIRONMENT_VARIABLE
              + "; none: LPIPS not configured; docs/evaluation.md)")
  Path lpipsFile;

  @Option(
      names = "--lpips-net",
      description = "the LPIPS file's backbone: alex (default, the papers') or vgg")
  String lpipsNet = "alex";

  @Option(
      names = "--refine-poses",
      description =
          "before scoring, refine each test frame's global orientation, body pose and translation"
              + " against its image with the avatar frozen (the papers' protocol for real captures"
              + " with imperfect fits; not for synthetic subjects, whose poses are exact)")
  boolean refinePoses;

  @Option(
      names = "--refine-steps",
      description = "Adam steps per frame with --refine-poses (default: 50)")
  int refineSteps = PoseRefinementOptions.DEFAULT_STEPS;

  /** Where {@code --lpips} comes from when not given. */
  static final String LPIPS_ENVIRONMENT_VARIABLE = "PERSONA_LPIPS";

  @Override
  public Integer call() throws IOException {
    if (resolution < 0) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED, "--resolution must be >= 0, got " + resolution);
    }
    if (refineSteps < 0) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED,
          "--refine-steps must be >= 0, got " + refineSteps);
    }
    if (!Files.isDirectory(dataset)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "dataset folder not found: " + dataset);
    }
    Dataset data = Dataset.open(dataset);
    TestFrameEvaluation.testFrames(data);
    AvatarBundle bundle = AvatarBundle.read(avatar);
    Lpips.Backbone backbone = Lpips.Backbone.parse(lpipsNet);
    Path network = lpipsFile != null ? lpipsFile : lpipsFromEnvironment();
    RenderSettings settings =
        Background.WHITE.applyTo(
            RenderSettings.defaults().withThreads(Runtime.getRuntime().availableProcessors()));
    Path sides = out.resolve(SIDE_BY_SIDE);
    TestFrameReport report;
    Map<String, RefinedPose> refined = new LinkedHashMap<>();
    try (PerceptualDistance lpips =
            network == null ? null : PerceptualDistance.load(network, backbone);
        AvatarRenderer renderer =
            new AvatarRenderer(bundle.avatar(), bundle.parameters(), settings);
        TestPoseRefinement refinement =
            refinePoses
                ? new TestPoseRefinement(
                    bundle.avatar(),
                    bundle.parameters(),
                    settings,
                    PoseRefinementOptions.defaults().withSteps(refineSteps))
                : null) {
      report =
          TestFrameEvaluation.evaluateFrames(
              data,
              TestFrameEvaluation.testFrames(data),
              renderer::render,
              sides,
              resolution,
              lpips,
              refinement != null
                  ? (id, params, camera, image, mask) -> {
                    RefinedPose r = refinement.refine(params, camera, image, mask);
                    refined.put(id, r);
                    return r.params();
                  }
                  : null);
    }
    ObjectNode metrics = toJson(report, refined);
    JsonFiles.write(out.resolve(METRICS_FILE), metrics);
    if (json) {
      System.out.print(new String(JsonFiles.toBytes(metrics), StandardCharsets.UTF_8));
    } else {
      if (refinePoses) {
        System.out.println(
            "scores after test-pose refinement ("
                + refineSteps
                + " Adam steps per frame, avatar frozen; docs/evaluation.md)");
      }
      printTable(report);
      if (refinePoses) {
        printRefinement(refined);
      }
      System.out.println("side-by-side images (render | ground truth) -> " + sides);
    }
    return 0;
  }

  static Path lpipsFromEnvironment() {
    String value = System.getenv(LPIPS_ENVIRONMENT_VARIABLE);
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  /**
   * {@code {"psnr", "ssim", "lpips", "frames": [{"id", "psnr", "ssim", "lpips"}]}}: means over the
   * frames and each frame's figures; a figure JSON cannot hold (LPIPS not configured, the infinite
   * PSNR of identical images) is null.
   */
  static ObjectNode toJson(TestFrameReport report) {
    return toJson(report, Map.of());
  }

  /**
   * As {@link #toJson(TestFrameReport)}, each frame also saying whether its pose was refined and,
   * if so, by how much: {@code "refined"}, {@code "rotation_change_degrees"} (the largest change of
   * a refined joint's rotation), {@code "translation_change_m"}, and the refinement objective
   * before and after ({@code "loss_before"}, {@code "loss_after"}).
   */
  static ObjectNode toJson(TestFrameReport report, Map<String, RefinedPose> refined) {
    ObjectNode root = JsonFiles.object();
    putNumber(root, "psnr", report.meanPsnr());
    putNumber(root, "ssim", report.meanSsim());
    putNumber(root, "lpips", report.meanLpips());
    ArrayNode frames = root.putArray("frames");
    for (FrameScore f : report.frames()) {
      ObjectNode o = frames.addObject();
      o.put("id", f.id());
      putNumber(o, "psnr", f.psnr());
      putNumber(o, "ssim", f.ssim());
      putNumber(o, "lpips", f.lpips());
      RefinedPose r = refined.get(f.id());
      o.put("refined", r != null);
      if (r != null) {
        putNumber(o, "rotation_change_degrees", r.rotationChangeDegrees());
        putNumber(o, "translation_change_m", r.translationChange());
        putNumber(o, "loss_before", r.initialLoss());
        putNumber(o, "loss_after", r.finalLoss());
      }
    }
    return root;
  }

  private static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }

  static void printTable(TestFrameReport report) {
    boolean lpips = report.hasLpips();
    System.out.println(lpips ? "frame    PSNR dB    SSIM   LPIPS" : "frame    PSNR dB    SSIM");
    for (FrameScore f : report.frames()) {
      printRow(f.id(), f.psnr(), f.ssim(), f.lpips(), lpips);
    }
    printRow("mean", report.meanPsnr(), report.meanSsim(), report.meanLpips(), lpips);
    if (!lpips) {
      System.out.println(
          "LPIPS: not configured (--lpips FILE or $PERSONA_LPIPS; see docs/evaluation.md)");
    }
  }

  private static void printRefinement(Map<String, RefinedPose> refined) {
    for (Map.Entry<String, RefinedPose> e : refined.entrySet()) {
      RefinedPose r = e.getValue();
      System.out.printf(
          Locale.ROOT,
          "%-7s pose refined: largest joint change %.2f deg, translation %.1f mm,"
              + " objective %.5f -> %.5f%n",
          e.getKey(),
          r.rotationChangeDegrees(),
          r.translationChange() * 1000,
          r.initialLoss(),
          r.finalLoss());
    }
  }

  private static void printRow(
      String id, double psnr, double ssim, double lpips, boolean withLpips) {
    System.out.printf(Locale.ROOT, "%-7s %8.2f  %6.4f", id, psnr, ssim);
    if (withLpips) {
      System.out.printf(Locale.ROOT, "  %6.4f", lpips);
    }
    System.out.println();
  }
}
