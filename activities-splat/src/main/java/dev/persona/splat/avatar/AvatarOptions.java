package dev.persona.splat.avatar;

import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.nn.MlpConfig;
import dev.persona.splat.triplane.TriplaneField;

/**
 * The sizes and switches of the animatable avatar (PERSONA, Sim &amp; Moon 2025, Sec. 3.2-3.3;
 * ExAvatar, Moon et al. 2024, Sec. 4). {@link #paper()} gives the paper's values.
 *
 * @param subdivisionLevels midpoint subdivisions of the body template, 0..2; one Gaussian per
 *     vertex of the result (PERSONA: 2)
 * @param shDegree spherical-harmonic degree of the learned colour, 0..3 (PERSONA: 0, a plain RGB)
 * @param anisotropicScale false: one log-scale per Gaussian (PERSONA's isotropic Gaussians); true:
 *     three log-scales and a learned canonical rotation per Gaussian
 * @param learnOpacity false: opacity fixed at 1 (PERSONA); true: a learned logit per Gaussian
 * @param triplaneChannels C of each triplane plane (PERSONA: 32)
 * @param triplaneResolution R of each plane (PERSONA: 128)
 * @param triplaneSide side of the cube the planes cover, metres (PERSONA: 2)
 * @param mlpHiddenWidth width of the offset MLP's hidden layers (PERSONA: 128)
 * @param mlpHiddenLayers hidden layers of the offset MLP (PERSONA: 3)
 * @param mlpNormGroups GroupNorm groups after each hidden layer (PERSONA's code: 4; 0 for none)
 * @param poseRing a Gaussian sees the body joints within this many hops, in the kinematic tree, of
 *     its dominant joint (PERSONA's {@code get_adj_joint_mask(ring_size=4)})
 * @param scaleOffsets whether the MLP also predicts pose-driven log-scale offsets (not in PERSONA)
 * @param colorOffsets whether the MLP also predicts pose-driven colour offsets (not in PERSONA)
 * @param handFaceWeight a Gaussian whose skinning weights on the hand joints (wrists and fingers),
 *     or on the face joints (head, jaw, eyes), sum to at least this gets no pose-driven offsets
 * @param mlpBatchRows Gaussians per batch through the MLP (bounds its scratch memory)
 */
