package dev.persona.app;

import dev.persona.core.body.BodyModel;
import dev.persona.smplx.fitting.FitOutput;
import dev.persona.smplx.fitting.FitResult;
import dev.persona.smplx.fitting.PhotoFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./persona fit PHOTO --out DIR}: perceive the person, fit an SMPL-X body and write the fit
 * dataset (docs/fitting.md).
 */
@Command(
    name = "fit",
    description =
        "Fit an SMPL-X body to the person on one photo: BlazePose landmarks and mask (or given"
            + " OpenPose keypoints), a staged SMPLify-X style fit, and a dataset folder with the"
            + " photo, mask, camera, SMPL-X parameters, landmarks.json, overlay.png and fit.json.")
final class FitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PHOTO", description = "the photo (JPEG, PNG, WebP)")
  Path photo;

  @Option(names = "--out", required = true, description = "output folder (must not exist)")
  Path out;

  @Option(names = "--model", description = "SMPL-X-layout .npz (default: built-in body)")
  Path model;

  @Option(
      names = "--keypoints",
      description =
          "OpenPose JSON (BODY_25 or COCO-18) to use instead of BlazePose's landmarks; the mask"
              + " is then the photo's alpha channel, else BlazePose's")
  Path keypoints;

  @Option(
      names = "--params",
      description =
          "SMPL-X parameters JSON: keep their body pose and shape, fit only the orientation and"
              + " translation")
  Path params;

  @Override
  public Integer call() throws IOException {
    BodyModel body = BodyModels.load(model);
    ConsoleProgress progress = new ConsoleProgress("fit");
    PhotoFit.Outcome outcome;
    try {
      outcome =
          PhotoFit.run(
              new PhotoFit.Request(photo, out, keypoints, params),
              body,
              PhotoFit.Perception.blazePose(),
              progress);
    } finally {
      progress.finish();
    }
    FitResult fit = outcome.fit();
    System.out.println(
        String.format(
            Locale.ROOT,
            "wrote %s: landmark error %.1f px (limb joints %.1f px), silhouette IoU %.3f;"
                + " perception %.1f s, fit %.1f s; look at %s",
            out,
            fit.landmarkErrorPx(),
            fit.jointErrorPx(),
            fit.silhouetteIou(),
            outcome.times().get("perception"),
            outcome.times().get("fit"),
            out.resolve(FitOutput.OVERLAY_FILE)));
    for (String warning : fit.warnings()) {
      System.out.println("warning: " + warning);
    }
    return 0;
  }
}
