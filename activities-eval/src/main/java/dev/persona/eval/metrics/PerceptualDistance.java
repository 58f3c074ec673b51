package dev.persona.eval.metrics;

import dev.persona.core.image.Image;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A learned perceptual distance between two images (LPIPS): 0 for identical images, larger for
 * images a person would call more different. Two runtimes: ONNX Runtime ({@link Lpips}) and
 * libtorch ({@link TorchScriptLpips}), chosen by the file ({@link #load}). Lets the evaluation run
 * with or without one configured.
 */
public interface PerceptualDistance extends AutoCloseable {
  /**
   * Loads an exported LPIPS network: a TorchScript file ({@code .pt}, libtorch) or an ONNX file
   * (anything else, ONNX Runtime).
   *
   * @param backbone what the ONNX file holds (its label in reports)
   * @throws dev.persona.core.InvalidInputException as the runtime's loader does
   */
  static PerceptualDistance load(Path file, Lpips.Backbone backbone) throws IOException {
    return file.getFileName().toString().endsWith(".pt")
        ? TorchScriptLpips.load(file)
        : Lpips.load(file, backbone);
  }

  /**
   * @param a RGB, sRGB-encoded values in [0, 1] (what the evaluation protocol prepares)
   * @param b RGB of the same size and encoding
   * @return the distance, >= 0
   */
  double distance(Image a, Image b);

  /** Refuses a pair LPIPS cannot compare: not both RGB, or of different sizes. */
  static void requireComparable(Image a, Image b) {
    if (a.channels() != 3 || b.channels() != 3) {
      throw new IllegalArgumentException("LPIPS compares RGB images");
    }
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("LPIPS compares images of one size");
    }
  }

  /** Frees the network's native memory. */
  @Override
  void close();
}
