package dev.persona.app.stage;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.BodyModel;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.io.Sha256;
import dev.persona.eval.report.TrainingCurves;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.splat.loss.LpipsLoss;
import dev.persona.splat.training.AvatarTrainer;
import dev.persona.splat.training.TrainingOptions;
import dev.persona.splat.training.TrainingResult;
import dev.persona.splat.training.TrainingSummary;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import dev.persona.workflows.stage.TrainingActivities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The TRAIN stage activity: the avatar's optimisation on the training video
 * (docs/avatar-training.md) with its checkpoint in the artifact store every few hundred iterations,
 * so a retry on another worker loses at most one checkpoint interval; a cancel saves a checkpoint
 * before the activity ends. Output: the avatar bundle folder.
 *
 * <p>A worker given an LPIPS network ({@link LpipsTerm}) adds the paper's LPIPS term to every job's
 * loss; the network's digest and weight are part of the stage's configuration, so results trained
 * with and without it are never taken for one another.
 */
public final class TrainingStage implements TrainingActivities {
  /**
   * The LPIPS term of this worker's training loss (docs/operations.md).
   *
   * @param network the traced LPIPS (VGG) TorchScript file ({@link LpipsLoss})
   * @param weight its weight in the loss, &gt; 0
   */
  public record LpipsTerm(Path network, double weight) {
    /** The network file's path. */
    public static final String NETWORK_VARIABLE = "PERSONA_TRAIN_LPIPS";

    /** The weight; {@link TrainingOptions#DEFAULT_PERCEPTUAL_WEIGHT} when unset. */
    public static final String WEIGHT_VARIABLE = "PERSONA_TRAIN_LPIPS_WEIGHT";

    public LpipsTerm {
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new InvalidInputException(
            InvalidInputException.Reason.MALFORMED,
            WEIGHT_VARIABLE + " must be a finite number > 0, got " + weight);
      }
    }

    /** The term the environment configures: none when {@link #NETWORK_VARIABLE} is unset. */
    public static Optional<LpipsTerm> fromEnvironment(Map<String, String> env) {
      String network = env.get(NETWORK_VARIABLE);
      if (network == null || network.isBlank()) {
        return Optional.empty();
      }
      String weight = env.get(WEIGHT_VARIABLE);
      double w = TrainingOptions.DEFAULT_PERCEPTUAL_WEIGHT;
      if (weight != null && !weight.isBlank()) {
        try {
          w = Double.parseDouble(weight.strip());
        } catch (NumberFormatException e) {
          throw new InvalidInputException(
              InvalidInputException.Reason.MALFORMED,
              WEIGHT_VARIABLE + " must be a number, got '" + weight + "'");
        }
      }
      return Optional.of(new LpipsTerm(Path.of(network.strip()), w));
    }
  }

  private final StageRunner runner;
  private final WorkerBody body;
  private final Optional<LpipsTerm> lpips;
  private final String lpipsConfiguration;
  private final String codeVersion;

  /** A stage with the LPIPS term the process environment configures, if any. */
  public TrainingStage(StageRunner runner, WorkerBody body) {
    this(runner, body, LpipsTerm.fromEnvironment(System.getenv()));
  }

  /**
   * @throws InvalidInputException NOT_FOUND when the LPIPS network file is missing (checked here,
   *     so a misconfigured worker fails at start rather than on its first job)
   */
  public TrainingStage(StageRunner runner, WorkerBody body, Optional<LpipsTerm> lpips) {
    this.runner = runner;
    this.body = body;
    this.lpips = lpips;
    if (lpips.isPresent()) {
      Path network = lpips.get().network();
      if (!Files.isRegularFile(network)) {
        throw new InvalidInputException(
            InvalidInputException.Reason.NOT_FOUND,
            LpipsTerm.NETWORK_VARIABLE + " names no file: " + network);
      }
      try {
        this.lpipsConfiguration = Sha256.of(network) + "*" + lpips.get().weight();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the LPIPS network " + network, e);
      }
    } else {
      this.lpipsConfiguration = "none";
    }
    this.codeVersion = CodeVersion.of(TrainingStage.class, AvatarTrainer.class, BodyModel.class);
  }

  /** The training options a job's options ask for. */
  static TrainingOptions options(JobOptions job) {
    TrainingOptions options = TrainingOptions.preset(job.trainingPreset());
    try {
      if (job.trainingIterations() > 0) {
        options = options.withIterations(job.trainingIterations());
      }
      if (job.trainingResolution() > 0) {
        options = options.withResolution(job.trainingResolution());
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
    }
    return options;
  }

  @Override
  public StageOutput train(StageInput input) {
    return runner.run(
        input,
        codeVersion,
        new StageWork() {
          @Override
          public String configuration(StageInput in) {
            return "body="
                + body.id()
                + ";options="
                + options(in.options())
                + ";lpips="
                + lpipsConfiguration;
          }

          @Override
          public StageProduct run(StageWorkspace ws) throws IOException {
            TrainingOptions options = options(ws.input().options());
            if (lpips.isPresent()) {
              options = options.withWeights(options.weights().withPerceptual(lpips.get().weight()));
            }
            Dataset video = Dataset.open(ws.input(StageArtifacts.VIDEO));
            Path out = ws.output(StageArtifacts.AVATAR);
            TrainingResult result;
            // Closed at the end of the stage: the network holds libtorch's native (GPU) memory.
            try (LpipsLoss perceptual =
                    lpips.isPresent() ? LpipsLoss.load(lpips.get().network()) : null;
                AvatarTrainer trainer =
                    AvatarTrainer.create(
                        body.model(), video, options, ws.checkpoints(), null, perceptual)) {
              ws.progress().onCancel(trainer::requestStop);
              result = trainer.train(ws.progress());
            }
            ws.progress().throwIfCancelled();
            TrainingSummary s = result.summary();
            if (!s.complete()) {
              throw new IllegalStateException(
                  "training stopped at iteration " + s.iterations() + " without a cancel");
            }
            AvatarBundle.write(out, result.avatar(), result.parameters(), "persona onboarding");
            // The publish stage's report plots these (docs/evaluation.md).
            JsonFiles.write(
                out.resolve(TrainingCurves.FILE), TrainingCurves.of(result.history()).toJson());
            return new StageProduct(
                Map.of(StageArtifacts.AVATAR, out),
                Map.of(
                    "train_iterations", (double) s.iterations(),
                    "train_final_loss", s.finalLoss(),
                    "train_photo_psnr", s.photoPsnr(),
                    "train_seconds_per_iteration", s.secondsPerIteration()));
          }
        });
  }
}
