package dev.persona.app;

import dev.persona.core.body.BodyModel;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.io.FileTrees;
import dev.persona.core.progress.FolderCheckpointStore;
import dev.persona.diffusion.mimicmotion.MimicMotionComponents;
import dev.persona.diffusion.plan.CameraPath;
import dev.persona.diffusion.plan.FramePlanner;
import dev.persona.diffusion.plan.SynthesisPlan;
import dev.persona.diffusion.reproject.ReprojectBackend;
import dev.persona.diffusion.synthesis.FitPhoto;
import dev.persona.diffusion.synthesis.SynthesisBackend;
import dev.persona.diffusion.synthesis.TrainingVideoSynthesis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona synth}: stage 1, the pose-diverse training video (docs/synthesis.md). Finished
 * clips are kept in {@code OUT/checkpoints/} while the run lasts, so running the same command again
 * after an interruption continues where it stopped; they are removed when the dataset is complete.
 */
@Command(
    name = "synth",
    description =
        "Synthesise training frames of the fitted person in many poses and views: a dataset folder"
            + " ready for 'avatar train'.")
final class SynthCommand implements Callable<Integer> {
  static final String CHECKPOINTS = "checkpoints";

  @Option(
      names = "--fit",
      required = true,
      description = "fit folder: a dataset whose photo frame has the fitted SMPL-X and camera")
  Path fit;

  @Option(
      names = "--out",
      required = true,
      description = "dataset folder to write; rerun with the same folder to resume")
  Path out;

  @Option(names = "--backend", description = "reproject (default, CPU) or mimicmotion (GPU)")
  String backend = ReprojectBackend.NAME;

  @Option(
      names = "--motions",
      split = ",",
      description = "built-in motions or motion files (default: every built-in; see 'motion list')")
  List<String> motions;

  @Option(names = "--frames", description = "frames per motion (default: 32)")
  Integer frames;

  @Option(names = "--size", description = "frame size WxH (default: 512x512)")
  String size;

  @Option(names = "--camera", description = "orbit (default) or fixed")
  String camera;

  @Option(names = "--clip", description = "frames per checkpointed clip (default: 16)")
  Integer clip;

  @Option(names = "--texture-size", description = "reproject: UV texture side (default: 1024)")
  Integer textureSize;

  @Option(
      names = "--mimicmotion-models",
      description =
          "mimicmotion: folder of the exported TorchScript files (default: $"
              + MimicMotionComponents.ENVIRONMENT_VARIABLE
              + ")")
  Path mimicMotionModels;

  @Option(
      names = "--model",
      description =
          "body model .npz (default: $" + BodyModels.ENVIRONMENT_VARIABLE + " or built-in)")
  Path model;

  @Override
  public Integer call() throws IOException {
    SynthesisPlan plan = plan();
    FitPhoto photo = FitPhoto.read(fit);
    BodyModel body = BodyModels.load(model);
    // Motions are resolved before any slow work, so a typo fails at once.
    FramePlanner.plan(plan, photo.camera(), photo.params(), body);
    ConsoleProgress progress = new ConsoleProgress("synth");
    Path checkpoints = out.resolve(CHECKPOINTS);
    Dataset dataset;
    try (SynthesisBackend chosen =
        SynthesisBackends.choose(backend, body, photo, textureSize, mimicMotionModels)) {
      dataset =
          TrainingVideoSynthesis.run(
              photo, body, plan, chosen, out, new FolderCheckpointStore(checkpoints), progress);
    }
    progress.finish();
    FileTrees.delete(checkpoints);
    System.out.println(
        "wrote "
            + out
            + ": the photo and "
            + (dataset.frameIds().size() - 1)
            + " synthesised frames; look at "
            + out.resolve(TrainingVideoSynthesis.CONTACT_SHEET_FILE));
    return 0;
  }

  SynthesisPlan plan() {
    SynthesisPlan plan = SynthesisPlan.defaults();
    if (motions != null) {
      plan = plan.withMotions(motions.stream().map(String::strip).toList());
    }
    if (frames != null) {
      plan = plan.withFramesPerMotion(frames);
    }
    if (size != null) {
      int[] wh = ImageSize.parse(size);
      plan = plan.withSize(wh[0], wh[1]);
    }
    if (camera != null) {
      plan = plan.withCamera(CameraPath.fromCliName(camera), plan.orbitTurns());
    }
    if (clip != null) {
      plan = plan.withClipLength(clip);
    }
    return plan;
  }
}
