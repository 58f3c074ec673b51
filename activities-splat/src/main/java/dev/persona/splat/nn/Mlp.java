package dev.persona.splat.nn;

import dev.persona.splat.parallel.Chunks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small multilayer perceptron applied row by row to a batch (one row per Gaussian), with a
 * hand-written backward pass: {@code hiddenLayers} blocks of Linear -> GroupNorm/LayerNorm -> ReLU,
 * then a final Linear (the shape of PERSONA's {@code make_linear_layers(..., relu_final=False,
 * use_gn=True)}).
 *
 * <p>This class holds only the layout and the arithmetic; the parameters are one caller-owned flat
 * {@code float[parameterCount()]} addressed through {@link #views()}, so an optimiser and a
 * checkpoint treat the whole network as one block. In order, for each Linear {@code k} (inputs
 * {@code n_k}, outputs {@code m_k}):
 *
 * <ul>
 *   <li>{@code linear<k>.weight [n_k * m_k]}, input-major: {@code W[i*m_k + o]} multiplies input
 *       {@code i} into output {@code o} (the transpose of PyTorch's {@code [out, in]}, so that both
 *       the forward pass and the weight gradient run along contiguous outputs);
 *   <li>{@code linear<k>.bias [m_k]};
 *   <li>for hidden layers with normalisation: {@code norm<k>.gain [m_k]} and {@code norm<k>.bias
 *       [m_k]}, the per-channel affine of the normalisation.
 * </ul>
 *
 * <p>Normalisation (Wu &amp; He 2018, Eq. 1; LayerNorm, Ba et al. 2016, is the one-group case):
 * each row's hidden features split into G contiguous groups; within a group {@code xhat = (z -
 * mean) / sqrt(var + eps)} with the biased variance and {@code eps = 1e-5} (PyTorch's), then {@code
 * y = gain * xhat + bias} per channel. Statistics are per row, so rows never interact and a batch
 * of one gives the same result as any other batch size.
 *
 * <p>Threads: rows are split into fixed chunks, weight gradients into fixed blocks of input
 * features, and each element is summed in a fixed order (rows ascending) in double, so results are
 * bit-identical for any thread count.
 */
public final class Mlp {
  /** Added to the variance before the square root, as PyTorch's LayerNorm and GroupNorm. */
  public static final double NORM_EPSILON = 1e-5;

  /** Rows per parallel chunk in row-wise passes. */
  private static final int ROW_CHUNK = 128;

  /** Input features per parallel block of the weight gradient: 32 x 128 doubles stay in L2. */
  private static final int INPUT_BLOCK = 32;

  private final MlpConfig config;
  private final int linearCount;
  private final int[] widths;
  private final int[] weightOffset;
  private final int[] biasOffset;
  private final int[] gainOffset;
  private final int[] normBiasOffset;
  private final int parameterCount;
  private final List<ParameterView> views;

  public Mlp(MlpConfig config) {
    this.config = config;
    linearCount = config.hiddenLayers() + 1;
    widths = new int[linearCount + 1];
    widths[0] = config.inputs();
    for (int k = 1; k < linearCount; k++) {
      widths[k] = config.hiddenWidth();
    }
    widths[linearCount] = config.outputs();
    weightOffset = new int[linearCount];
    biasOffset = new int[linearCount];
    gainOffset = new int[linearCount];
    normBiasOffset = new int[linearCount];
    List<ParameterView> list = new ArrayList<>();
    long offset = 0;
    for (int k = 0; k < linearCount; k++) {
      int in = widths[k];
      int out = widths[k + 1];
      weightOffset[k] = (int) offset;
      list.add(new ParameterView("linear" + k + ".weight", (int) offset, in * out));
      offset += (long) in * out;
      biasOffset[k] = (int) offset;
      list.add(new ParameterView("linear" + k + ".bias", (int) offset, out));
      offset += out;
      if (k < linearCount - 1 && hasNorm()) {
        gainOffset[k] = (int) offset;
        list.add(new ParameterView("norm" + k + ".gain", (int) offset, out));
        offset += out;
        normBiasOffset[k] = (int) offset;
        list.add(new ParameterView("norm" + k + ".bias", (int) offset, out));
        offset += out;
      }
      if (offset > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("MLP too large for one float[]: " + config);
      }
    }
    parameterCount = (int) offset;
    views = List.copyOf(list);
  }

