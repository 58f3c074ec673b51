package dev.persona.eval.metrics;

import dev.persona.core.image.Image;
import dev.persona.splat.loss.LpipsLoss;
import java.io.IOException;
import java.nio.file.Path;

/**
 * LPIPS from a TorchScript export through libtorch: the same network file the avatar trainer's
 * LPIPS term uses ({@link LpipsLoss}), so one export serves training and evaluation, and evaluation
 * needs no ONNX Runtime build. The file's contract is {@link Lpips}'s: two (1, 3, H, W) RGB inputs
 * in [-1, 1], one distance out.
 */
public final class TorchScriptLpips implements PerceptualDistance {
  private final LpipsLoss network;

  private TorchScriptLpips(LpipsLoss network) {
    this.network = network;
  }

  /**
   * @throws dev.persona.core.InvalidInputException as {@link LpipsLoss#load} does
   */
  public static TorchScriptLpips load(Path file) throws IOException {
    return new TorchScriptLpips(LpipsLoss.load(file));
  }

  @Override
  public double distance(Image a, Image b) {
    PerceptualDistance.requireComparable(a, b);
    return network.distanceOfEncoded(a.data(), b.data(), a.width(), a.height());
  }

  @Override
  public void close() {
    network.close();
  }
}
