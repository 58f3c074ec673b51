package dev.persona.app;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.camera.ViewSpec;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetLayout;
import dev.persona.core.dataset.synth.PoseFamily;
import dev.persona.core.dataset.synth.PoseLibrary;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.image.ContactSheet;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.motion.BuiltInMotion;
import dev.persona.core.motion.Motion;
import dev.persona.core.progress.ProgressListener;
import dev.persona.eval.testframes.TestFrameEvaluation;
import dev.persona.eval.testframes.TestFrameReport;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.splat.avatar.render.AvatarAnimation;
import dev.persona.splat.avatar.render.AvatarRenderer;
import dev.persona.splat.avatar.render.Background;
import dev.persona.splat.io.SplatFiles;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.raster.Rendering;
import dev.persona.splat.scene.BenchScene;
import dev.persona.splat.scene.BodySplatScene;
import dev.persona.splat.scene.BodySplatSceneOptions;
import dev.persona.splat.training.TrainingOptions;
import dev.persona.splat.training.TrainingSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona demo}: what the project can do today, end to end on this machine. Renders the
 * body in its rest pose and in other poses, then generates a synthetic subject (the kind of input
 * and ground truth every later stage is measured on). Grows into the full photo-to-avatar job as
 * the pipeline stages land: today it ends by training a Gaussian avatar on that subject, scoring it
 * on novel poses and animating it.
 */
@Command(
    name = "demo",
    description =
        "Run the demo: body renders, a synthetic subject, Gaussian splats and a trained avatar,"
            + " written to out/demo/.")
final class DemoCommand implements Callable<Integer> {
  static final int DEMO_ITERATIONS = 300;
  static final int DEMO_RESOLUTION = 192;

  @Option(names = "--out", description = "output folder (default: out/demo)")
  Path out = Path.of("out", "demo");

  @Option(names = "--model", description = "SMPL-X-layout .npz (default: built-in body)")
  Path model;

  @Option(names = "--seed", description = "random seed of the synthetic subject (default: 7)")
  long seed = 7;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(out);
    long start = System.nanoTime();

    BodyModel body = BodyModels.load(model);
    BodyRig rig = new BodyRig(body);
    List<Image> views = new ArrayList<>();
    record Pose(String name, PoseFamily family, double phase) {}
    for (Pose pose :
        List.of(
            new Pose("rest", PoseFamily.T_POSE, 0),
            new Pose("arms-down", PoseFamily.ARMS_DOWN, 0.5),
            new Pose("walk", PoseFamily.WALK, 0.25))) {
      SmplxParams params =
          pose.family == PoseFamily.T_POSE
              ? SmplxParams.zero()
              : SmplxParams.zero().withFullPose(PoseLibrary.pose(pose.family, pose.phase));
      PosedBody posed = rig.forward(params);
      for (String view : List.of("front", "orbit:45", "side")) {
        Image image =
            BodyRender.render(body, posed, ViewSpec.parse(view).frame(posed.vertices(), 384, 512));
        ImageIo.writePng(
            out.resolve("body-" + pose.name + "-" + view.replace(":", "") + ".png"), image);
        views.add(image);
      }
    }
    Path sheet = out.resolve("body-views.png");
    ImageIo.writePng(sheet, ContactSheet.of(views, 3, 288, 384));
    System.out.printf(
        "body: %s, %d vertices, %d joints -> %s%n",
        body.name(), body.vertexCount(), body.jointCount(), sheet);

