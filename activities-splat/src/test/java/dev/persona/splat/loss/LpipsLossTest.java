package dev.persona.splat.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.torchscript.TorchLibrary;
import dev.persona.core.torchscript.TorchScriptArchiveWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LpipsLoss} through libtorch on {@link StandInLpips}, against the same network computed in
 * plain Java in double: the distance, and the gradient against central differences of that
 * reference, which checks the input convention (sRGB, [-1, 1], planar), the chain rule back to
 * linear values and the clamping together.
 */
class LpipsLossTest {
  private static final int W = 7;
  private static final int H = 5;

  private final StandInLpips network = new StandInLpips(17);

  @BeforeEach
  void libtorch() {
    TorchLibrary.assumeAvailable();
  }

  /** Linear RGB in (0.02, 0.97), with a few values on the sRGB toe and two outside [0, 1]. */
  private static float[] image(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] d = new float[W * H * 3];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (0.02 + 0.95 * r.nextDouble());
    }
    d[4] = 0.002f;
    d[31] = 0.0015f;
    d[10] = 1.2f;
    d[50] = -0.1f;
    return d;
  }

  private static double[] toDouble(float[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  @Test
  void distanceIsTheReferenceNetworksOnSrgbInputs(@TempDir Path dir) throws Exception {
    float[] a = image(1);
    float[] b = image(2);
    try (LpipsLoss lpips = LpipsLoss.load(network.write(dir.resolve("lpips.pt")))) {
      double expected = network.distance(toDouble(a), toDouble(b), W, H);
      double got = lpips.evaluate(a, b, W, H, null, 1);
      // float32 through a 27-term convolution and a unit normalisation against double: relative
      // error ~1e-6; 1e-4 leaves room and is far below a wrong convention's error (below).
      assertEquals(expected, got, 1e-4 * expected);
      assertEquals(0, lpips.evaluate(a, a, W, H, null, 1), 1e-7);
      assertEquals(64, lpips.sha256().length());
    }
  }

  @Test
  void gradientMatchesCentralDifferencesOfTheReference(@TempDir Path dir) throws Exception {
    float[] a = image(3);
    float[] b = image(4);
    double[] x = toDouble(a);
    double[] y = toDouble(b);
    float[] gradient = new float[a.length];
    double scale = 0.7;
    try (LpipsLoss lpips = LpipsLoss.load(network.write(dir.resolve("lpips.pt")))) {
      lpips.evaluate(a, b, W, H, gradient, scale);
    }
    double h = 1e-6;
    double largest = 0;
    double[] numeric = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double v = x[i];
      x[i] = v + h;
      double up = network.distance(x, y, W, H);
      x[i] = v - h;
      double down = network.distance(x, y, W, H);
      x[i] = v;
      numeric[i] = scale * (up - down) / (2 * h);
      largest = Math.max(largest, Math.abs(numeric[i]));
    }
    assertTrue(largest > 1e-3, "the check needs a gradient to compare: " + largest);
    for (int i = 0; i < a.length; i++) {
      assertEquals(numeric[i], gradient[i], 2e-3 * largest, "value " + i + " = " + a[i]);
    }
    // Clamped values get nothing; the toe's slope (12.92) is in the numeric value it matched.
    assertEquals(0f, gradient[10]);
    assertEquals(0f, gradient[50]);
  }

  @Test
  void gradientIsAddedScaledAndTheDistanceUnchanged(@TempDir Path dir) throws Exception {
    float[] a = image(5);
    float[] b = image(6);
    try (LpipsLoss lpips = LpipsLoss.load(network.write(dir.resolve("lpips.pt")))) {
      float[] once = new float[a.length];
      double d1 = lpips.evaluate(a, b, W, H, once, 1);
      float[] twice = new float[a.length];
      java.util.Arrays.fill(twice, 0.25f);
      double d2 = lpips.evaluate(a, b, W, H, twice, 2);
      assertEquals(d1, d2, 0);
      assertEquals(d1, lpips.evaluate(a, b, W, H, null, 1), 0);
      float[] expected = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        expected[i] = 0.25f + 2 * once[i];
      }
      assertArrayEquals(expected, twice, 1e-6f);
    }
  }

  @Test
  void aZeroFeatureVectorGivesNoGradientInsteadOfNan(@TempDir Path dir) throws Exception {
    // Features ReLU(x) itself: a black pixel (x = -1 on every channel) has the zero vector, where
    // the normalisation's sqrt has an infinite slope and autograd gives NaN.
    Path file = dir.resolve("relu.pt");
    new TorchScriptArchiveWriter("ReluLpips")
        .method(
            """
            def forward(self: __torch__.ReluLpips,
                in0: Tensor, in1: Tensor) -> Tensor:
              f0 = torch.relu(in0)
              f1 = torch.relu(in1)
              s0 = torch.add(torch.sqrt(torch.sum(torch.mul(f0, f0), [1], True)), 1e-10)
              s1 = torch.add(torch.sqrt(torch.sum(torch.mul(f1, f1), [1], True)), 1e-10)
              d = torch.sub(torch.div(f0, s0), torch.div(f1, s1))
              return torch.mean(torch.mul(d, d))
            """)
        .write(file);
    float[] a = image(8);
    float[] b = image(9);
    a[0] = 0;
    a[1] = 0;
    a[2] = 0;
    float[] gradient = new float[a.length];
    try (LpipsLoss lpips = LpipsLoss.load(file)) {
      assertTrue(Double.isFinite(lpips.evaluate(a, b, W, H, gradient, 1)));
    }
    for (int i = 0; i < gradient.length; i++) {
      assertTrue(Float.isFinite(gradient[i]), "value " + i + ": " + gradient[i]);
    }
    assertEquals(0f, gradient[0]);
    assertTrue(Math.abs(gradient[3]) + Math.abs(gradient[4]) + Math.abs(gradient[5]) > 0);
  }

  @Test
  void badFilesAreNamedInTypedErrors(@TempDir Path dir) throws Exception {
    InvalidInputException missing =
        assertThrows(InvalidInputException.class, () -> LpipsLoss.load(dir.resolve("none.pt")));
    assertEquals(InvalidInputException.Reason.NOT_FOUND, missing.reason());

    Path text = Files.writeString(dir.resolve("notes.pt"), "not a network", StandardCharsets.UTF_8);
    InvalidInputException corrupt =
        assertThrows(InvalidInputException.class, () -> LpipsLoss.load(text));
    assertEquals(InvalidInputException.Reason.CORRUPT, corrupt.reason());
    assertTrue(corrupt.getMessage().contains("notes.pt"), corrupt.getMessage());

    Path perPixel = dir.resolve("perpixel.pt");
    new TorchScriptArchiveWriter("PerPixel")
        .method(
            """
            def forward(self: __torch__.PerPixel,
                in0: Tensor, in1: Tensor) -> Tensor:
              return torch.sub(in0, in1)
            """)
        .write(perPixel);
    try (LpipsLoss lpips = LpipsLoss.load(perPixel)) {
      float[] a = image(7);
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> lpips.evaluate(a, a, W, H, new float[a.length], 1));
      assertEquals(InvalidInputException.Reason.MALFORMED, e.reason());
      assertTrue(e.getMessage().contains("expected one distance"), e.getMessage());
    }
  }
}
