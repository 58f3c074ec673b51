package dev.persona.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.body.BodyModel;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.progress.FolderCheckpointStore;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.splat.loss.LpipsLoss;
import dev.persona.splat.training.AvatarTrainer;
import dev.persona.splat.training.TrainingHistory;
import dev.persona.splat.training.TrainingOptions;
import dev.persona.splat.training.TrainingResult;
import dev.persona.splat.training.TrainingSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona avatar train}: optimises the avatar on a dataset (docs/avatar-training.md) and
 * writes the avatar bundle. The avatar folder holds, besides the bundle, {@code checkpoints/} (the
 * trainer's state every K iterations, for {@code --resume}), {@code seams.png} and {@code
 * training.json} (options, summary, per-iteration history). Ctrl-C saves a checkpoint before the
 * process ends.
 */
@Command(
    name = "train",
    description =
        "Train an avatar on a dataset folder (photo + synthetic frames) and write the avatar"
            + " bundle.")
final class AvatarTrain implements Callable<Integer> {
  static final String CHECKPOINTS = "checkpoints";
  static final String TRAINING_JSON = "training.json";

  @Option(
      names = "--data",
      required = true,
      description = "dataset folder (docs/formats/dataset.md)")
  Path data;

  @Option(names = "--out", required = true, description = "avatar folder to write")
  Path out;

  @Option(
      names = "--preset",
      description = "fast (default: minutes on 2 cores), paper (the paper's sizes) or test")
  String preset = "fast";

  @Option(names = "--resume", description = "continue from the checkpoint in OUT/checkpoints")
  boolean resume;

  @Option(names = "--iterations", description = "override the preset's iteration count")
  Integer iterations;

  @Option(names = "--threads", description = "worker threads (default: the preset's)")
  Integer threads;

  @Option(
      names = "--no-pose-offsets",
      description = "train without pose-driven offsets (the ablation)")
  boolean noPoseOffsets;

  @Option(
      names = "--lpips",
      description =
          "add LPIPS (VGG) to the loss, as the paper does: a TorchScript file traced from the"
              + " reference implementation (docs/avatar-training.md#lpips; needs libtorch)")
  Path lpips;

  @Option(
      names = "--lpips-weight",
      description = "the LPIPS term's weight (default with --lpips: 0.2)")
  Double lpipsWeight;

  @Option(
      names = "--model",
      description =
          "body model .npz (default: $" + BodyModels.ENVIRONMENT_VARIABLE + " or built-in)")
  Path model;

  @Override
  public Integer call() throws IOException {
    TrainingOptions options = options(preset, iterations, threads, noPoseOffsets);
    options = withLpipsWeight(options, lpips, lpipsWeight);
    Dataset dataset = Dataset.open(data);
    BodyModel body = BodyModels.load(model);
    TrainingSummary summary;
    try (LpipsLoss perceptual = lpips == null ? null : LpipsLoss.load(lpips)) {
      summary = train(body, dataset, options, out, resume, "train", perceptual);
    }
    print(summary, out);
    return summary.complete() ? 0 : 3;
  }

  /**
   * The options with the LPIPS weight the command line asks for: {@code weight}, or {@link
   * TrainingOptions#DEFAULT_PERCEPTUAL_WEIGHT} when only a network is given.
   */
  static TrainingOptions withLpipsWeight(TrainingOptions options, Path network, Double weight) {
    if (network == null) {
      if (weight != null && weight > 0) {
        throw new InvalidInputException(
            InvalidInputException.Reason.MALFORMED,
            "--lpips-weight needs --lpips FILE, the LPIPS network");
      }
      return options;
    }
    double w = weight == null ? TrainingOptions.DEFAULT_PERCEPTUAL_WEIGHT : weight;
    try {
      return options.withWeights(options.weights().withPerceptual(w));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
    }
  }

  /** The preset with the command line's overrides, as a typed error for bad values. */
  static TrainingOptions options(
      String preset, Integer iterations, Integer threads, boolean noPoseOffsets) {
    TrainingOptions o = TrainingOptions.preset(preset);
    try {
      if (iterations != null) {
        o = o.withIterations(iterations);
      }
      if (threads != null) {
        o = o.withThreads(threads);
      }
      return noPoseOffsets ? o.withPoseDrivenOffsets(false) : o;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
    }
  }