  public MlpConfig config() {
    return config;
  }

  /** Length of the flat parameter array (and of its gradient). */
  public int parameterCount() {
    return parameterCount;
  }

  /** Named slices of the flat parameter array, in storage order, covering it exactly. */
  public List<ParameterView> views() {
    return views;
  }

  /**
   * The view named {@code name}.
   *
   * @throws IllegalArgumentException when there is none
   */
  public ParameterView view(String name) {
    for (ParameterView v : views) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException("no parameter named " + name);
  }

  private boolean hasNorm() {
    return config.normGroups() > 0 && config.hiddenLayers() > 0;
  }

  /**
   * Fills {@code params} deterministically from {@code seed}: every Linear as PyTorch's {@code
   * nn.Linear} default (Kaiming-uniform with a = sqrt(5), which gives weights and biases uniform in
   * +-1/sqrt(fan_in)), normalisation gains 1 and biases 0, and, when {@link
   * MlpConfig#zeroOutputLayer()}, the last Linear all zeros: then the output is exactly zero at the
   * start (PERSONA's offsets start from the template body), while the output layer's own gradient,
   * a^T dY, is not zero, so the first optimiser step wakes it and gradient reaches the hidden
   * layers from the second step on.
   *
   * @param params {@code [parameterCount()]}, overwritten
   */
  public void initialise(float[] params, long seed) {
    requireLength(params, parameterCount, "params");
    SplittableRandom random = new SplittableRandom(seed);
    for (int k = 0; k < linearCount; k++) {
      int in = widths[k];
      int out = widths[k + 1];
      boolean zero = k == linearCount - 1 && config.zeroOutputLayer();
      double bound = 1.0 / Math.sqrt(in);
      for (int i = 0; i < in * out; i++) {
        params[weightOffset[k] + i] = zero ? 0f : (float) random.nextDouble(-bound, bound);
      }
      for (int o = 0; o < out; o++) {
        params[biasOffset[k] + o] = zero ? 0f : (float) random.nextDouble(-bound, bound);
      }
      if (k < linearCount - 1 && hasNorm()) {
        Arrays.fill(params, gainOffset[k], gainOffset[k] + out, 1f);
        Arrays.fill(params, normBiasOffset[k], normBiasOffset[k] + out, 0f);
      }
    }
  }

  /**
   * Scratch for batches of up to {@code maxRows} rows (about 3 x hiddenLayers x width floats per
   * row).
   */
  public Scratch newScratch(int maxRows) {
    return new Scratch(this, maxRows);
  }

  /**
   * Forward pass over {@code rows} rows, keeping in {@code scratch} what {@link #backward} needs.
   *
   * @param params {@code [parameterCount()]}
   * @param input {@code [rows * inputs]}, row-major (row b at {@code b * inputs})
   * @param output {@code [rows * outputs]}, row-major, overwritten
   * @param scratch from {@link #newScratch} with capacity at least {@code rows}; overwritten
   */
  public void forward(float[] params, float[] input, int rows, float[] output, Scratch scratch) {
    checkCall(params, input, rows, scratch);
    requireLength(output, (long) rows * config.outputs(), "output");
    float[] x = input;
    for (int k = 0; k < linearCount; k++) {
      boolean last = k == linearCount - 1;
      float[] y = last ? output : scratch.activations[k];
      linearForward(params, k, x, rows, y);
      if (!last) {
        normReluForward(params, k, rows, scratch);
      }
      x = y;
    }
  }

  /**
   * Backward pass for the batch last given to {@link #forward} with the same {@code params}, {@code
   * input}, {@code rows} and {@code scratch}.
   *
   * @param dOutput dL/d(output) {@code [rows * outputs]}, read only
   * @param dInput dL/d(input) {@code [rows * inputs]}, overwritten; null when not wanted
   * @param dParams {@code [parameterCount()]}: dL/d(params) is added to it
   */
  public void backward(
      float[] params,
      float[] input,
      int rows,
      float[] dOutput,
      Scratch scratch,
      float[] dInput,
      float[] dParams) {
    backward(params, input, rows, dOutput, scratch, dInput, config.inputs(), dParams);
  }

