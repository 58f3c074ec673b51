package dev.persona.splat.avatar;

import dev.persona.splat.nn.Mlp;
import dev.persona.splat.nn.MlpConfig;
import dev.persona.splat.triplane.TriplaneField;
import java.util.Arrays;

/**
 * PERSONA's pose-driven offsets (Sim &amp; Moon 2025, Sec. 3.3, "pose-dependent deformation";
 * {@code get_mean_offset_offset} in its code): for each Gaussian i that is not on a hand or the
 * face,
 *
 * <pre>
 *   f_i   = triplane(x_i)                       (3C features at the canonical template position)
 *   p_i   = mask_i * sixD(theta_body)           (126, {@link PoseFeatures})
 *   y_i   = MLP([f_i | p_i])
 *   dmu_i = y_i[0..3) / 100                     (metres, canonical frame)
 * </pre>
 *
 * and, when switched on (not in PERSONA), {@code y_i}'s next D values are log-scale offsets and the
 * last 3 colour offsets added to the degree-0 SH coefficients. Hand and face Gaussians get all
 * zeros and are never run through the network.
 *
 * <p>The triplane is sampled at the fixed canonical means (PERSONA samples its template vertices,
 * not the learned positions), in a cube centred on their mean. The MLP runs over the offset
 * Gaussians in batches of {@link AvatarOptions#mlpBatchRows()}; backward recomputes each batch's
 * forward pass (so memory stays one batch) and sums the batches in ascending order, so results are
 * bit-identical for any thread count.
 *
 * <p>Output layout {@code offsets [N*O]}, {@code O = }{@link #outputs()}: row i is {@code [dmu (3)
 * | dlogScale (D, optional) | dcolour (3, optional)]}.
 */
public final class OffsetField {
  /** PERSONA divides the MLP's mean offsets by 100 (centimetres to metres, in effect). */
  public static final float MEAN_OFFSET_SCALE = 0.01f;

  private final CanonicalAvatar avatar;
  private final TriplaneField triplane;
  private final Mlp mlp;
  private final int outputs;
  private final int scaleAt;
  private final int colorAt;
  private final int batchRows;

  public OffsetField(CanonicalAvatar avatar) {
    this.avatar = avatar;
    AvatarOptions o = avatar.options();
    double[] c = avatar.centre();
    triplane =
        new TriplaneField(
            o.triplaneChannels(), o.triplaneResolution(), c[0], c[1], c[2], o.triplaneSide());
    int out = 3;
    scaleAt = o.scaleOffsets() ? out : -1;
    if (o.scaleOffsets()) {
      out += o.scaleDimensions();
    }
    colorAt = o.colorOffsets() ? out : -1;
    if (o.colorOffsets()) {
      out += 3;
    }
    outputs = out;
    mlp =
        new Mlp(
            new MlpConfig(
                triplane.featureCount() + PoseFeatures.FEATURES,
                o.mlpHiddenWidth(),
                o.mlpHiddenLayers(),
                outputs,
                o.mlpNormGroups(),
                true));
    batchRows = Math.max(1, Math.min(o.mlpBatchRows(), avatar.offsetGaussians().length));
  }

  public TriplaneField triplane() {
    return triplane;
  }

  public Mlp mlp() {
    return mlp;
  }

  /** Values per Gaussian in the offsets array: 3, plus D with scale offsets, plus 3 with colour. */
  public int outputs() {
    return outputs;
  }

  /** Column of the first log-scale offset in a row, or -1 when there are none. */
  public int scaleColumn() {
    return scaleAt;
  }

  /** Column of the first colour offset in a row, or -1 when there are none. */
  public int colorColumn() {
    return colorAt;
  }

  /** Reusable buffers of one batch. */
  private final class Batch {
    final float[] points = new float[batchRows * 3];
    final float[] features = new float[batchRows * triplane.featureCount()];
    final float[] input = new float[batchRows * mlp.config().inputs()];
    final float[] output = new float[batchRows * outputs];
    final Mlp.Scratch scratch = mlp.newScratch(batchRows);

