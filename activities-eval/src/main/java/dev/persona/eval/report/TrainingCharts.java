package dev.persona.eval.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's training plots, drawn with XChart to PNG without a display ({@code
 * java.awt.headless}, set here when the JVM has not chosen): the loss per iteration with its moving
 * average, and the photo PSNR at the iterations that measured it.
 */
public final class TrainingCharts {
  /** Width and height of each plot, pixels. */
  public static final int WIDTH = 640;

  public static final int HEIGHT = 360;

  /** Iterations in the loss's moving average (one iteration's loss depends on the frame drawn). */
  static final int SMOOTHING = 25;

  private TrainingCharts() {}

  /** Writes the loss plot to {@code file} (PNG). */
  public static void writeLoss(TrainingCurves curves, Path file) throws IOException {
    float[] loss = curves.loss();
    XYChart chart = chart("Training loss", "loss");
    if (loss.length > 0) {
      double[] x = new double[loss.length];
      double[] y = new double[loss.length];
      double[] mean = new double[loss.length];
      double window = 0;
      for (int i = 0; i < loss.length; i++) {
        x[i] = i + 1;
        y[i] = loss[i];
        window += loss[i];
        if (i >= SMOOTHING) {
          window -= loss[i - SMOOTHING];
        }
        mean[i] = window / Math.min(i + 1, SMOOTHING);
      }
      chart.addSeries("loss", x, y).setMarker(SeriesMarkers.NONE);
      chart.addSeries("moving mean (" + SMOOTHING + ")", x, mean).setMarker(SeriesMarkers.NONE);
    }
    save(chart, file);
  }

  /** Writes the photo PSNR plot to {@code file} (PNG); iterations without a figure are skipped. */
  public static void writePhotoPsnr(TrainingCurves curves, Path file) throws IOException {
    float[] psnr = curves.photoPsnr();
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < psnr.length; i++) {
      if (Float.isFinite(psnr[i])) {
        x.add((double) (i + 1));
        y.add((double) psnr[i]);
      }
    }
    XYChart chart = chart("Photo PSNR during training", "PSNR (dB)");
    if (!x.isEmpty()) {
      chart.addSeries("photo PSNR", x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    save(chart, file);
  }

  private static XYChart chart(String title, String yTitle) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("iteration")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendVisible(true);
    return chart;
  }

  private static void save(XYChart chart, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
