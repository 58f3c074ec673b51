package dev.persona.app.stage;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.BodyModel;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.io.JsonFiles;
import dev.persona.eval.report.TrainingCurves;
import dev.persona.splat.avatar.bundle.AvatarBundle;
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
import java.nio.file.Path;
import java.util.Map;

/**
 * The TRAIN stage activity: the avatar's optimisation on the training video
 * (docs/avatar-training.md) with its checkpoint in the artifact store every few hundred iterations,
 * so a retry on another worker loses at most one checkpoint interval; a cancel saves a checkpoint
 * before the activity ends. Output: the avatar bundle folder.
 */
public final class TrainingStage implements TrainingActivities {
  private final StageRunner runner;
  private final WorkerBody body;
  private final String codeVersion;

  public TrainingStage(StageRunner runner, WorkerBody body) {
    this.runner = runner;
    this.body = body;
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
            return "body=" + body.id() + ";options=" + options(in.options());
          }

          @Override
          public StageProduct run(StageWorkspace ws) throws IOException {
            TrainingOptions options = options(ws.input().options());
            Dataset video = Dataset.open(ws.input(StageArtifacts.VIDEO));
            Path out = ws.output(StageArtifacts.AVATAR);
            TrainingResult result;
            try (AvatarTrainer trainer =
                AvatarTrainer.create(body.model(), video, options, ws.checkpoints(), null)) {
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
