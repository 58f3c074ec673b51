package dev.persona.eval.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.persona.core.image.Image;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageMetrics} against ImageMagick, an independent implementation (Debian's {@code
 * imagemagick}, installed by {@code bin/test-deps}; the test skips, saying so, where it is absent).
 *
 * <p>PSNR: {@code compare -metric PSNR A B null:} prints {@code 10 log10(1 / MSE)} with the MSE
 * over every pixel and channel of values scaled to [0, 1] (QuantumRange = 1), our convention
 * exactly.
 *
 * <p>SSIM: the ImageMagick of Debian bookworm (6.9.11-60) has no {@code -metric SSIM} ({@code
 * compare -list metric}: AE Fuzz MAE MEPP MSE NCC PAE PHASH PSNR RMSE), so ImageMagick computes
 * SSIM's five windowed statistics instead: {@code -virtual-pixel Black -morphology Convolve
 * Gaussian:5x1.5} is the 11 x 11 normalised Gaussian window of sigma 1.5 with zero padding (3DGS's
 * {@code F.conv2d(..., padding=5)}), applied to x, y, x^2, y^2 and xy (powers and products by
 * {@code -evaluate pow 2} and {@code -compose multiply}); the test combines them with SSIM's
 * formula (Wang et al. 2004, eq. 13, C1 = 0.01^2, C2 = 0.03^2) and averages over pixels and
 * channels. The window, its padding and the statistics are ImageMagick's; only the last line of
 * arithmetic is ours.
 */
class ImageMetricsImageMagickTest {
  private static final Path COMPARE = Path.of("/usr/bin/compare");
  private static final Path CONVERT = Path.of("/usr/bin/convert");

  @TempDir static Path dir;

  @BeforeAll
  static void requireImageMagick() {
    assumeTrue(
        Files.isExecutable(COMPARE) && Files.isExecutable(CONVERT),
        "SKIPPED LOUDLY: ImageMagick (/usr/bin/compare, /usr/bin/convert) is not installed, so"
            + " PSNR/SSIM are not cross-checked against it; run bin/test-deps as root (./persona"
            + " test does) or apt-get install imagemagick");
  }

