package dev.persona.eval.metrics;

import static dev.persona.eval.metrics.OnnxGraphWriter.floatTensor;
import static dev.persona.eval.metrics.OnnxGraphWriter.int64Tensor;
import static dev.persona.eval.metrics.OnnxGraphWriter.intAttribute;
import static dev.persona.eval.metrics.OnnxGraphWriter.intsAttribute;
import static dev.persona.eval.metrics.OnnxGraphWriter.node;
import static dev.persona.eval.metrics.OnnxGraphWriter.valueInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.image.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Lpips} on a network with LPIPS's structure written here as ONNX (no real weights needed):
 * features = ReLU(conv3x3(x)), unit-normalised over channels ({@code x / (sqrt(sum_c x^2) +
 * 1e-10)}, the reference {@code normalize_tensor}), squared difference, a 1x1 linear layer to one
 * channel, spatial mean (Zhang et al. 2018, eq. 1, one layer). The same graph computed in plain
 * Java in double is the reference, and checks the input convention: RGB in [-1, 1], NCHW.
 */
class LpipsTest {
  private static final int W = 5;
  private static final int H = 6;
  private static final int F = 4;

  private final float[] conv = new float[F * 3 * 3 * 3];
  private final float[] bias = new float[F];
  private final float[] linear = new float[F];

  LpipsTest() {
    SplittableRandom r = new SplittableRandom(17);
    for (int i = 0; i < conv.length; i++) {
      conv[i] = (float) (r.nextDouble() - 0.5);
    }
    for (int i = 0; i < F; i++) {
      bias[i] = (float) (0.3 * (r.nextDouble() - 0.3));
      linear[i] = (float) (0.2 + r.nextDouble());
    }
  }

  private byte[] onnxModel() {
    OnnxGraphWriter g = new OnnxGraphWriter().string(2, "lpips_like");
    for (int k = 0; k < 2; k++) {
      String in = "in" + k;
      g.message(
          1,
          node(
              "Conv",
              new String[] {in, "W", "B"},
              "c" + k,
              intsAttribute("pads", 1, 1, 1, 1),
              intsAttribute("kernel_shape", 3, 3)));
      g.message(1, node("Relu", new String[] {"c" + k}, "f" + k));
      g.message(1, node("Mul", new String[] {"f" + k, "f" + k}, "sq" + k));
      g.message(
          1,
          node(
              "ReduceSum",
              new String[] {"sq" + k, "axis1"},
              "ss" + k,
              intAttribute("keepdims", 1)));
      g.message(1, node("Sqrt", new String[] {"ss" + k}, "nrm" + k));
      g.message(1, node("Add", new String[] {"nrm" + k, "eps"}, "den" + k));
      g.message(1, node("Div", new String[] {"f" + k, "den" + k}, "n" + k));
    }
    g.message(1, node("Sub", new String[] {"n0", "n1"}, "d"));
    g.message(1, node("Mul", new String[] {"d", "d"}, "d2"));
    g.message(
        1, node("Conv", new String[] {"d2", "LIN"}, "l", intsAttribute("kernel_shape", 1, 1)));
    g.message(
        1,
        node(
            "ReduceMean",
            new String[] {"l"},
            "distance",
            intsAttribute("axes", 2, 3),
            intAttribute("keepdims", 1)));
    g.message(5, floatTensor("W", new long[] {F, 3, 3, 3}, conv));
    g.message(5, floatTensor("B", new long[] {F}, bias));
    g.message(5, floatTensor("LIN", new long[] {1, F, 1, 1}, linear));
    g.message(5, floatTensor("eps", new long[] {}, new float[] {1e-10f}));
    g.message(5, int64Tensor("axis1", new long[] {1}));
    g.message(11, valueInfo("in0", 1, 3, H, W));
    g.message(11, valueInfo("in1", 1, 3, H, W));
    g.message(12, valueInfo("distance", 1, 1, 1, 1));
    return OnnxGraphWriter.model(g, 13);
  }

  /** The graph in double; {@code x}, {@code y} are (3, H, W) planes. */
  private double reference(float[] x, float[] y) {
    double[] nx = normalisedFeatures(x);
    double[] ny = normalisedFeatures(y);
    double sum = 0;
    for (int p = 0; p < H * W; p++) {
      for (int f = 0; f < F; f++) {
        double d = nx[f * H * W + p] - ny[f * H * W + p];
        sum += linear[f] * d * d;
      }
    }
    return sum / (H * W);
  }