    Path subject = out.resolve("subject");
    removePreviousSubject(subject);
    SyntheticSubjectOptions options =
        SyntheticSubjectOptions.defaults().withFrames(6, 4, 6).withSize(384, 384).withSeed(seed);
    Dataset dataset = DatasetCommand.synthesize(subject, model, options, "synthetic subject");
    System.out.printf(
        "synthetic subject: %d frames (photo, training, novel test poses) -> %s%n",
        dataset.frameIds().size(), subject.resolve(SyntheticSubject.CONTACT_SHEET_FILE));
    renderSplats(out.resolve("splat"));
    trainAvatar(body, dataset, out.resolve("avatar"));
    System.out.printf(
        "done in %.1f s. Look at the PNGs in %s%n", (System.nanoTime() - start) / 1e9, out);
    return 0;
  }

  /**
   * The avatar, briefly: the {@code fast} preset cut to {@value #DEMO_ITERATIONS} iterations on
   * {@value #DEMO_RESOLUTION}-pixel frames (a couple of minutes on two cores; {@code ./persona
   * avatar train} runs the full preset), written as an avatar bundle, scored on the subject's novel
   * test poses and animated walking.
   */
  private static void trainAvatar(BodyModel body, Dataset dataset, Path folder) throws IOException {
    removePrevious(folder, AvatarBundle.DESCRIPTION, AvatarTrain.CHECKPOINTS);
    TrainingOptions options =
        TrainingOptions.fast().withIterations(DEMO_ITERATIONS).withResolution(DEMO_RESOLUTION);
    TrainingSummary summary = AvatarTrain.train(body, dataset, options, folder, false, "avatar");
    AvatarBundle bundle = AvatarBundle.read(folder);
    RenderSettings settings =
        Background.WHITE.applyTo(
            RenderSettings.defaults().withThreads(Runtime.getRuntime().availableProcessors()));
    try (AvatarRenderer renderer =
        new AvatarRenderer(bundle.avatar(), bundle.parameters(), settings)) {
      TestFrameReport report =
          TestFrameEvaluation.evaluate(
              dataset, renderer::render, folder.resolve("test-frames"), DEMO_RESOLUTION);
      Motion walk = BuiltInMotion.WALK.motion(12);
      // At the training resolution: rendered larger, the briefly trained splats leave gaps.
      PinholeCamera camera =
          renderer.frame(ViewSpec.parse("orbit:30"), walk, DEMO_RESOLUTION, DEMO_RESOLUTION);
      Path gif = folder.resolve("walk.gif");
      AvatarAnimation.render(
          renderer,
          walk,
          camera,
          new AvatarAnimation.Outputs(null, gif, false),
          ProgressListener.NONE);
      System.out.printf(
          Locale.ROOT,
          "avatar: %d Gaussians, %d iterations (%.2f s each), novel poses PSNR %.1f dB SSIM %.3f"
              + " -> %s (bundle), %s%n",
          bundle.avatar().count(),
          summary.iterations(),
          summary.secondsPerIteration(),
          report.meanPsnr(),
          report.meanSsim(),
          folder,
          gif);
    }
  }

  /** Replaces a subject this demo wrote before; refuses to touch a folder that is not one. */
  private static void removePreviousSubject(Path subject) throws IOException {
    removePrevious(subject, DatasetLayout.DESCRIPTION);
  }

  /**
   * Deletes {@code folder} when it is one this demo wrote before (it holds one of {@code markers});
   * refuses to touch anything else.
   */
  private static void removePrevious(Path folder, String... markers) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    boolean ours = false;
    for (String marker : markers) {
      ours |= Files.exists(folder.resolve(marker));
    }
    if (!ours) {
      throw new IOException(folder + " exists and is not the demo's; move it away or pass --out");
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Gaussian splats: a body-shaped scene of 50,000 Gaussians rendered by the differentiable
   * rasterizer (colour with alpha, and its expected depth), saved as a standard 3DGS .ply and a
   * compressed .spz that web viewers open.
   */
  private static void renderSplats(Path folder) throws IOException {
    Files.createDirectories(folder);
    BenchScene scene = BodySplatScene.generate(new BodySplatSceneOptions(50_000, 384, 512, 1, 3));
    RenderSettings settings =
        RenderSettings.defaults()
            .withBackground(1, 1, 1)
            .withThreads(Runtime.getRuntime().availableProcessors());
    try (CpuGaussianRasterizer rasterizer = new CpuGaussianRasterizer()) {
      Rendering rendering = rasterizer.render(scene.gaussians(), scene.camera(), settings);
      ImageIo.writePng(folder.resolve("splats.png"), rendering.rgbaImage());
    }
    SplatFiles.write(folder.resolve("body.ply"), scene.gaussians());
    SplatFiles.write(folder.resolve("body.spz"), scene.gaussians());
    System.out.printf(
        "gaussian splats: %d Gaussians rendered -> %s (and body.ply, body.spz)%n",
        scene.gaussians().count(), folder.resolve("splats.png"));
  }
}