  /**
   * As {@link #backward(float[], float[], int, float[], Scratch, float[], float[])}, with the input
   * gradient only for the first {@code inputColumns} input features (the avatar's offset field
   * needs it for the triplane features, not for the pose features that follow them: skipping those
   * saves most of the first layer's input-gradient product).
   *
   * @param dInput {@code [rows * inputColumns]}, row-major with row stride {@code inputColumns},
   *     overwritten; null when not wanted
   */
  public void backward(
      float[] params,
      float[] input,
      int rows,
      float[] dOutput,
      Scratch scratch,
      float[] dInput,
      int inputColumns,
      float[] dParams) {
    checkCall(params, input, rows, scratch);
    requireLength(dOutput, (long) rows * config.outputs(), "dOutput");
    requireLength(dParams, parameterCount, "dParams");
    if (inputColumns < 0 || inputColumns > config.inputs()) {
      throw new IllegalArgumentException(
          "inputColumns must be in [0, " + config.inputs() + "], got " + inputColumns);
    }
    if (dInput != null) {
      requireLength(dInput, (long) rows * inputColumns, "dInput");
    }
    float[] dz = dOutput;
    float[] spare = scratch.gradientA;
    for (int k = linearCount - 1; k >= 0; k--) {
      if (k < linearCount - 1) {
        normReluBackward(params, k, rows, dz, scratch, dParams);
      }
      float[] x = k == 0 ? input : scratch.activations[k - 1];
      linearBackwardParams(k, x, dz, rows, scratch, dParams);
      float[] dx = k == 0 ? dInput : spare;
      if (dx != null) {
        linearBackwardInput(params, k, dz, rows, dx, k == 0 ? inputColumns : widths[k], scratch);
      }
      spare = dx == scratch.gradientA ? scratch.gradientB : scratch.gradientA;
      dz = dx;
    }
  }

  /** y[b, o] = bias[o] + sum_i x[b, i] W[i, o], accumulated along contiguous outputs. */
  private void linearForward(float[] params, int k, float[] x, int rows, float[] y) {
    int in = widths[k];
    int out = widths[k + 1];
    int wOff = weightOffset[k];
    int bOff = biasOffset[k];
    Chunks.forEach(
        rows,
        ROW_CHUNK,
        c -> {
          int end = Math.min(rows, (c + 1) * ROW_CHUNK);
          for (int b = c * ROW_CHUNK; b < end; b++) {
            int yo = b * out;
            System.arraycopy(params, bOff, y, yo, out);
            int xo = b * in;
            for (int i = 0; i < in; i++) {
              float xi = x[xo + i];
              if (xi == 0f) {
                continue;
              }
              int wo = wOff + i * out;
              for (int o = 0; o < out; o++) {
                y[yo + o] += xi * params[wo + o];
              }
            }
          }
        });
  }

  /** In place on {@code scratch.activations[k]}: z -> relu(gain * xhat + bias), keeping xhat. */
  private void normReluForward(float[] params, int k, int rows, Scratch s) {
    int width = widths[k + 1];
    float[] a = s.activations[k];
    if (!hasNorm()) {
      Chunks.forEach(
          rows,
          ROW_CHUNK,
          c -> {
            int end = Math.min(rows, (c + 1) * ROW_CHUNK) * width;
            for (int j = c * ROW_CHUNK * width; j < end; j++) {
              a[j] = Math.max(a[j], 0f);
            }
          });
      return;
    }
    int groups = config.normGroups();
    int groupSize = width / groups;
    float[] xhat = s.normalised[k];
    float[] invStd = s.invStd[k];
    int gOff = gainOffset[k];
    int nOff = normBiasOffset[k];
    Chunks.forEach(
        rows,
        ROW_CHUNK,
        c -> {
          int end = Math.min(rows, (c + 1) * ROW_CHUNK);
          for (int b = c * ROW_CHUNK; b < end; b++) {
            for (int g = 0; g < groups; g++) {
              int base = b * width + g * groupSize;
              double sum = 0;
              for (int j = 0; j < groupSize; j++) {
                sum += a[base + j];
              }
              double mean = sum / groupSize;
              double sq = 0;
              for (int j = 0; j < groupSize; j++) {
                double d = a[base + j] - mean;
                sq += d * d;
              }
              double rstd = 1.0 / Math.sqrt(sq / groupSize + NORM_EPSILON);
              invStd[b * groups + g] = (float) rstd;
              for (int j = 0; j < groupSize; j++) {
                int ch = g * groupSize + j;
                float xh = (float) ((a[base + j] - mean) * rstd);
                xhat[base + j] = xh;
                a[base + j] = Math.max(params[gOff + ch] * xh + params[nOff + ch], 0f);
              }
            }
          }
        });
  }

