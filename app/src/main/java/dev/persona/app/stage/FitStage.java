package dev.persona.app.stage;

import dev.persona.core.body.BodyModel;
import dev.persona.smplx.fitting.FitResult;
import dev.persona.smplx.fitting.PhotoFit;
import dev.persona.workflows.stage.FitActivities;
import dev.persona.workflows.stage.StageArtifacts;
import dev.persona.workflows.stage.StageInput;
import dev.persona.workflows.stage.StageOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The FIT stage activity: BlazePose perception and the SMPL-X fit of the photo (docs/fitting.md),
 * output the fit dataset folder.
 */
public final class FitStage implements FitActivities {
  private final StageRunner runner;
  private final WorkerBody body;
  private final PhotoFit.Perception perception;
  private final String codeVersion;

  public FitStage(StageRunner runner, WorkerBody body, PhotoFit.Perception perception) {
    this.runner = runner;
    this.body = body;
    this.perception = perception;
    this.codeVersion = CodeVersion.of(FitStage.class, PhotoFit.class, BodyModel.class);
  }

  @Override
  public StageOutput fit(StageInput input) {
    return runner.run(
        input,
        codeVersion,
        new StageWork() {
          @Override
          public String configuration(StageInput in) {
            return "body=" + body.id();
          }

          @Override
          public StageProduct run(StageWorkspace ws) throws IOException {
            Path out = ws.output(StageArtifacts.FIT);
            PhotoFit.Outcome outcome =
                PhotoFit.run(
                    new PhotoFit.Request(ws.input(StageArtifacts.PHOTO), out, null, null),
                    body.model(),
                    perception,
                    ws.progress());
            FitResult fit = outcome.fit();
            return new StageProduct(
                Map.of(StageArtifacts.FIT, out),
                Map.of(
                    "fit_landmark_error_px", fit.landmarkErrorPx(),
                    "fit_joint_error_px", fit.jointErrorPx(),
                    "fit_silhouette_iou", fit.silhouetteIou()));
          }
        });
  }
}
