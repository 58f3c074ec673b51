package dev.persona.app.stage;

import dev.persona.app.SynthesisBackends;
import dev.persona.core.body.BodyModel;
import dev.persona.core.dataset.Dataset;
import dev.persona.diffusion.plan.FramePlanner;
import dev.persona.diffusion.plan.SynthesisPlan;
import dev.persona.diffusion.synthesis.FitPhoto;
import dev.persona.diffusion.synthesis.SynthesisBackend;
import dev.persona.diffusion.synthesis.TrainingVideoSynthesis;
import dev.persona.workflows.job.JobOptions;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import dev.persona.workflows.stage.SynthesisActivities;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The SYNTHESIZE stage activity: the pose-diverse training video of the fitted person
 * (docs/synthesis.md), clip by clip with a checkpoint after each, output the video dataset folder.
 */
public final class SynthesisStage implements SynthesisActivities {
  private final StageRunner runner;
  private final WorkerBody body;
  private final Path mimicMotionModels;
  private final String codeVersion;

  /**
   * @param mimicMotionModels the MimicMotion TorchScript folder of this worker, or null for the
   *     environment's
   */
  public SynthesisStage(StageRunner runner, WorkerBody body, Path mimicMotionModels) {
    this.runner = runner;
    this.body = body;
    this.mimicMotionModels = mimicMotionModels;
    this.codeVersion =
        CodeVersion.of(SynthesisStage.class, TrainingVideoSynthesis.class, BodyModel.class);
  }

  /** The synthesis plan a job's options ask for (zero and empty mean the plan's defaults). */
  static SynthesisPlan plan(JobOptions options) {
    SynthesisPlan plan = SynthesisPlan.defaults();
    if (!options.motions().isEmpty()) {
      plan = plan.withMotions(options.motions());
    }
    if (options.framesPerMotion() > 0) {
      plan = plan.withFramesPerMotion(options.framesPerMotion());
    }
    if (options.frameSize() > 0) {
      plan = plan.withSize(options.frameSize(), options.frameSize());
    }
    return plan;
  }

  @Override
  public StageOutput synthesize(StageInput input) {
    return runner.run(
        input,
        codeVersion,
        new StageWork() {
          @Override
          public String configuration(StageInput in) {
            return "body="
                + body.id()
                + ";backend="
                + in.options().synthesisBackend()
                + ";plan="
                + plan(in.options());
          }

          @Override
          public StageProduct run(StageWorkspace ws) throws IOException {
            SynthesisPlan plan = plan(ws.input().options());
            FitPhoto photo = FitPhoto.read(ws.input(StageArtifacts.FIT));
            FramePlanner.plan(plan, photo.camera(), photo.params(), body.model());
            Path out = ws.output(StageArtifacts.VIDEO);
            Dataset video;
            // Closed at the end of the stage: MimicMotion's modules hold native (GPU) memory.
            try (SynthesisBackend backend =
                SynthesisBackends.choose(
                    ws.input().options().synthesisBackend(),
                    body.model(),
                    photo,
                    null,
                    mimicMotionModels)) {
              video =
                  TrainingVideoSynthesis.run(
                      photo, body.model(), plan, backend, out, ws.checkpoints(), ws.progress());
            }
            return new StageProduct(
                Map.of(StageArtifacts.VIDEO, out),
                Map.of("video_frames", (double) (video.frameIds().size() - 1)));
          }
        });
  }
}
