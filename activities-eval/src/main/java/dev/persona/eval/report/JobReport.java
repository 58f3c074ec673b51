package dev.persona.eval.report;

import dev.persona.core.image.Image;
import java.util.List;

/**
 * What the HTML report of one job shows; {@link ReportHtml} writes it. Images are linear RGB(A)
 * (masks one channel), as everywhere inside Persona; any of them may be null or empty, and the
 * report then says what is missing rather than showing a broken image.
 *
 * @param title the report's heading (the job)
 * @param photo the input photo
 * @param mask the person mask of the photo (one channel)
 * @param fitOverlay the fitted body drawn over the photo
 * @param synthesisedFrames frames of the training video (a contact sheet shows them)
 * @param training the trainer's loss and photo PSNR per iteration, or null
 * @param novelPoses renders of the avatar in poses it was not trained on
 * @param turntable frames of the avatar seen from around it (an animated GIF)
 * @param metrics the metrics table
 * @param stageTimes each stage's wall time
 */
public record JobReport(
    String title,
    Image photo,
    Image mask,
    Image fitOverlay,
    List<Image> synthesisedFrames,
    TrainingCurves training,
    List<Image> novelPoses,
    List<Image> turntable,
    List<ReportMetric> metrics,
    List<StageTime> stageTimes) {
  public JobReport {
    synthesisedFrames = List.copyOf(synthesisedFrames);
    novelPoses = List.copyOf(novelPoses);
    turntable = List.copyOf(turntable);
    metrics = List.copyOf(metrics);
    stageTimes = List.copyOf(stageTimes);
  }
}