  private double[] normalisedFeatures(float[] x) {
    double[] feat = new double[F * H * W];
    for (int f = 0; f < F; f++) {
      for (int row = 0; row < H; row++) {
        for (int col = 0; col < W; col++) {
          double s = bias[f];
          for (int c = 0; c < 3; c++) {
            for (int dy = -1; dy <= 1; dy++) {
              for (int dx = -1; dx <= 1; dx++) {
                int yy = row + dy;
                int xx = col + dx;
                if (yy >= 0 && yy < H && xx >= 0 && xx < W) {
                  s += conv[((f * 3 + c) * 3 + dy + 1) * 3 + dx + 1] * x[(c * H + yy) * W + xx];
                }
              }
            }
          }
          feat[(f * H + row) * W + col] = Math.max(0, s);
        }
      }
    }
    for (int p = 0; p < H * W; p++) {
      double n = 0;
      for (int f = 0; f < F; f++) {
        n += feat[f * H * W + p] * feat[f * H * W + p];
      }
      n = Math.sqrt(n) + 1e-10;
      for (int f = 0; f < F; f++) {
        feat[f * H * W + p] /= n;
      }
    }
    return feat;
  }

  private static Image image(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] d = new float[W * H * 3];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.nextDouble();
    }
    return new Image(W, H, 3, d);
  }

  /** (3, H, W) planes of the image's values, optionally mapped to [-1, 1]. */
  private static float[] planes(Image im, boolean signed) {
    float[] out = new float[3 * H * W];
    for (int p = 0; p < H * W; p++) {
      for (int c = 0; c < 3; c++) {
        float v = im.data()[p * 3 + c];
        out[c * H * W + p] = signed ? 2 * v - 1 : v;
      }
    }
    return out;
  }

  @Test
  void inputsArePlanarRgbInMinusOneToOne() {
    Image im = image(3);
    float[] nchw = Lpips.toNchwSigned(im);
    // Pixel (x=2, y=4), green: interleaved index (4*5+2)*3+1, planar 1*30 + 4*5+2.
    assertEquals(2 * im.get(2, 4, 1) - 1, nchw[30 + 22], 0f);
    assertEquals(2 * im.get(0, 0, 2) - 1, nchw[60], 0f);
  }

  @Test
  void onnxRuntimeGivesThePlainJavaDistanceOfTheSameGraph(@TempDir Path dir) throws Exception {
    assumeTrue(
        Lpips.onnxRuntimePresent(),
        "SKIPPED LOUDLY: ONNX Runtime is not on the class path; run with -Ponnx-native to test"
            + " LPIPS inference");
    Path file = dir.resolve("lpips-like.onnx");
    Files.write(file, onnxModel());
    Image a = image(1);
    Image b = image(2);
    double expected = reference(planes(a, true), planes(b, true));
    try (Lpips lpips = Lpips.load(file, Lpips.Backbone.ALEX)) {
      double got = lpips.distance(a, b);
      // float32 inference of a 27-term convolution and unit normalisation against double: relative
      // error ~1e-6; 1e-4 leaves room and is far below the convention errors checked below.
      assertEquals(expected, got, 1e-4 * expected);
      assertEquals(0.0, lpips.distance(a, a), 1e-7);
      // The test can tell the conventions apart: [0, 1] inputs, or the interleaved buffer read as
      // planar, give distances that differ by far more than the tolerance.
      double unsigned = reference(planes(a, false), planes(b, false));
      double interleaved = reference(a.data(), b.data());
      assertTrue(Math.abs(unsigned - got) > 0.02 * expected, unsigned + " vs " + got);
      assertTrue(Math.abs(interleaved - got) > 0.02 * expected, interleaved + " vs " + got);
    }
  }

  @Test
  void aMissingOrBrokenFileIsBadInput(@TempDir Path dir) throws Exception {
    InvalidInputException missing =
        assertThrows(
            InvalidInputException.class,
            () -> Lpips.load(dir.resolve("none.onnx"), Lpips.Backbone.VGG));
    assertEquals(InvalidInputException.Reason.NOT_FOUND, missing.reason());
    assumeTrue(Lpips.onnxRuntimePresent(), "SKIPPED: ONNX Runtime absent (-Ponnx-native)");
    Path junk = dir.resolve("junk.onnx");
    Files.writeString(junk, "not a protobuf");
    InvalidInputException corrupt =
        assertThrows(InvalidInputException.class, () -> Lpips.load(junk, Lpips.Backbone.ALEX));
    assertEquals(InvalidInputException.Reason.CORRUPT, corrupt.reason());
  }
}