public record AvatarOptions(
    int subdivisionLevels,
    int shDegree,
    boolean anisotropicScale,
    boolean learnOpacity,
    int triplaneChannels,
    int triplaneResolution,
    double triplaneSide,
    int mlpHiddenWidth,
    int mlpHiddenLayers,
    int mlpNormGroups,
    int poseRing,
    boolean scaleOffsets,
    boolean colorOffsets,
    double handFaceWeight,
    int mlpBatchRows) {

  /** The most subdivision levels (PERSONA's two already give about 166k Gaussians on SMPL-X). */
  public static final int MAX_SUBDIVISION_LEVELS = 2;

  /** PERSONA's ring size for the per-Gaussian joint mask. */
  public static final int PAPER_POSE_RING = 4;

  /**
   * The default hand/face threshold: a Gaussian moved mostly (at least half) by hand or face joints
   * counts as hand or face.
   */
  public static final double DEFAULT_HAND_FACE_WEIGHT = 0.5;

  public AvatarOptions {
    if (subdivisionLevels < 0 || subdivisionLevels > MAX_SUBDIVISION_LEVELS) {
      throw new IllegalArgumentException(
          "subdivisionLevels must be 0.." + MAX_SUBDIVISION_LEVELS + ", got " + subdivisionLevels);
    }
    Gaussians.shCoefficients(shDegree);
    if (triplaneChannels < 1 || triplaneResolution < 1 || !(triplaneSide > 0)) {
      throw new IllegalArgumentException(
          "triplane needs channels >= 1, resolution >= 1 and side > 0");
    }
    new MlpConfig(1, mlpHiddenWidth, mlpHiddenLayers, 1, mlpNormGroups, true);
    if (poseRing < 0) {
      throw new IllegalArgumentException("poseRing must be >= 0, got " + poseRing);
    }
    if (!(handFaceWeight > 0 && handFaceWeight <= 1)) {
      throw new IllegalArgumentException("handFaceWeight must be in (0, 1], got " + handFaceWeight);
    }
    if (mlpBatchRows < 1) {
      throw new IllegalArgumentException("mlpBatchRows must be >= 1, got " + mlpBatchRows);
    }
  }

  /** PERSONA's model: the values listed with each component. */
  public static AvatarOptions paper() {
    return new AvatarOptions(
        MAX_SUBDIVISION_LEVELS,
        0,
        false,
        false,
        TriplaneField.PAPER_CHANNELS,
        TriplaneField.PAPER_RESOLUTION,
        TriplaneField.PAPER_SIDE,
        MlpConfig.PAPER_HIDDEN_WIDTH,
        MlpConfig.PAPER_HIDDEN_LAYERS,
        MlpConfig.PAPER_NORM_GROUPS,
        PAPER_POSE_RING,
        false,
        false,
        DEFAULT_HAND_FACE_WEIGHT,
        4096);
  }

  public AvatarOptions withSubdivisionLevels(int levels) {
    return new AvatarOptions(
        levels,
        shDegree,
        anisotropicScale,
        learnOpacity,
        triplaneChannels,
        triplaneResolution,
        triplaneSide,
        mlpHiddenWidth,
        mlpHiddenLayers,
        mlpNormGroups,
        poseRing,
        scaleOffsets,
        colorOffsets,
        handFaceWeight,
        mlpBatchRows);
  }

  /** The same options with other Gaussian switches (SH degree, anisotropy, learned opacity). */
  public AvatarOptions withGaussians(int degree, boolean anisotropic, boolean learnedOpacity) {
    return new AvatarOptions(
        subdivisionLevels,
        degree,
        anisotropic,
        learnedOpacity,
        triplaneChannels,
        triplaneResolution,
        triplaneSide,
        mlpHiddenWidth,
        mlpHiddenLayers,
        mlpNormGroups,
        poseRing,
        scaleOffsets,
        colorOffsets,
        handFaceWeight,
        mlpBatchRows);
  }

  /** The same options with another triplane and MLP size. */
  public AvatarOptions withNetwork(
      int channels, int resolution, int hiddenWidth, int hiddenLayers, int normGroups) {
    return new AvatarOptions(
        subdivisionLevels,
        shDegree,
        anisotropicScale,
        learnOpacity,
        channels,
        resolution,
        triplaneSide,
        hiddenWidth,
        hiddenLayers,
        normGroups,
        poseRing,
        scaleOffsets,
        colorOffsets,
        handFaceWeight,
        mlpBatchRows);
  }

  /** The same options with the optional pose-driven scale and colour offsets switched. */
  public AvatarOptions withExtraOffsets(boolean scale, boolean color) {
    return new AvatarOptions(
        subdivisionLevels,
        shDegree,
        anisotropicScale,
        learnOpacity,
        triplaneChannels,
        triplaneResolution,
        triplaneSide,
        mlpHiddenWidth,
        mlpHiddenLayers,
        mlpNormGroups,
        poseRing,
        scale,
        color,
        handFaceWeight,
        mlpBatchRows);
  }

  /** The same options with another MLP batch size. */
  public AvatarOptions withMlpBatchRows(int rows) {
    return new AvatarOptions(
        subdivisionLevels,
        shDegree,
        anisotropicScale,
        learnOpacity,
        triplaneChannels,
        triplaneResolution,
        triplaneSide,
        mlpHiddenWidth,
        mlpHiddenLayers,
        mlpNormGroups,
        poseRing,
        scaleOffsets,
        colorOffsets,
        handFaceWeight,
        rows);
  }

  /** Log-scales per Gaussian: 3 when anisotropic, else 1. */
  public int scaleDimensions() {
    return anisotropicScale ? 3 : 1;
  }
}