  /**
   * Trains into {@code out} (checkpoints, seams, training.json) and, when the run completes, writes
   * the bundle there. An existing checkpoint is refused unless {@code resume}: starting over would
   * overwrite saved work.
   */
  static TrainingSummary train(
      BodyModel body,
      Dataset dataset,
      TrainingOptions options,
      Path out,
      boolean resume,
      String label,
      LpipsLoss perceptual)
      throws IOException {
    Files.createDirectories(out);
    FolderCheckpointStore store = new FolderCheckpointStore(out.resolve(CHECKPOINTS));
    boolean saved = Files.isRegularFile(store.file(AvatarTrainer.CHECKPOINT_NAME));
    if (saved && !resume) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED,
          out
              + " already holds a training checkpoint: pass --resume to continue it, or choose"
              + " another --out");
    }
    if (resume && !saved) {
      System.err.println("persona: no checkpoint in " + store.folder() + ", starting afresh");
    }
    ConsoleProgress progress = new ConsoleProgress(label);
    TrainingResult result;
    try (AvatarTrainer trainer =
        AvatarTrainer.create(body, dataset, options, store, out, perceptual)) {
      if (trainer.iteration() > 0) {
        System.err.printf(
            Locale.ROOT,
            "persona: resuming at iteration %d of %d%n",
            trainer.iteration(),
            options.iterations());
      }
      CountDownLatch finished = new CountDownLatch(1);
      Thread saveOnInterrupt =
          new Thread(
              () -> {
                trainer.requestStop();
                try {
                  finished.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "persona-train-shutdown");
      Runtime.getRuntime().addShutdownHook(saveOnInterrupt);
      try {
        result = trainer.train(progress);
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(saveOnInterrupt);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is already exiting (Ctrl-C): the hook waits for us, nothing to remove.
        }
      }
      progress.finish();
    }
    writeTrainingJson(out.resolve(TRAINING_JSON), options, result);
    if (result.summary().complete()) {
      AvatarBundle.write(out, result.avatar(), result.parameters(), "persona avatar train");
    }
    return result.summary();
  }

  private static void writeTrainingJson(Path file, TrainingOptions options, TrainingResult result)
      throws IOException {
    ObjectNode root = JsonFiles.object();
    root.put("options", options.toString());
    TrainingSummary s = result.summary();
    ObjectNode summary = root.putObject("summary");
    summary.put("iterations", s.iterations());
    summary.put("total_iterations", s.totalIterations());
    summary.put("complete", s.complete());
    putNumber(summary, "final_loss", s.finalLoss());
    putNumber(summary, "photo_psnr", s.photoPsnr());
    putNumber(summary, "wall_seconds", s.wallSeconds());
    putNumber(summary, "seconds_per_iteration", s.secondsPerIteration());
    TrainingHistory h = result.history();
    ArrayNode loss = root.putArray("loss");
    for (float v : h.loss()) {
      loss.add(v);
    }
    ArrayNode psnr = root.putArray("photo_psnr");
    for (float v : h.photoPsnr()) {
      if (Float.isNaN(v)) {
        psnr.addNull();
      } else {
        psnr.add(v);
      }
    }
    JsonFiles.write(file, root);
  }

  /** JSON has no NaN: a figure that does not exist yet is null. */
  private static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }

  static void print(TrainingSummary s, Path out) {
    System.out.printf(
        Locale.ROOT,
        "%s: %d/%d iterations, loss %.5f, photo PSNR %.2f dB, %.1f s (%.3f s/iteration)%n",
        s.complete() ? "trained" : "stopped (checkpoint saved; --resume continues)",
        s.iterations(),
        s.totalIterations(),
        s.finalLoss(),
        s.photoPsnr(),
        s.wallSeconds(),
        s.secondsPerIteration());
    if (s.complete()) {
      System.out.println("wrote avatar bundle " + out);
    }
  }
}
