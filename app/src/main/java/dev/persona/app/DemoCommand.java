package dev.persona.app;

import dev.persona.app.jobs.JobClient;
import dev.persona.app.jobs.PersonaRuntime;
import dev.persona.core.InvalidInputException;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.io.FileTrees;
import dev.persona.eval.report.ReportHtml;
import dev.persona.eval.testframes.TestFrameEvaluation;
import dev.persona.eval.testframes.TestFrameReport;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.splat.avatar.render.AvatarRenderer;
import dev.persona.splat.avatar.render.Background;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.workflows.job.JobKey;
import dev.persona.workflows.job.JobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./persona demo [PHOTO]}: the product end to end on this machine. Onboards the photo (or,
 * without one, the photo of a built-in synthetic subject) as a durable job on the running stack or
 * an embedded one (Temporal test server, Kafka broker, workers of every role) with a live view fed
 * by the job's events, and says where to look. A synthetic subject also has ground truth in novel
 * poses, so the demo scores the avatar on those too.
 */
@Command(
    name = "demo",
    description =
        "Onboard a photo (default: a built-in synthetic subject's) end to end on the embedded"
            + " stack: fit, training video, avatar, renders and report.html in out/demo/.")
final class DemoCommand implements Callable<Integer> {
  /** Iterations and resolution of the demo's training: minutes on two cores. */
  static final int DEMO_ITERATIONS = 300;

  static final int DEMO_RESOLUTION = 192;

  /** Marks a folder as the demo's own, so a later demo may replace it. */
  static final String MARKER = "persona-demo";

  @Parameters(index = "0", arity = "0..1", paramLabel = "PHOTO", description = "a photo to onboard")
  Path photo;

  @Option(names = "--out", description = "output folder (default: out/demo)")
  Path out = Path.of("out", "demo");

  @Option(names = "--seed", description = "random seed of the synthetic subject (default: 7)")
  long seed = 7;

  /** The demo's job: the fast preset cut short, a short training video. */
  static JobOptions demoOptions() {
    return new JobOptions("fast", DEMO_ITERATIONS, DEMO_RESOLUTION, "reproject", List.of(), 8, 256);
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    prepare(out);
    Dataset subject = null;
    Path input = photo;
    if (input == null) {
      subject =
          DatasetCommand.synthesize(
              out.resolve("subject"),
              null,
              SyntheticSubjectOptions.defaults()
                  .withFrames(6, 4, 6)
                  .withSize(384, 384)
                  .withSeed(seed),
              "synthetic subject");
      input = subject.imageFile(subject.photoId());
      System.out.println(
          "synthetic subject: its photo "
              + input
              + ", ground truth in novel poses -> "
              + out.resolve("subject").resolve(SyntheticSubject.CONTACT_SHEET_FILE));
    } else if (!Files.isRegularFile(input)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "photo not found: " + input);
    }
    JobOptions options = demoOptions();
    JobKey key = new JobKey("demo", OnboardCommand.defaultJobId(input, options));
    Path avatar = out.resolve("avatar");
    int exit;
    try (PersonaRuntime runtime = PersonaRuntime.connect(true, System.err)) {
      JobClient.Submission s = runtime.jobs().submit(input, key, options, null);
      System.out.println(
          (s.alreadyStarted() ? "found job " : "submitted job ") + "demo/" + key.jobId());
      exit = JobRun.follow(runtime, key, s.runId(), avatar, System.out);
    }
    if (exit == 0 && subject != null) {
      scoreNovelPoses(subject, avatar);
    }
    System.out.printf(
        Locale.ROOT,
        "demo %s in %.1f s. Open %s (the report), or look at %s%n",
        exit == 0 ? "done" : "ended",
        (System.nanoTime() - start) / 1e9,
        avatar.resolve(ReportHtml.HTML),
        avatar.resolve("renders"));
    return exit;
  }

  /** The synthetic subject's test frames: poses the avatar never saw, with ground truth. */
  private static void scoreNovelPoses(Dataset subject, Path avatar) throws IOException {
    AvatarBundle bundle = AvatarBundle.read(avatar.resolve("avatar"));
    RenderSettings settings =
        Background.WHITE.applyTo(
            RenderSettings.defaults().withThreads(Runtime.getRuntime().availableProcessors()));
    try (AvatarRenderer renderer =
        new AvatarRenderer(bundle.avatar(), bundle.parameters(), settings)) {
      TestFrameReport report =
          TestFrameEvaluation.evaluate(
              subject, renderer::render, avatar.resolve("test-frames"), DEMO_RESOLUTION);
      System.out.printf(
          Locale.ROOT,
          "novel poses (synthetic ground truth, %d frames): PSNR %.1f dB, SSIM %.3f -> %s%n",
          report.frames().size(),
          report.meanPsnr(),
          report.meanSsim(),
          avatar.resolve("test-frames"));
    }
  }

  /**
   * Makes {@code out} the demo's: created, or emptied when an earlier demo wrote it; anything else
   * is refused rather than deleted.
   */
  private static void prepare(Path out) throws IOException {
    if (Files.exists(out)) {
      // body-views.png: what the demo wrote before it ran whole jobs.
      boolean ours =
          Files.exists(out.resolve(MARKER)) || Files.exists(out.resolve("body-views.png"));
      boolean empty;
      try (Stream<Path> entries = Files.list(out)) {
        empty = entries.findAny().isEmpty();
      }
      if (!ours && !empty) {
        throw new InvalidInputException(
            InvalidInputException.Reason.MALFORMED,
            out + " exists and is not the demo's; move it away or pass --out");
      }
      FileTrees.delete(out);
    }
    Files.createDirectories(out);
    Files.writeString(
        out.resolve(MARKER), "written by ./persona demo; the next demo replaces it\n");
  }
}
