package dev.persona.eval.testframes;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.ColorTransfer;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.image.ImageOps;
import dev.persona.core.image.ImageResize;
import dev.persona.eval.metrics.ImageMetrics;
import dev.persona.eval.metrics.PerceptualDistance;
import dev.persona.eval.protocol.EvaluationProtocol;
import dev.persona.eval.protocol.EvaluationProtocol.Prepared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a renderer on the {@code test} frames of a dataset (poses and views training never saw):
 * renders each at its SMPL-X parameters and camera, prepares render and frame by {@link
 * EvaluationProtocol}, and measures PSNR and SSIM on the person crop.
 */
public final class TestFrameEvaluation {
  private TestFrameEvaluation() {}

  /**
   * Scores at the dataset's own resolution.
   *
   * @param sideBySide a folder to write {@code NNNNN.png} (render crop left, ground truth right)
   *     to, or null for none
   * @throws InvalidInputException NOT_FOUND when the dataset has no test frames
   */
  public static TestFrameReport evaluate(Dataset dataset, FrameRenderer renderer, Path sideBySide)
      throws IOException {
    return evaluate(dataset, renderer, sideBySide, 0);
  }

  /**
   * Scores with every test frame (image, mask, camera intrinsics) scaled so that its longest side
   * is {@code longestSide} pixels, when that is smaller than the frame: an avatar is compared at
   * the resolution it was trained at (a splat avatar trained at 256 pixels shows gaps between its
   * Gaussians when rendered at twice that, which says nothing about what it learned). 0 keeps the
   * dataset's size.
   */
  public static TestFrameReport evaluate(
      Dataset dataset, FrameRenderer renderer, Path sideBySide, int longestSide)
      throws IOException {
    return evaluate(dataset, renderer, sideBySide, longestSide, null);
  }

  /**
   * Scores the test frames as {@link #evaluate(Dataset, FrameRenderer, Path, int)} does, with LPIPS
   * when {@code lpips} is not null.
   *
   * @throws InvalidInputException NOT_FOUND when the dataset has no test frames
   */
  public static TestFrameReport evaluate(
      Dataset dataset,
      FrameRenderer renderer,
      Path sideBySide,
      int longestSide,
      PerceptualDistance lpips)
      throws IOException {
    return evaluateFrames(dataset, testFrames(dataset), renderer, sideBySide, longestSide, lpips);
  }

  /**
   * The dataset's test frame ids.
   *
   * @throws InvalidInputException NOT_FOUND when there are none
   */
  public static List<String> testFrames(Dataset dataset) {
    List<String> ids = dataset.frameIds(FrameSplit.TEST);
    if (ids.isEmpty()) {
      throw new InvalidInputException(
          InvalidInputException.Reason.NOT_FOUND,
          "dataset " + dataset.folder() + " has no test frames to evaluate on");
    }
    return ids;
  }

  /**
   * Scores the frames {@code ids} of the dataset, of any split, the same way (the onboarding's
   * publish stage scores the photo frame: a real photo has no ground truth in novel poses).
   */
  public static TestFrameReport evaluateFrames(
      Dataset dataset, List<String> ids, FrameRenderer renderer, Path sideBySide, int longestSide)
      throws IOException {
    return evaluateFrames(dataset, ids, renderer, sideBySide, longestSide, null);
  }

  /**
   * Scores the frames {@code ids} as above and, when {@code lpips} is not null, measures LPIPS on
   * the same prepared crops (NaN in each {@link FrameScore} otherwise).
   */
  public static TestFrameReport evaluateFrames(
      Dataset dataset,
      List<String> ids,
      FrameRenderer renderer,
      Path sideBySide,
      int longestSide,
      PerceptualDistance lpips)
      throws IOException {
    return evaluateFrames(dataset, ids, renderer, sideBySide, longestSide, lpips, null);
  }

  /**
   * Scores the frames {@code ids} as above, each rendered at the parameters {@code refiner} returns
   * for it (the papers' test-pose refinement, given the frame at the size it is scored at), or at
   * the dataset's when {@code refiner} is null.
   */
  public static TestFrameReport evaluateFrames(
      Dataset dataset,
      List<String> ids,
      FrameRenderer renderer,
      Path sideBySide,
      int longestSide,
      PerceptualDistance lpips,
      FramePoseRefiner refiner)
      throws IOException {
    if (sideBySide != null) {
      Files.createDirectories(sideBySide);
    }
    List<FrameScore> scores = new ArrayList<>(ids.size());
    for (String id : ids) {
      PinholeCamera camera = dataset.camera(id);
      Image image = dataset.image(id);
      Image mask = dataset.mask(id);
      int[] size = ImageResize.fitLongestSide(camera.width(), camera.height(), longestSide);
      int w = size[0];
      int h = size[1];
      if (w != camera.width() || h != camera.height()) {
        camera = camera.withSize(w, h);
        image = ImageResize.resize(image, w, h);
        mask = ImageResize.resize(mask, w, h);
      }
      SmplxParams params = dataset.params(id);
      if (refiner != null) {
        params = refiner.refine(id, params, camera, image, mask);
      }
      Image rendered = renderer.render(params, camera);
      Prepared p = EvaluationProtocol.prepare(rendered, image, mask);
      scores.add(
          new FrameScore(
              id,
              ImageMetrics.psnr(p.rendered(), p.groundTruth()),
              ImageMetrics.ssim(p.rendered(), p.groundTruth()),
              lpips == null ? Double.NaN : lpips.distance(p.rendered(), p.groundTruth())));
      if (sideBySide != null) {
        writeSideBySide(sideBySide.resolve(id + ".png"), p);
      }
    }
    return new TestFrameReport(scores);
  }

  private static void writeSideBySide(Path file, Prepared p) throws IOException {
    Image r = p.rendered();
    Image pair = new Image(r.width() * 2, r.height(), 3);
    ImageOps.paste(pair, toLinear(r), 0, 0);
    ImageOps.paste(pair, toLinear(p.groundTruth()), r.width(), 0);
    ImageIo.writePng(file, pair);
  }

  /** The protocol's images are sRGB-encoded; PNG writing expects linear. */
  private static Image toLinear(Image srgb) {
    float[] d = srgb.data().clone();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) ColorTransfer.srgbToLinear(d[i]);
    }
    return new Image(srgb.width(), srgb.height(), srgb.channels(), d);
  }
}
