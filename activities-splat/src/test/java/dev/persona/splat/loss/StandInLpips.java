package dev.persona.splat.loss;

import dev.persona.core.image.ColorTransfer;
import dev.persona.core.torchscript.TorchScriptArchiveWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A TorchScript network with LPIPS's structure and contract, small and with random weights, written
 * by hand (no PyTorch, no real weights): features {@code ReLU(conv3x3(x))}, unit-normalised over
 * channels ({@code f / (sqrt(sum_c f^2) + 1e-10)}, the reference {@code normalize_tensor}), the
 * squared difference weighted per channel by a 1x1 linear layer, the spatial mean (Zhang et al.
 * 2018, eq. 1, one layer). {@link #distance} computes the same in plain Java in double, from linear
 * images, as the independent reference.
 */
public final class StandInLpips {
  static final int FEATURES = 4;

  private final float[] conv = new float[FEATURES * 3 * 3 * 3];
  private final float[] bias = new float[FEATURES];
  private final float[] linear = new float[FEATURES];

  public StandInLpips(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < conv.length; i++) {
      conv[i] = (float) (r.nextDouble() - 0.5);
    }
    // Positive biases keep most pre-activations away from ReLU's kink, where finite differences
    // of the reference would straddle two slopes.
    for (int i = 0; i < FEATURES; i++) {
      bias[i] = (float) (0.6 + 0.4 * r.nextDouble());
      linear[i] = (float) (0.2 + r.nextDouble());
    }
  }

  /** Writes the network as a TorchScript file. */
  public Path write(Path file) throws IOException {
    new TorchScriptArchiveWriter("LpipsLike")
        .parameter("weight", conv, FEATURES, 3, 3, 3)
        .parameter("bias", bias, FEATURES)
        .parameter("lin", linear, 1, FEATURES, 1, 1)
        .method(
            """
            def forward(self: __torch__.LpipsLike,
                in0: Tensor, in1: Tensor) -> Tensor:
              f0 = torch.relu(torch.conv2d(in0, self.weight, self.bias, [1, 1], [1, 1]))
              f1 = torch.relu(torch.conv2d(in1, self.weight, self.bias, [1, 1], [1, 1]))
              s0 = torch.add(torch.sqrt(torch.sum(torch.mul(f0, f0), [1], True)), 1e-10)
              s1 = torch.add(torch.sqrt(torch.sum(torch.mul(f1, f1), [1], True)), 1e-10)
              d = torch.sub(torch.div(f0, s0), torch.div(f1, s1))
              l = torch.conv2d(torch.mul(d, d), self.lin)
              return torch.mean(l, [2, 3], True)
            """)
        .write(file);
    return file;
  }

  /**
   * The network's distance between two linear interleaved RGB images, in double: each clamped to
   * [0, 1], sRGB-encoded and mapped to [-1, 1] first, as {@link LpipsLoss} feeds the network.
   */
  public double distance(double[] a, double[] b, int width, int height) {
    double[] na = normalisedFeatures(signedSrgbPlanes(a, width * height), width, height);
    double[] nb = normalisedFeatures(signedSrgbPlanes(b, width * height), width, height);
    int plane = width * height;
    double sum = 0;
    for (int p = 0; p < plane; p++) {
      for (int f = 0; f < FEATURES; f++) {
        double d = na[f * plane + p] - nb[f * plane + p];
        sum += linear[f] * d * d;
      }
    }
    return sum / plane;
  }

  private static double[] signedSrgbPlanes(double[] linear, int plane) {
    double[] out = new double[3 * plane];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        double v = Math.min(1, Math.max(0, linear[p * 3 + c]));
        out[c * plane + p] = 2 * ColorTransfer.linearToSrgb(v) - 1;
      }
    }
    return out;
  }

  private double[] normalisedFeatures(double[] x, int width, int height) {
    int plane = width * height;
    double[] feat = new double[FEATURES * plane];
    for (int f = 0; f < FEATURES; f++) {
      for (int row = 0; row < height; row++) {
        for (int col = 0; col < width; col++) {
          double s = bias[f];
          for (int c = 0; c < 3; c++) {
            for (int dy = -1; dy <= 1; dy++) {
              for (int dx = -1; dx <= 1; dx++) {
                int yy = row + dy;
                int xx = col + dx;
                if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
                  s +=
                      conv[((f * 3 + c) * 3 + dy + 1) * 3 + dx + 1]
                          * x[(c * height + yy) * width + xx];
                }
              }
            }
          }
          feat[(f * height + row) * width + col] = Math.max(0, s);
        }
      }
    }
    for (int p = 0; p < plane; p++) {
      double n = 0;
      for (int f = 0; f < FEATURES; f++) {
        n += feat[f * plane + p] * feat[f * plane + p];
      }
      n = Math.sqrt(n) + 1e-10;
      for (int f = 0; f < FEATURES; f++) {
        feat[f * plane + p] /= n;
      }
    }
    return feat;
  }
}
