package dev.persona.splat.nn;

/**
 * The shape of an {@link Mlp}: {@code hiddenLayers} blocks of Linear -> normalisation -> ReLU of
 * width {@code hiddenWidth}, then a final Linear to {@code outputs} (no normalisation, no
 * activation).
 *
 * @param inputs features per row fed to the first Linear, at least 1
 * @param hiddenWidth width of every hidden layer, at least 1 (ignored when {@code hiddenLayers} is
 *     0)
 * @param hiddenLayers number of hidden blocks, at least 0 (0 makes a single Linear)
 * @param outputs features per row out of the last Linear, at least 1
 * @param normGroups channel groups of the normalisation after each hidden Linear: 0 for none, 1 for
 *     LayerNorm over the hidden features, G &gt; 1 for GroupNorm(G) (each row's features split into
 *     G contiguous groups normalised apart); must divide {@code hiddenWidth}
 * @param zeroOutputLayer whether {@link Mlp#initialise} zeroes the last Linear's weight and bias,
 *     so the network outputs exactly zero until the first optimiser step
 */
public record MlpConfig(
    int inputs,
    int hiddenWidth,
    int hiddenLayers,
    int outputs,
    int normGroups,
    boolean zeroOutputLayer) {

  /** Hidden width of PERSONA's offset network (Sim &amp; Moon 2025, Sec. 3.3). */
  public static final int PAPER_HIDDEN_WIDTH = 128;

  /** Hidden layers of PERSONA's offset network. */
  public static final int PAPER_HIDDEN_LAYERS = 3;

  /**
   * Groups of the normalisation in PERSONA's released code ({@code nn.GroupNorm(4, 128)} after each
   * hidden Linear in {@code make_linear_layers(..., use_gn=True)}); the paper only says
   * "normalisation".
   */
  public static final int PAPER_NORM_GROUPS = 4;

  public MlpConfig {
    if (inputs < 1 || outputs < 1 || hiddenLayers < 0) {
      throw new IllegalArgumentException(
          "need inputs >= 1, outputs >= 1, hiddenLayers >= 0; got "
              + inputs
              + ", "
              + outputs
              + ", "
              + hiddenLayers);
    }
    if (hiddenLayers > 0 && hiddenWidth < 1) {
      throw new IllegalArgumentException("hiddenWidth must be >= 1, got " + hiddenWidth);
    }
    if (normGroups < 0 || (hiddenLayers > 0 && normGroups > 0 && hiddenWidth % normGroups != 0)) {
      throw new IllegalArgumentException(
          "normGroups " + normGroups + " must be 0 or divide hiddenWidth " + hiddenWidth);
    }
  }

  /**
   * PERSONA's offset network: 3 hidden layers of 128 with GroupNorm(4) and ReLU, the output layer
   * zero-initialised so pose-driven offsets start at zero.
   */
  public static MlpConfig paper(int inputs, int outputs) {
    return new MlpConfig(
        inputs, PAPER_HIDDEN_WIDTH, PAPER_HIDDEN_LAYERS, outputs, PAPER_NORM_GROUPS, true);
  }
}