  /**
   * In place on {@code g}: dL/d(activation) -> dL/dz for hidden layer k, adding the gain and bias
   * gradients. ReLU passes gradient where its output is positive; the group-norm backward is the
   * standard one: dz = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) over the group,
   * with dxhat = dy * gain.
   */
  private void normReluBackward(
      float[] params, int k, int rows, float[] g, Scratch s, float[] dParams) {
    int width = widths[k + 1];
    float[] a = s.activations[k];
    Chunks.forEach(
        rows,
        ROW_CHUNK,
        c -> {
          int end = Math.min(rows, (c + 1) * ROW_CHUNK) * width;
          for (int j = c * ROW_CHUNK * width; j < end; j++) {
            if (a[j] <= 0f) {
              g[j] = 0f;
            }
          }
        });
    if (!hasNorm()) {
      return;
    }
    float[] xhat = s.normalised[k];
    double[] gainSum = s.vectorSumA;
    double[] biasSum = s.vectorSumB;
    Arrays.fill(gainSum, 0, width, 0.0);
    Arrays.fill(biasSum, 0, width, 0.0);
    for (int b = 0; b < rows; b++) {
      int base = b * width;
      for (int ch = 0; ch < width; ch++) {
        double dy = g[base + ch];
        gainSum[ch] += dy * xhat[base + ch];
        biasSum[ch] += dy;
      }
    }
    int gOff = gainOffset[k];
    int nOff = normBiasOffset[k];
    for (int ch = 0; ch < width; ch++) {
      dParams[gOff + ch] += (float) gainSum[ch];
      dParams[nOff + ch] += (float) biasSum[ch];
    }
    int groups = config.normGroups();
    int groupSize = width / groups;
    float[] invStd = s.invStd[k];
    Chunks.forEach(
        rows,
        ROW_CHUNK,
        c -> {
          int end = Math.min(rows, (c + 1) * ROW_CHUNK);
          for (int b = c * ROW_CHUNK; b < end; b++) {
            for (int gr = 0; gr < groups; gr++) {
              int base = b * width + gr * groupSize;
              double meanD = 0;
              double meanDx = 0;
              for (int j = 0; j < groupSize; j++) {
                double d = (double) g[base + j] * params[gOff + gr * groupSize + j];
                meanD += d;
                meanDx += d * xhat[base + j];
              }
              meanD /= groupSize;
              meanDx /= groupSize;
              double rstd = invStd[b * groups + gr];
              for (int j = 0; j < groupSize; j++) {
                double d = (double) g[base + j] * params[gOff + gr * groupSize + j];
                g[base + j] = (float) (rstd * (d - meanD - xhat[base + j] * meanDx));
              }
            }
          }
        });
  }

  /**
   * dW[i, o] += sum_b x[b, i] dz[b, o] and dbias[o] += sum_b dz[b, o], summed over rows in
   * ascending order in double; blocks of input features run in parallel, each owning its rows of
   * dW.
   */
  private void linearBackwardParams(
      int k, float[] x, float[] dz, int rows, Scratch s, float[] dParams) {
    int in = widths[k];
    int out = widths[k + 1];
    int wOff = weightOffset[k];
    double[] acc = s.weightSum;
    Chunks.forEach(
        in,
        INPUT_BLOCK,
        c -> {
          int i0 = c * INPUT_BLOCK;
          int i1 = Math.min(in, i0 + INPUT_BLOCK);
          Arrays.fill(acc, i0 * out, i1 * out, 0.0);
          for (int b = 0; b < rows; b++) {
            int xo = b * in;
            int zo = b * out;
            for (int i = i0; i < i1; i++) {
              double xi = x[xo + i];
              if (xi == 0.0) {
                continue;
              }
              int ao = i * out;
              for (int o = 0; o < out; o++) {
                acc[ao + o] += xi * dz[zo + o];
              }
            }
          }
          for (int j = i0 * out; j < i1 * out; j++) {
            dParams[wOff + j] += (float) acc[j];
          }
        });
    double[] biasSum = s.vectorSumA;
    Arrays.fill(biasSum, 0, out, 0.0);
    for (int b = 0; b < rows; b++) {
      int zo = b * out;
      for (int o = 0; o < out; o++) {
        biasSum[o] += dz[zo + o];
      }
    }
    int bOff = biasOffset[k];
    for (int o = 0; o < out; o++) {
      dParams[bOff + o] += (float) biasSum[o];
    }
  }