  /** A pair of 8-bit sRGB images: texture, a gradient, and noise of the given amplitude. */
  private static int[][] pair(int w, int h, long seed, double noise) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] a = new int[w * h * 3];
    int[] b = new int[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int i = (y * w + x) * 3 + c;
          double base = 128 + 90 * Math.sin(0.21 * x + 0.13 * y * (c + 1)) + 20 * r.nextDouble();
          a[i] = clamp(base);
          b[i] = clamp(base + noise * (r.nextDouble() - 0.5) + 0.15 * noise * Math.cos(0.3 * x));
        }
      }
    }
    return new int[][] {a, b};
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static Path writePng(int[] rgb, int w, int h, String name) throws IOException {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        im.setRGB(x, y, (rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2]);
      }
    }
    Path file = dir.resolve(name);
    ImageIO.write(im, "png", file.toFile());
    return file;
  }

  /** The metrics' input: the 8-bit values scaled to [0, 1], no colour transfer. */
  private static Image image(int[] rgb, int w, int h) {
    float[] d = new float[rgb.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = rgb[i] / 255f;
    }
    return new Image(w, h, 3, d);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    // compare exits 1 when the images differ (its normal answer here), 2 on errors.
    if (p.exitValue() > 1) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  @Test
  void psnrMatchesImageMagicksCompare() throws Exception {
    double[] noises = {6, 20, 60};
    for (int k = 0; k < noises.length; k++) {
      int w = 67;
      int h = 45;
      int[][] p = pair(w, h, 11 + k, noises[k]);
      Path a = writePng(p[0], w, h, "psnr-a" + k + ".png");
      Path b = writePng(p[1], w, h, "psnr-b" + k + ".png");
      double magick =
          Double.parseDouble(
              run(
                  COMPARE.toString(),
                  "-precision",
                  "12",
                  "-metric",
                  "PSNR",
                  a + "",
                  b + "",
                  "null:"));
      double ours = ImageMetrics.psnr(image(p[0], w, h), image(p[1], w, h));
      // Both are exact functions of the same 8-bit values; ours sums float32 pixel values in
      // double, so the difference is float32 rounding of k/255 (relative 6e-8 per term): 1e-4 dB
      // is far above it and far below any difference that matters (0.01 dB).
      assertEquals(magick, ours, 1e-4, "PSNR of pair " + k + " (noise " + noises[k] + ")");
    }
  }

  @Test
  void ssimMatchesSsimFromImageMagicksGaussianWindowStatistics() throws Exception {
    double[] noises = {6, 25, 80};
    for (int k = 0; k < noises.length; k++) {
      int w = 53;
      int h = 41;
      int[][] p = pair(w, h, 31 + k, noises[k]);
      Path a = writePng(p[0], w, h, "ssim-a" + k + ".png");
      Path b = writePng(p[1], w, h, "ssim-b" + k + ".png");
      List<float[]> stats = new ArrayList<>();
      String[][] inputs = {
        {a.toString()},
        {b.toString()},
        {a.toString(), "-evaluate", "pow", "2"},
        {b.toString(), "-evaluate", "pow", "2"},
        {a.toString(), b.toString(), "-compose", "multiply", "-composite"}
      };
      for (int s = 0; s < inputs.length; s++) {
        Path out = dir.resolve("stat" + k + "-" + s + ".png");
        List<String> cmd = new ArrayList<>(List.of(CONVERT.toString()));
        cmd.addAll(List.of(inputs[s]));
        cmd.addAll(
            List.of(
                "-virtual-pixel",
                "Black",
                "-morphology",
                "Convolve",
                "Gaussian:5x1.5",
                "-depth",
                "16",
                "PNG48:" + out));
        run(cmd.toArray(new String[0]));
        stats.add(read16(out, w, h));
      }
      double magick = ssimFromStatistics(stats, w * h * 3);
      double ours = ImageMetrics.ssim(image(p[0], w, h), image(p[1], w, h));
      // ImageMagick (Q16, no HDRI) stores each windowed statistic as a 16-bit integer (errors up
      // to 7.6e-6 in mu and E[x^2], ~3e-5 in a variance, against C2 = 9e-4): measured on a noisy
      // plasma pair, SSIM from its statistics differs from a double-precision SSIM by 2.5e-4.
      // On that pair a window of sigma 1.4 or 1.6 moves SSIM by 3e-3, edge padding instead of
      // zeros by 1.6e-2 and a box window by 5e-2, so 1e-3 separates right from wrong.
      assertEquals(magick, ours, 1e-3, "SSIM of pair " + k + " (noise " + noises[k] + ")");
    }
  }

  /** The five statistics images, as [0, 1] values, to SSIM's mean (Wang et al. 2004, eq. 13). */
  private static double ssimFromStatistics(List<float[]> s, int n) {
    double c1 = 0.01 * 0.01;
    double c2 = 0.03 * 0.03;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double mx = s.get(0)[i];
      double my = s.get(1)[i];
      double vx = s.get(2)[i] - mx * mx;
      double vy = s.get(3)[i] - my * my;
      double cxy = s.get(4)[i] - mx * my;
      sum += (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
    }
    return sum / n;
  }

  private static float[] read16(Path file, int w, int h) throws IOException {
    BufferedImage im = ImageIO.read(file.toFile());
    Raster r = im.getRaster();
    if (im.getWidth() != w || im.getHeight() != h || r.getNumBands() != 3) {
      throw new IOException(file + ": unexpected " + im.getWidth() + "x" + im.getHeight());
    }
    float[] out = new float[w * h * 3];
    int[] px = new int[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.getPixel(x, y, px);
        for (int c = 0; c < 3; c++) {
          out[(y * w + x) * 3 + c] = px[c] / 65535f;
        }
      }
    }
    return out;
  }
}
