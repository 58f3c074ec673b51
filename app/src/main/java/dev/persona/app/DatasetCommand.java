package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.dataset.synth.TexturePattern;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./persona dataset ...}: datasets in Persona's layout (docs/formats/dataset.md). */
@Command(
    name = "dataset",
    description = "Datasets in Persona's layout.",
    mixinStandardHelpOptions = true,
    subcommands = {DatasetCommand.Synth.class, DatasetImport.class})
final class DatasetCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(
      name = "synth",
      description =
          "Generate a synthetic subject: a textured body photographed in a photo frame, training"
              + " poses x views and novel test poses, with ground-truth SMPL-X and cameras.")
  static final class Synth implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "output folder (must not exist)")
    Path out;

    @Option(names = "--model", description = "SMPL-X-layout .npz (default: built-in body)")
    Path model;

    @Option(
        names = "--betas",
        split = ",",
        description = "shape coefficients, comma-separated (default: drawn from the seed)")
    double[] betas;

    @Option(names = "--texture", description = "an image in the body's UV space")
    Path texture;

    @Option(
        names = "--pattern",
        description =
            "procedural appearance: outfit (default), outfit-stripes, outfit-checks, outfit-print,"
                + " stripes, checks, print")
    String pattern = TexturePattern.OUTFIT.cliName();

    @Option(names = "--poses", description = "training poses (default: 8)")
    int poses = 8;

    @Option(names = "--views", description = "training views per pose (default: 4)")
    int views = 4;

    @Option(names = "--test-poses", description = "novel-pose, novel-view test frames (default: 8)")
    int testPoses = 8;

    @Option(names = "--size", description = "frame size WxH (default: 512x512)")
    String size = "512x512";

    @Option(names = "--seed", description = "random seed; same seed, same dataset (default: 1)")
    long seed = 1;

    @Option(
        names = "--deformation",
        paramLabel = "METRES",
        description =
            "outward bulge of the surface around a fully bent joint, as loose clothing gives"
                + " (default: 0, the surface only follows linear blend skinning)")
    double deformation = 0;

    @Override
    public Integer call() throws IOException {
      Dataset dataset = synthesize(out, model, options(), "dataset synth");
      System.out.println(
          "wrote "
              + out
              + ": "
              + dataset.frameIds().size()
              + " frames; look at "
              + out.resolve(SyntheticSubject.CONTACT_SHEET_FILE));
      return 0;
    }

    SyntheticSubjectOptions options() {
      int[] wh = ImageSize.parse(size);
      TexturePattern chosen;
      try {
        chosen = TexturePattern.fromCliName(pattern);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
      }
      SyntheticSubjectOptions defaults = SyntheticSubjectOptions.defaults();
      try {
        return new SyntheticSubjectOptions(
            poses,
            views,
            testPoses,
            wh[0],
            wh[1],
            seed,
            betas,
            chosen,
            texture,
            defaults.textureSize(),
            defaults.samples(),
            defaults.threads(),
            deformation);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(InvalidInputException.Reason.MALFORMED, e.getMessage(), e);
      }
    }
  }

  /** Generates a subject with a console progress line; used by {@code synth} and the demo. */
  static Dataset synthesize(Path out, Path model, SyntheticSubjectOptions options, String label)
      throws IOException {
    ConsoleProgress progress = new ConsoleProgress(label);
    Optional<Path> file = BodyModels.configuredFile(model);
    Dataset dataset =
        file.isEmpty()
            ? SyntheticSubject.generate(ProceduralBody.create(), options, out, progress)
            : SyntheticSubject.generate(BodyModels.read(file.get()), null, options, out, progress);
    progress.finish();
    return dataset;
  }
}
