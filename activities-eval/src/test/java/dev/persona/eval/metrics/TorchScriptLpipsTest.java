package dev.persona.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.persona.core.image.Image;
import dev.persona.core.torchscript.StandInNetworks;
import dev.persona.core.torchscript.TorchLibrary;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TorchScriptLpips} on a network with LPIPS's contract whose distance has a closed form: the
 * mean squared difference of its [-1, 1] inputs, {@code 4 mean((a - b)^2)} over the sRGB values.
 */
class TorchScriptLpipsTest {
  private static Image image(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] d = new float[5 * 4 * 3];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.nextDouble();
    }
    return new Image(5, 4, 3, d);
  }

  @Test
  void aPtFileRunsOnLibtorchWithTheProtocolsSrgbValues(@TempDir Path dir) throws Exception {
    TorchLibrary.assumeAvailable();
    Path file = dir.resolve("mean-square.pt");
    StandInNetworks.meanSquareLpips(file);
    Image a = image(1);
    Image b = image(2);
    double expected = 0;
    for (int i = 0; i < a.data().length; i++) {
      double d = 2.0 * a.data()[i] - 2.0 * b.data()[i];
      expected += d * d;
    }
    expected /= a.data().length;
    try (PerceptualDistance lpips = PerceptualDistance.load(file, Lpips.Backbone.VGG)) {
      assertInstanceOf(TorchScriptLpips.class, lpips);
      // float32 sums of 60 terms against double.
      assertEquals(expected, lpips.distance(a, b), 1e-6 * expected);
      assertEquals(0, lpips.distance(a, a), 0);
    }
  }
}
