package dev.persona.app.stage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.camera.ViewSpec;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.motion.BuiltInMotion;
import dev.persona.core.motion.Motion;
import dev.persona.core.progress.ProgressListener;
import dev.persona.eval.report.JobReport;
import dev.persona.eval.report.ReportHtml;
import dev.persona.eval.report.ReportMetric;
import dev.persona.eval.report.StageTime;
import dev.persona.eval.report.TrainingCurves;
import dev.persona.eval.testframes.FrameScore;
import dev.persona.eval.testframes.TestFrameEvaluation;
import dev.persona.eval.testframes.TestFrameReport;
import dev.persona.smplx.fitting.FitOutput;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.splat.avatar.render.AvatarAnimation;
import dev.persona.splat.avatar.render.AvatarRenderer;
import dev.persona.splat.avatar.render.Background;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.io.SplatFiles;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.stage.PublishActivities;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The PUBLISH stage activity: scores the avatar against the photo (PSNR and SSIM under the
 * evaluation protocol, at the training resolution: a single photo has no ground truth in other
 * poses), renders it walking, exports the canonical Gaussians for splat viewers, and writes the
 * result folder: {@code avatar/} (the bundle), {@code avatar.ply}, {@code avatar.splat}, {@code
 * avatar.spz}, {@code renders/walk.gif}, {@code renders/photo.png} (render beside photo), {@code
 * report.json} and the HTML report ({@code report.html} + {@code report-files/}: photo, mask, fit
 * overlay, training frames, training curves, novel poses, a turntable GIF, the metrics and each
 * stage's wall time; docs/evaluation.md).
 */
public final class PublishStage implements PublishActivities {
  /** The result folder's report file. */
  public static final String REPORT = "report.json";

  /** Training frames the report's contact sheet shows at most (evenly spaced). */
  static final int REPORT_FRAMES = 24;

  /** Turntable frames (one every 360 / N degrees). */
  static final int TURNTABLE_FRAMES = 24;

  /** The novel poses the report shows: moments of built-in motions, seconds. */
  private static final List<SmplxParams> NOVEL_POSES =
      List.of(
          BuiltInMotion.SQUAT.at(1.5), BuiltInMotion.ARMS.at(0.75), BuiltInMotion.REACH.at(1.5));

  private final StageRunner runner;
  private final WorkerBody body;
  private final String codeVersion;

  public PublishStage(StageRunner runner, WorkerBody body) {
    this.runner = runner;
    this.body = body;
    this.codeVersion =
        CodeVersion.of(
            PublishStage.class, TestFrameEvaluation.class, AvatarRenderer.class, BodyModel.class);
  }

  @Override
  public StageOutput publish(StageInput input) {
    return runner.run(
        input,
        codeVersion,
        new StageWork() {
          @Override
          public String configuration(StageInput in) {
            return "body="
                + body.id()
                + ";resolution="
                + TrainingStage.options(in.options()).resolution();
          }

          @Override
          public StageProduct run(StageWorkspace ws) throws IOException {
            return publish(ws);
          }
        });
  }

  private StageProduct publish(StageWorkspace ws) throws IOException {
    long started = System.nanoTime();
    int resolution = TrainingStage.options(ws.input().options()).resolution();
    Dataset video = Dataset.open(ws.input(StageArtifacts.VIDEO));
    Path bundleFolder = ws.input(StageArtifacts.AVATAR);
    AvatarBundle bundle = AvatarBundle.read(bundleFolder);
    Path out = ws.output(StageArtifacts.RESULT);
    Path renders = out.resolve("renders");
    Files.createDirectories(renders);
    copyFolder(bundleFolder, out.resolve("avatar"));

    ws.progress().progress(0, 3, "scoring the avatar on the photo");
    RenderSettings settings =
        Background.WHITE.applyTo(
            RenderSettings.defaults().withThreads(Runtime.getRuntime().availableProcessors()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<Image> novelPoses;
    List<Image> turntable;
    FrameScore photoScore;
    try (AvatarRenderer renderer =
        new AvatarRenderer(bundle.avatar(), bundle.parameters(), settings)) {
      Path comparison = ws.folder().resolve("comparison");
      TestFrameReport photo =
          TestFrameEvaluation.evaluateFrames(
              video, List.of(video.photoId()), renderer::render, comparison, resolution);
      FrameScore score = photo.frames().get(0);
      Files.move(comparison.resolve(video.photoId() + ".png"), renders.resolve("photo.png"));
      metrics.put("photo_psnr", score.psnr());
      metrics.put("photo_ssim", score.ssim());

      ws.progress().progress(1, 3, "rendering the avatar walking, in novel poses, turning");
      Motion walk = BuiltInMotion.WALK.motion(12);
      int side = resolution > 0 ? resolution : 256;
      PinholeCamera camera = renderer.frame(ViewSpec.parse("orbit:30"), walk, side, side);
      AvatarAnimation.render(
          renderer,
          walk,
          camera,
          new AvatarAnimation.Outputs(null, renders.resolve("walk.gif"), false),
          ProgressListener.NONE);
      novelPoses = new ArrayList<>();
      for (SmplxParams pose : NOVEL_POSES) {
        novelPoses.add(
            renderer.render(pose, renderer.frame(ViewSpec.parse("front"), pose, side, side)));
      }
      turntable = new ArrayList<>();
      SmplxParams rest = SmplxParams.zero();
      for (int k = 0; k < TURNTABLE_FRAMES; k++) {
        ViewSpec view = ViewSpec.parse("orbit:" + (360.0 * k / TURNTABLE_FRAMES));
        turntable.add(renderer.render(rest, renderer.frame(view, rest, side, side)));
      }
      photoScore = score;
    }

    ws.progress().progress(2, 3, "exporting splat files");
    Gaussians canonical =
        AvatarBundle.canonicalGaussians(new AvatarPoser(bundle.avatar()), bundle.parameters());
    for (String name : List.of("avatar.ply", "avatar.splat", "avatar.spz")) {
      SplatFiles.write(out.resolve(name), canonical);
    }
    metrics.put("gaussians", (double) canonical.count());

    ObjectNode report = JsonFiles.object();
    report.put("tenant", ws.input().key().tenant());
    report.put("job_id", ws.input().key().jobId());
    ObjectNode m = report.putObject("metrics");
    new TreeMap<>(metrics).forEach(m::put);
    report.put(
        "note",
        "photo_psnr/photo_ssim: the avatar rendered at the photo's camera and pose against the"
            + " photo (evaluation protocol: person box, white background, sRGB)");
    JsonFiles.write(out.resolve(REPORT), report);

    Path fit = ws.input(StageArtifacts.FIT);
    List<StageTime> times =
        List.of(
            StageWallTime.read(fit, Stage.FIT),
            StageWallTime.read(ws.input(StageArtifacts.VIDEO), Stage.SYNTHESIZE),
            StageWallTime.read(bundleFolder, Stage.TRAIN),
            new StageTime(
                Stage.PUBLISH.id(), (System.nanoTime() - started) / 1e9, "until the report"));
    ReportHtml.write(
        out,
        new JobReport(
            "Persona avatar: job " + ws.input().key().tenant() + "/" + ws.input().key().jobId(),
            video.image(video.photoId()),
            video.mask(video.photoId()),
            readIfPresent(fit.resolve(FitOutput.OVERLAY_FILE)),
            trainingFrames(video),
            readCurves(bundleFolder.resolve(TrainingCurves.FILE)),
            novelPoses,
            turntable,
            List.of(
                new ReportMetric(
                    "photo PSNR",
                    String.format(Locale.ROOT, "%.2f dB", photoScore.psnr()),
                    "the avatar at the photo's pose and camera against the photo, on the"
                        + " protocol's person crop over white (higher is better)"),
                new ReportMetric(
                    "photo SSIM",
                    String.format(Locale.ROOT, "%.4f", photoScore.ssim()),
                    "structural similarity of the same pair, 1 = identical"),
                new ReportMetric(
                    "LPIPS",
                    "not configured",
                    "learned perceptual distance; needs an exported LPIPS network"
                        + " (docs/evaluation.md)"),
                new ReportMetric(
                    "Gaussians",
                    Integer.toString(canonical.count()),
                    "the avatar's splats (avatar.ply, .splat, .spz)")),
            times));
    ws.progress().progress(3, 3, "published");
    return new StageProduct(Map.of(StageArtifacts.RESULT, out), metrics);
  }

  private static Image readIfPresent(Path file) throws IOException {
    return Files.isRegularFile(file) ? ImageIo.read(file) : null;
  }

  private static TrainingCurves readCurves(Path file) {
    return Files.isRegularFile(file)
        ? TrainingCurves.fromJson(JsonFiles.read(file), file.toString())
        : null;
  }

  /** Up to {@link #REPORT_FRAMES} of the video's training frames, evenly spaced. */
  private static List<Image> trainingFrames(Dataset video) throws IOException {
    List<String> ids = video.frameIds(FrameSplit.TRAIN);
    int n = Math.min(REPORT_FRAMES, ids.size());
    List<Image> frames = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      frames.add(video.image(ids.get(i * ids.size() / n)));
    }
    return frames;
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
