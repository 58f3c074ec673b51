package dev.persona.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.image.ImageResize;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.progress.ProgressListener;
import dev.persona.smplx.fitting.FitInput;
import dev.persona.smplx.fitting.FitOptions;
import dev.persona.smplx.fitting.FitResult;
import dev.persona.smplx.fitting.PhotoCamera;
import dev.persona.smplx.fitting.SmplxFitter;
import dev.persona.smplx.models.MediaPipePoseModels;
import dev.persona.smplx.perception.BlazePose;
import dev.persona.smplx.perception.BlazePoseOptions;
import dev.persona.smplx.perception.PosePerceptionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./persona bench fit}: the time of perception (BlazePose: detector, landmarks, mask) and of
 * the SMPL-X fit for one photo at 1024 pixels on its longest side: {@code
 * ../shared/photos/office_man_apose.jpg} when it is there, else a synthetic subject's photo.
 */
@Command(name = "fit", description = "Time perception and the SMPL-X fit on a 1024-pixel photo.")
final class FitBenchmark implements Callable<Integer> {
  static final String DEFAULT_PHOTO = "office_man_apose.jpg";

  @Option(names = "--photo", description = "the photo (default: shared office_man_apose.jpg)")
  Path photo;

  @Option(names = "--size", description = "longest side the photo is scaled to (default: 1024)")
  int size = 1024;

  @Option(names = "--repeats", description = "timed runs; the fastest is reported (default: 3)")
  int repeats = 3;

  @Option(names = "--model", description = "SMPL-X-layout .npz (default: built-in body)")
  Path model;

  @Option(names = "--json", description = "print one JSON object instead of text")
  boolean json;

  @Override
  public Integer call() throws IOException {
    BodyModel body = BodyModels.load(model);
    String source;
    Image image;
    Path file = photo != null ? photo : sharedPhoto();
    if (file != null) {
      image = ImageIo.read(file);
      source = file.getFileName().toString();
    } else {
      image = syntheticPhoto();
      source = "synthetic subject photo";
    }
    int[] wh = ImageResize.fitLongestSide(image.width(), image.height(), size);
    image = ImageResize.resize(image, wh[0], wh[1]);

    double perception = Double.POSITIVE_INFINITY;
    double fitting = Double.POSITIVE_INFINITY;
    FitResult fit = null;
    try (BlazePose pose =
        BlazePose.open(MediaPipePoseModels.inDefaultCache(), BlazePoseOptions.DEFAULTS)) {
      pose.perceive(image); // warm-up: interpreter set-up is paid once per process
      SmplxFitter fitter = new SmplxFitter(body, FitOptions.defaults());
      for (int r = 0; r < Math.max(1, repeats); r++) {
        long t0 = System.nanoTime();
        PosePerceptionResult seen = pose.perceive(image);
        long t1 = System.nanoTime();
        fit =
            fitter.fit(
                FitInput.fromPerception(
                    PhotoCamera.withFocal35mm(
                        image.width(), image.height(), PhotoCamera.DEFAULT_FOCAL_35MM),
                    seen),
                ProgressListener.NONE);
        long t2 = System.nanoTime();
        perception = Math.min(perception, (t1 - t0) * 1e-9);
        fitting = Math.min(fitting, (t2 - t1) * 1e-9);
      }
    }
    if (json) {
      ObjectNode out = JsonFiles.object();
      out.put("photo", source);
      out.put("width", image.width());
      out.put("height", image.height());
      out.put("perception_s", perception);
      out.put("fit_s", fitting);
      out.put("landmark_error_px", fit.landmarkErrorPx());
      out.put("silhouette_iou", fit.silhouetteIou());
      out.put("processors", Runtime.getRuntime().availableProcessors());
      System.out.println(out);
    } else {
      System.out.printf(
          Locale.ROOT,
          "%s at %dx%d, fastest of %d: perception %.3f s, fit %.2f s (landmark error %.1f px,"
              + " silhouette IoU %.3f; %d processors)%n",
          source,
          image.width(),
          image.height(),
          Math.max(1, repeats),
          perception,
          fitting,
          fit.landmarkErrorPx(),
          fit.silhouetteIou(),
          Runtime.getRuntime().availableProcessors());
    }
    return 0;
  }

  /** {@code shared/photos/office_man_apose.jpg} in an ancestor of the working folder, or null. */
  private static Path sharedPhoto() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared").resolve("photos").resolve(DEFAULT_PHOTO);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private Image syntheticPhoto() throws IOException {
    Path folder = Files.createTempDirectory("persona-bench-fit");
    Dataset subject =
        SyntheticSubject.generate(
            ProceduralBody.create(),
            SyntheticSubjectOptions.defaults().withFrames(0, 1, 0).withSize(size, size),
            folder.resolve("subject"),
            ProgressListener.NONE);
    return subject.image(subject.photoId());
  }
}
