package dev.persona.app;

import dev.persona.core.InvalidInputException;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.eval.neuman.NeuManImport;
import dev.persona.eval.xhumans.XHumansImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./persona dataset import}: converts a public dataset's subject into this project's dataset
 * layout (docs/evaluation.md), so {@code ./persona eval} and {@code avatar train} read it.
 */
@Command(
    name = "import",
    description =
        "Convert an X-Humans subject or a NeuMan sequence (with ExAvatar's SMPL-X fits) into a"
            + " dataset folder.")
final class DatasetImport implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FORMAT", description = "xhumans or neuman")
  String format;

  @Parameters(index = "1", paramLabel = "SOURCE", description = "the subject or sequence folder")
  Path source;

  @Option(names = "--out", required = true, description = "dataset folder to write")
  Path out;

  @Option(names = "--stride", description = "X-Humans: keep every N-th frame of a take (1)")
  int stride = 1;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(source)) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND, "not a folder: " + source);
    }
    if (stride < 1) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED, "--stride must be >= 1, got " + stride);
    }
    ConsoleProgress progress = new ConsoleProgress("import");
    Dataset d =
        switch (format.toLowerCase(Locale.ROOT)) {
          case "xhumans", "x-humans" -> XHumansImport.convert(source, out, stride, progress);
          case "neuman" -> NeuManImport.convert(source, out, progress);
          default ->
              throw new InvalidInputException(
                  InvalidInputException.Reason.UNSUPPORTED,
                  "dataset format must be xhumans or neuman, got '" + format + "'");
        };
    progress.finish();
    System.out.printf(
        Locale.ROOT,
        "wrote %s: photo %s, %d train and %d test frames%n",
        d.folder(),
        d.photoId(),
        d.frameIds(FrameSplit.TRAIN).size(),
        d.frameIds(FrameSplit.TEST).size());
    return 0;
  }
}