    /** Runs rows {@code [start, start + rows)} of the offset Gaussians forward. */
    void forward(float[] planes, float[] mlpParams, float[] sixD, int start, int rows) {
      int[] index = avatar.offsetGaussians();
      float[] means = avatar.canonicalMeans();
      for (int b = 0; b < rows; b++) {
        System.arraycopy(means, index[start + b] * 3, points, b * 3, 3);
      }
      triplane.sample(planes, points, rows, features);
      int f = triplane.featureCount();
      int in = mlp.config().inputs();
      PoseFeatures pose = avatar.poseFeatures();
      for (int b = 0; b < rows; b++) {
        System.arraycopy(features, b * f, input, b * in, f);
        pose.writeMasked(index[start + b], sixD, input, b * in + f);
      }
      mlp.forward(mlpParams, input, rows, output, scratch);
    }
  }

  /**
   * The offsets of every Gaussian for one pose.
   *
   * @param planes triplane parameters
   * @param mlpParams MLP parameters
   * @param sixD {@code [126]} from {@link PoseFeatures#sixD}
   * @param offsets {@code [N*O]}, overwritten (zero rows for hands and face)
   */
  public void forward(float[] planes, float[] mlpParams, float[] sixD, float[] offsets) {
    if (offsets.length != avatar.count() * outputs) {
      throw new IllegalArgumentException(
          "offsets must have " + (avatar.count() * outputs) + " values, has " + offsets.length);
    }
    Arrays.fill(offsets, 0f);
    int[] index = avatar.offsetGaussians();
    Batch batch = new Batch();
    for (int start = 0; start < index.length; start += batchRows) {
      int rows = Math.min(batchRows, index.length - start);
      batch.forward(planes, mlpParams, sixD, start, rows);
      for (int b = 0; b < rows; b++) {
        int o = index[start + b] * outputs;
        for (int c = 0; c < outputs; c++) {
          float y = batch.output[b * outputs + c];
          offsets[o + c] = c < 3 ? y * MEAN_OFFSET_SCALE : y;
        }
      }
    }
  }

  /**
   * Backward of {@link #forward}: adds dL/d(planes) and dL/d(MLP parameters).
   *
   * @param dOffsets {@code [N*O]} dL/d(offsets); rows of hand and face Gaussians are ignored
   * @param dPlanes triplane gradient, added to
   * @param dMlp MLP gradient, added to
   */
  public void backward(
      float[] planes,
      float[] mlpParams,
      float[] sixD,
      float[] dOffsets,
      float[] dPlanes,
      float[] dMlp) {
    if (dOffsets.length != avatar.count() * outputs) {
      throw new IllegalArgumentException(
          "dOffsets must have " + (avatar.count() * outputs) + " values, has " + dOffsets.length);
    }
    int[] index = avatar.offsetGaussians();
    Batch batch = new Batch();
    float[] dOutput = new float[batchRows * outputs];
    float[] dFeatures = new float[batchRows * triplane.featureCount()];
    int f = triplane.featureCount();
    for (int start = 0; start < index.length; start += batchRows) {
      int rows = Math.min(batchRows, index.length - start);
      batch.forward(planes, mlpParams, sixD, start, rows);
      for (int b = 0; b < rows; b++) {
        int o = index[start + b] * outputs;
        for (int c = 0; c < outputs; c++) {
          float g = dOffsets[o + c];
          dOutput[b * outputs + c] = c < 3 ? g * MEAN_OFFSET_SCALE : g;
        }
      }
      // Only the triplane features' input gradient is needed: the pose features are data.
      mlp.backward(mlpParams, batch.input, rows, dOutput, batch.scratch, dFeatures, f, dMlp);
      triplane.backward(planes, batch.points, rows, dFeatures, dPlanes, null);
    }
  }
}