  /**
   * dx[b, i] = sum_o dz[b, o] W[i, o] for the first {@code columns} inputs i (row stride {@code
   * columns}), through an output-major copy of W so rows stay contiguous.
   */
  private void linearBackwardInput(
      float[] params, int k, float[] dz, int rows, float[] dx, int columns, Scratch s) {
    int out = widths[k + 1];
    int wOff = weightOffset[k];
    float[] wt = s.transposed;
    for (int i = 0; i < columns; i++) {
      for (int o = 0; o < out; o++) {
        wt[o * columns + i] = params[wOff + i * out + o];
      }
    }
    Chunks.forEach(
        rows,
        ROW_CHUNK,
        c -> {
          int end = Math.min(rows, (c + 1) * ROW_CHUNK);
          for (int b = c * ROW_CHUNK; b < end; b++) {
            int xo = b * columns;
            Arrays.fill(dx, xo, xo + columns, 0f);
            int zo = b * out;
            for (int o = 0; o < out; o++) {
              float d = dz[zo + o];
              if (d == 0f) {
                continue;
              }
              int wo = o * columns;
              for (int i = 0; i < columns; i++) {
                dx[xo + i] += d * wt[wo + i];
              }
            }
          }
        });
  }

  private void checkCall(float[] params, float[] input, int rows, Scratch scratch) {
    if (scratch.owner != this) {
      throw new IllegalArgumentException("scratch was made by another Mlp");
    }
    if (rows < 0 || rows > scratch.capacity) {
      throw new IllegalArgumentException(
          "rows " + rows + " outside the scratch's capacity " + scratch.capacity);
    }
    requireLength(params, parameterCount, "params");
    requireLength(input, (long) rows * config.inputs(), "input");
  }

  private static void requireLength(float[] a, long atLeast, String what) {
    if (a.length < atLeast) {
      throw new IllegalArgumentException(
          what + " has " + a.length + " elements, needs at least " + atLeast);
    }
  }

  /**
   * Caller-owned working memory of one {@link Mlp} for batches of up to {@code capacity} rows:
   * forward keeps each hidden layer's normalised features, inverse deviations and activations here
   * for backward; backward uses the gradient buffers. One scratch serves one batch at a time.
   */
  public static final class Scratch {
    private final Mlp owner;
    private final int capacity;
    final float[][] activations;
    final float[][] normalised;
    final float[][] invStd;
    final float[] gradientA;
    final float[] gradientB;
    final float[] transposed;
    final double[] weightSum;
    final double[] vectorSumA;
    final double[] vectorSumB;

    private Scratch(Mlp mlp, int capacity) {
      if (capacity < 0) {
        throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
      }
      this.owner = mlp;
      this.capacity = capacity;
      int hidden = mlp.linearCount - 1;
      int width = mlp.config.hiddenWidth();
      int groups = mlp.hasNorm() ? mlp.config.normGroups() : 0;
      activations = new float[hidden][];
      normalised = new float[hidden][];
      invStd = new float[hidden][];
      for (int k = 0; k < hidden; k++) {
        activations[k] = new float[Math.multiplyExact(capacity, width)];
        normalised[k] = new float[groups > 0 ? capacity * width : 0];
        invStd[k] = new float[capacity * groups];
      }
      int maxWidth = 0;
      int maxProduct = 0;
      for (int k = 0; k < mlp.linearCount; k++) {
        maxWidth = Math.max(maxWidth, Math.max(mlp.widths[k], mlp.widths[k + 1]));
        maxProduct = Math.max(maxProduct, mlp.widths[k] * mlp.widths[k + 1]);
      }
      int hiddenGradient = hidden > 0 ? Math.multiplyExact(capacity, width) : 0;
      gradientA = new float[hiddenGradient];
      gradientB = new float[hiddenGradient];
      transposed = new float[maxProduct];
      weightSum = new double[maxProduct];
      vectorSumA = new double[maxWidth];
      vectorSumB = new double[maxWidth];
    }

    /** The most rows one batch may have. */
    public int capacity() {
      return capacity;
    }

    /** Hidden layer k's activations after ReLU, {@code [capacity * hiddenWidth]}, for tests. */
    float[] activations(int k) {
      return activations[k];
    }
  }
}
