package dev.persona.smplx.perception;

import java.util.ArrayList;
import java.util.List;

/**
 * SSD anchor generation as MediaPipe's {@code SsdAnchorsCalculator} defines it. Consecutive layers
 * with the same stride share one feature map; at each cell of a feature map, every layer of the
 * group contributes one anchor per aspect ratio plus (when {@code interpolatedScaleAspectRatio >
 * 0}) one at the geometric mean of its scale and the next layer's. Anchors are ordered by layer
 * group, then row, then column, then anchor within the cell, which is the order of the detector's
 * output rows.
 */
public final class SsdAnchors {
  private SsdAnchors() {}

  /**
   * The calculator's options (the subset with feature-map sizes derived from the strides).
   *
   * @param numLayers layers (one per stride)
   * @param minScale anchor scale of the first layer, fraction of the input
   * @param maxScale anchor scale of the last layer
   * @param inputWidth model input width, pixels
   * @param inputHeight model input height, pixels
   * @param offsetX anchor centre within its cell, fraction of the cell (0.5 = middle)
   * @param offsetY likewise vertically
   * @param strides {@code [numLayers]} feature-map stride of each layer, input pixels
   * @param aspectRatios width/height ratios of each layer's anchors
   * @param reduceBoxesInLowestLayer the first layer gets three fixed boxes instead
   * @param interpolatedScaleAspectRatio aspect ratio of the extra interpolated-scale anchor; 0 for
   *     none
   * @param fixedAnchorSize every anchor gets width and height 1 (the detector regresses sizes
   *     directly)
   */
  @SuppressWarnings("ArrayRecordComponent") // copied in; compared by no one
  public record Options(
      int numLayers,
      double minScale,
      double maxScale,
      int inputWidth,
      int inputHeight,
      double offsetX,
      double offsetY,
      int[] strides,
      double[] aspectRatios,
      boolean reduceBoxesInLowestLayer,
      double interpolatedScaleAspectRatio,
      boolean fixedAnchorSize) {
    public Options {
      if (strides.length != numLayers) {
        throw new IllegalArgumentException(
            "need one stride per layer: " + strides.length + " for " + numLayers);
      }
      strides = strides.clone();
      aspectRatios = aspectRatios.clone();
    }
  }

  /** The options of MediaPipe's {@code pose_detection_cpu.pbtxt}: 2254 anchors on 224x224. */
  public static final Options POSE_DETECTION =
      new Options(
          5,
          0.1484375,
          0.75,
          224,
          224,
          0.5,
          0.5,
          new int[] {8, 16, 32, 32, 32},
          new double[] {1.0},
          false,
          1.0,
          true);

  /**
   * Generates the anchors.
   *
   * @return {@code [N * 4]} per anchor: x centre, y centre, width, height, all as fractions of the
   *     model input (x right, y down)
   */
  public static float[] generate(Options o) {
    List<float[]> anchors = new ArrayList<>();
    int layer = 0;
    while (layer < o.numLayers()) {
      List<Double> heights = new ArrayList<>();
      List<Double> widths = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      List<Double> scales = new ArrayList<>();
      int last = layer;
      while (last < o.numLayers() && o.strides()[last] == o.strides()[layer]) {
        double scale = scale(o, last);
        if (last == 0 && o.reduceBoxesInLowestLayer()) {
          ratios.add(1.0);
          scales.add(0.1);
          ratios.add(2.0);
          scales.add(scale);
          ratios.add(0.5);
          scales.add(scale);
        } else {
          for (double ar : o.aspectRatios()) {
            ratios.add(ar);
            scales.add(scale);
          }
          if (o.interpolatedScaleAspectRatio() > 0) {
            double next = last == o.numLayers() - 1 ? 1.0 : scale(o, last + 1);
            scales.add(Math.sqrt(scale * next));
            ratios.add(o.interpolatedScaleAspectRatio());
          }
        }
        last++;
      }
      for (int i = 0; i < ratios.size(); i++) {
        double sqrt = Math.sqrt(ratios.get(i));
        heights.add(scales.get(i) / sqrt);
        widths.add(scales.get(i) * sqrt);
      }
      int stride = o.strides()[layer];
      int mapH = (int) Math.ceil((double) o.inputHeight() / stride);
      int mapW = (int) Math.ceil((double) o.inputWidth() / stride);
      for (int y = 0; y < mapH; y++) {
        for (int x = 0; x < mapW; x++) {
          for (int a = 0; a < heights.size(); a++) {
            float cx = (float) ((x + o.offsetX()) / mapW);
            float cy = (float) ((y + o.offsetY()) / mapH);
            float w = o.fixedAnchorSize() ? 1f : widths.get(a).floatValue();
            float h = o.fixedAnchorSize() ? 1f : heights.get(a).floatValue();
            anchors.add(new float[] {cx, cy, w, h});
          }
        }
      }
      layer = last;
    }
    float[] out = new float[anchors.size() * 4];
    for (int i = 0; i < anchors.size(); i++) {
      System.arraycopy(anchors.get(i), 0, out, i * 4, 4);
    }
    return out;
  }

  private static double scale(Options o, int index) {
    if (o.numLayers() == 1) {
      return (o.minScale() + o.maxScale()) * 0.5;
    }
    return o.minScale() + (o.maxScale() - o.minScale()) * index / (o.numLayers() - 1.0);
  }
}
