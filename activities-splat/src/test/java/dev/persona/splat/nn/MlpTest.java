package dev.persona.splat.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.splat.Tolerances;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class MlpTest {
  /**
   * Finite-difference step. The forward pass stores floats (relative rounding 6e-8), so L = sum r *
   * out, of order 1, carries about 1e-7 of noise; divided by 2h that is 1e-5. The truncation error
   * of the central difference is h^2/6 |L'''|, about 4e-6 for third derivatives of order 1 (only
   * the normalisation is curved; ReLU and Linear are piecewise linear).
   */
  private static final float STEP = 5e-3f;

  /** Absolute tolerance: a few times the float noise above. */
  private static final double ABSOLUTE = 2e-4;

  /** Relative tolerance: covers the curvature of the normalisation for features of order 0.3. */
  private static final double RELATIVE = 2e-3;

  @Test
  void gradientsMatchFiniteDifferencesWithGroupNorm() {
    checkGradients(new MlpConfig(5, 8, 2, 3, 2, false), 11);
  }

  @Test
  void gradientsMatchFiniteDifferencesWithLayerNorm() {
    checkGradients(new MlpConfig(4, 6, 3, 2, 1, false), 12);
  }

  @Test
  void gradientsMatchFiniteDifferencesWithoutNorm() {
    checkGradients(new MlpConfig(3, 7, 1, 4, 0, false), 13);
  }

  @Test
  void gradientsMatchFiniteDifferencesForASingleLinear() {
    checkGradients(new MlpConfig(3, 0, 0, 2, 0, false), 14);
  }

  /**
   * Checks every parameter and every input against central differences of L = sum r * out with
   * random r. A difference whose two evaluations switch a ReLU on or off measures a kink, not the
   * derivative; those entries are skipped, and the test requires that almost none were.
   */
  private static void checkGradients(MlpConfig config, long seed) {
    Mlp mlp = new Mlp(config);
    int rows = 4;
    SplittableRandom random = new SplittableRandom(seed);
    float[] params = new float[mlp.parameterCount()];
    mlp.initialise(params, seed);
    // Non-trivial gains and biases, so their gradients are exercised away from the initial values.
    for (ParameterView v : mlp.views()) {
      if (v.name().startsWith("norm")) {
        for (int j = v.offset(); j < v.end(); j++) {
          params[j] += (float) random.nextDouble(-0.3, 0.3);
        }
      }
    }
    float[] input = randoms(random, rows * config.inputs(), 1.0);
    float[] r = randoms(random, rows * config.outputs(), 1.0);
    Mlp.Scratch scratch = mlp.newScratch(rows);
    float[] out = new float[rows * config.outputs()];
    mlp.forward(params, input, rows, out, scratch);
    float[] dParams = new float[mlp.parameterCount()];
    float[] dInput = new float[rows * config.inputs()];
    mlp.backward(params, input, rows, r, scratch, dInput, dParams);

    int skipped = 0;
    int checked = 0;
    for (int j = 0; j < params.length; j++) {
      Double fd = difference(mlp, params, input, rows, r, params, j);
      if (fd == null) {
        skipped++;
        continue;
      }
      Tolerances.assertGradient(dParams[j], fd, ABSOLUTE, RELATIVE, "param " + j);
      checked++;
    }
    for (int j = 0; j < input.length; j++) {
      Double fd = difference(mlp, params, input, rows, r, input, j);
      if (fd == null) {
        skipped++;
        continue;
      }
      Tolerances.assertGradient(dInput[j], fd, ABSOLUTE, RELATIVE, "input " + j);
      checked++;
    }
    assertTrue(skipped * 20 <= checked, "too many kinks: " + skipped + " skipped of " + checked);
  }

  /** Central difference of L along {@code target[j]}, or null when a ReLU switched in between. */
  private static Double difference(
      Mlp mlp, float[] params, float[] input, int rows, float[] r, float[] target, int j) {
    float saved = target[j];
    target[j] = saved + STEP;
    double plus = loss(mlp, params, input, rows, r);
    boolean[] maskPlus = masks(mlp, params, input, rows);
    target[j] = saved - STEP;
    double minus = loss(mlp, params, input, rows, r);
    boolean[] maskMinus = masks(mlp, params, input, rows);
    target[j] = saved;
    if (!Arrays.equals(maskPlus, maskMinus)) {
      return null;
    }
    return (plus - minus) / (2.0 * STEP);
  }

  private static double loss(Mlp mlp, float[] params, float[] input, int rows, float[] r) {
    float[] out = new float[rows * mlp.config().outputs()];
    mlp.forward(params, input, rows, out, mlp.newScratch(rows));
    double sum = 0;
    for (int i = 0; i < out.length; i++) {
      sum += (double) r[i] * out[i];
    }
    return sum;
  }

  private static boolean[] masks(Mlp mlp, float[] params, float[] input, int rows) {
    Mlp.Scratch s = mlp.newScratch(rows);
    mlp.forward(params, input, rows, new float[rows * mlp.config().outputs()], s);
    int hidden = mlp.config().hiddenLayers();
    int width = mlp.config().hiddenWidth();
    boolean[] m = new boolean[hidden * rows * width];
    for (int k = 0; k < hidden; k++) {
      for (int j = 0; j < rows * width; j++) {
        m[k * rows * width + j] = s.activations(k)[j] > 0f;
      }
    }
    return m;
  }

  @Test
  void layerNormForwardMatchesHandComputedValues() {
    // One hidden layer of 4 with identity weights, zero biases, unit gain: out = relu(LN(x)).
    MlpConfig config = new MlpConfig(4, 4, 1, 4, 1, false);
    Mlp mlp = new Mlp(config);
    float[] params = new float[mlp.parameterCount()];
    mlp.initialise(params, 1);
    for (String name : new String[] {"linear0", "linear1"}) {
      ParameterView w = mlp.view(name + ".weight");
      Arrays.fill(params, w.offset(), w.end(), 0f);
      for (int i = 0; i < 4; i++) {
        params[w.offset() + i * 4 + i] = 1f;
      }
      ParameterView b = mlp.view(name + ".bias");
      Arrays.fill(params, b.offset(), b.end(), 0f);
    }
    float[] out = new float[4];
    mlp.forward(params, new float[] {1, 2, 3, 4}, 1, out, mlp.newScratch(1));
    // mean 2.5, biased variance 1.25.
    double rstd = 1 / Math.sqrt(1.25 + Mlp.NORM_EPSILON);
    float[] expected = {0f, 0f, (float) (0.5 * rstd), (float) (1.5 * rstd)};
    assertArrayEquals(expected, out, 1e-6f);
  }

  @Test
  void initialisationFollowsPyTorchLinearAndZeroesTheOutputLayer() {
    MlpConfig config = MlpConfig.paper(96 + 126, 3);
    Mlp mlp = new Mlp(config);
    float[] a = new float[mlp.parameterCount()];
    float[] b = new float[mlp.parameterCount()];
    float[] c = new float[mlp.parameterCount()];
    mlp.initialise(a, 7);
    mlp.initialise(b, 7);
    mlp.initialise(c, 8);
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
    ParameterView w0 = mlp.view("linear0.weight");
    double bound = 1 / Math.sqrt(222);
    double sumSq = 0;
    for (int j = w0.offset(); j < w0.end(); j++) {
      assertTrue(Math.abs(a[j]) <= bound);
      sumSq += (double) a[j] * a[j];
    }
    // Uniform on +-bound has variance bound^2 / 3; 28416 samples pin the mean square to 1 %.
    assertEquals(bound * bound / 3, sumSq / w0.length(), 0.02 * bound * bound / 3);
    for (int j = mlp.view("norm1.gain").offset(); j < mlp.view("norm1.gain").end(); j++) {
      assertEquals(1f, a[j]);
    }
    float[] out = new float[2 * 3];
    float[] in = randoms(new SplittableRandom(3), 2 * 222, 1.0);
    mlp.forward(a, in, 2, out, mlp.newScratch(2));
    assertArrayEquals(new float[6], out);
    // Views tile the array exactly, in order.
    int end = 0;
    for (ParameterView v : mlp.views()) {
      assertEquals(end, v.offset());
      end = v.end();
    }
    assertEquals(mlp.parameterCount(), end);
    assertEquals(222 * 128 + 128 + 2 * (128 * 128 + 128) + 3 * 2 * 128 + 128 * 3 + 3, end);
  }

  @Test
  void resultsAreBitIdenticalForAnyThreadCountAndBatchSplit() throws Exception {
    MlpConfig config = new MlpConfig(40, 64, 3, 3, 4, false);
    Mlp mlp = new Mlp(config);
    float[] params = new float[mlp.parameterCount()];
    mlp.initialise(params, 5);
    int rows = 1000;
    SplittableRandom random = new SplittableRandom(9);
    float[] input = randoms(random, rows * 40, 1.0);
    float[] dOut = randoms(random, rows * 3, 1.0);
    float[][] one = runIn(new ForkJoinPool(1), mlp, params, input, rows, dOut);
    float[][] three = runIn(new ForkJoinPool(3), mlp, params, input, rows, dOut);
    for (int i = 0; i < one.length; i++) {
      assertArrayEquals(one[i], three[i]);
    }
    // Rows never interact: the last row alone gives the same output bits.
    float[] single = new float[3];
    mlp.forward(
        params,
        Arrays.copyOfRange(input, (rows - 1) * 40, rows * 40),
        1,
        single,
        mlp.newScratch(1));
    assertArrayEquals(Arrays.copyOfRange(one[0], (rows - 1) * 3, rows * 3), single);
  }

  private static float[][] runIn(
      ForkJoinPool pool, Mlp mlp, float[] params, float[] input, int rows, float[] dOut)
      throws Exception {
    try {
      return pool.submit(
              () -> {
                Mlp.Scratch s = mlp.newScratch(rows);
                float[] out = new float[rows * 3];
                mlp.forward(params, input, rows, out, s);
                float[] dParams = new float[mlp.parameterCount()];
                float[] dInput = new float[input.length];
                mlp.backward(params, input, rows, dOut, s, dInput, dParams);
                return new float[][] {out, dParams, dInput};
              })
          .get();
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void inputGradientOfLeadingColumnsEqualsThoseOfTheFullInputGradient() {
    MlpConfig config = new MlpConfig(7, 8, 2, 3, 2, false);
    Mlp mlp = new Mlp(config);
    float[] params = new float[mlp.parameterCount()];
    mlp.initialise(params, 3);
    int rows = 5;
    SplittableRandom r = new SplittableRandom(4);
    float[] input = new float[rows * 7];
    float[] dOut = new float[rows * 3];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) r.nextDouble(-1, 1);
    }
    for (int i = 0; i < dOut.length; i++) {
      dOut[i] = (float) r.nextDouble(-1, 1);
    }
    Mlp.Scratch s = mlp.newScratch(rows);
    float[] out = new float[rows * 3];
    mlp.forward(params, input, rows, out, s);
    float[] full = new float[rows * 7];
    float[] dParamsFull = new float[mlp.parameterCount()];
    mlp.backward(params, input, rows, dOut, s, full, dParamsFull);
    float[] lead = new float[rows * 3];
    float[] dParamsLead = new float[mlp.parameterCount()];
    mlp.backward(params, input, rows, dOut, s, lead, 3, dParamsLead);
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < 3; i++) {
        // The same products summed in the same order: exactly equal.
        assertEquals(full[b * 7 + i], lead[b * 3 + i], "row " + b + " input " + i);
      }
    }
    assertArrayEquals(dParamsFull, dParamsLead);
  }

  @Test
  void rejectsMismatchedArguments() {
    Mlp mlp = new Mlp(new MlpConfig(3, 4, 1, 2, 2, false));
    Mlp.Scratch s = mlp.newScratch(2);
    float[] params = new float[mlp.parameterCount()];
    assertThrows(
        IllegalArgumentException.class,
        () -> mlp.forward(params, new float[9], 3, new float[6], s));
    assertThrows(
        IllegalArgumentException.class,
        () -> mlp.forward(new float[1], new float[6], 2, new float[4], s));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Mlp(new MlpConfig(3, 4, 1, 2, 2, false))
                .forward(params, new float[6], 2, new float[4], s));
    assertThrows(IllegalArgumentException.class, () -> new MlpConfig(3, 6, 1, 2, 4, false));
  }

  static float[] randoms(SplittableRandom random, int n, double bound) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextDouble(-bound, bound);
    }
    return a;
  }
}
