package dev.persona.splat.training;

import dev.persona.core.InvalidInputException;
import dev.persona.splat.avatar.AvatarOptions;
import dev.persona.splat.optim.StepDecay;
import java.util.List;
import java.util.Locale;

/**
 * Everything that decides a training run of the avatar (PERSONA, Sim &amp; Moon 2025, Sec. 3.4),
 * with three presets: {@link #paper()} (the paper's model and rates), {@link #fast()} (minutes on
 * two CPU cores at 256 pixels) and {@link #test()} (seconds, for the test suite). The values and
 * the reasons for them are tabled in {@code docs/avatar-training.md}.
 *
 * @param iterations optimiser steps, at least 1
 * @param learningRate Adam's base rate (paper 1e-3); log-scale and colour get {@link
 *     dev.persona.splat.avatar.AvatarParameters#SCALE_COLOR_RATE_FACTOR} times it
 * @param decayFraction the rates are multiplied by {@code decayFactor} from step {@code
 *     floor(decayFraction * iterations)} on (paper 0.75), in [0, 1]
 * @param decayFactor the decay, in (0, 1] (paper 0.1)
 * @param avatar the avatar model's sizes and switches
 * @param resolution the longest image side frames are resized to, pixels (cameras scaled with
 *     them); 0 keeps the dataset's own size; frames are never enlarged
 * @param weights the loss weights besides colour
 * @param photoFraction share of the iterations that use the input photo, in [0, 1) (paper's
 *     balanced sampling: 0.5, the photo once per synthetic frame)
 * @param seamWeight the photo's colour-loss weight on seam pixels, in [0, 1] (paper 0.1)
 * @param seamDilation pixels the detected seams are grown by, at least 0
 * @param seamThreshold smallest jump in canonical position between neighbouring pixels counted as a
 *     seam, metres, &gt; 0 (see {@link SeamDetector})
 * @param background linear RGB composited behind training renders and targets
 * @param checkpointInterval a checkpoint every this many iterations, at least 1
 * @param threads rasterizer threads, at least 1; results do not depend on it
 * @param seed seeds the MLP's initial weights and the frame order
 * @param poseDrivenOffsets false for the ablation without PERSONA's pose-driven offsets
 */
public record TrainingOptions(
    int iterations,
    double learningRate,
    double decayFraction,
    double decayFactor,
    AvatarOptions avatar,
    int resolution,
    LossWeights weights,
    double photoFraction,
    double seamWeight,
    int seamDilation,
    double seamThreshold,
    Background background,
    int checkpointInterval,
    int threads,
    long seed,
    boolean poseDrivenOffsets) {

  /**
   * Weights of the loss terms besides colour, whose {@code 0.8 L1 + 0.2 D-SSIM} has weight 1
   * ({@link dev.persona.splat.loss.PhotometricLoss}). All at least 0.
   *
   * @param mask L1 between rendered alpha and the mask
   * @param offsetMagnitude {@code 1/N sum ||dmu_i||^2} on the learned and the predicted mean
   *     offsets, metres squared
   * @param offsetLaplacian {@code 1/N sum ||L dmu_i||^2} on the same offsets
   * @param scaleLaplacian {@code 1/N sum ||L logScale_i||^2}
   * @param colorLaplacian {@code 1/N sum ||L sh0_i||^2} on the degree-0 SH coefficients
   * @param perceptual the LPIPS (VGG) distance between render and target ({@link
   *     dev.persona.splat.loss.LpipsLoss}); above 0 it needs an LPIPS network given to the trainer
   */
  public record LossWeights(
      double mask,
      double offsetMagnitude,
      double offsetLaplacian,
      double scaleLaplacian,
      double colorLaplacian,
      double perceptual) {
    public LossWeights {
      requireWeight(mask, "weights.mask");
      requireWeight(offsetMagnitude, "weights.offsetMagnitude");
      requireWeight(offsetLaplacian, "weights.offsetLaplacian");
      requireWeight(scaleLaplacian, "weights.scaleLaplacian");
      requireWeight(colorLaplacian, "weights.colorLaplacian");
      requireWeight(perceptual, "weights.perceptual");
    }

    /**
     * The defaults of every preset (see the training document for the scales behind them): no LPIPS
     * term, since its network is a file the user exports.
     */
    public static LossWeights defaults() {
      return new LossWeights(0.5, 10.0, 1000.0, 0.1, 0.001, 0.0);
    }

    /** These weights with the LPIPS term's set to {@code weight}. */
    public LossWeights withPerceptual(double weight) {
      return new LossWeights(
          mask, offsetMagnitude, offsetLaplacian, scaleLaplacian, colorLaplacian, weight);
    }
  }

  /**
   * The LPIPS weight the command line uses when a network is given without a weight. 3DGS-style
   * avatar trainers that add LPIPS (ExAvatar, PERSONA) weigh it on the order of the D-SSIM term;
   * 0.2 is that order, our choice rather than a published figure (docs/avatar-training.md).
   */
  public static final double DEFAULT_PERCEPTUAL_WEIGHT = 0.2;

  /**
   * A linear RGB colour, each channel in [0, 1].
   *
   * @param red linear red
   * @param green linear green
   * @param blue linear blue
   */
  public record Background(float red, float green, float blue) {
    public static final Background BLACK = new Background(0f, 0f, 0f);
    public static final Background WHITE = new Background(1f, 1f, 1f);

    public Background {
      if (!(red >= 0 && red <= 1 && green >= 0 && green <= 1 && blue >= 0 && blue <= 1)) {
        throw new IllegalArgumentException(
            "background must be linear RGB in [0, 1], got " + red + ", " + green + ", " + blue);
      }
    }
  }

  /** PERSONA's balanced sampling: the photo on half of the iterations. */
  public static final double PAPER_PHOTO_FRACTION = 0.5;

  /** PERSONA's weight of the photo's loss on seam boundaries. */
  public static final double PAPER_SEAM_WEIGHT = 0.1;

  /** PERSONA's base learning rate. */
  public static final double PAPER_LEARNING_RATE = 1e-3;

  /**
   * Default seam threshold: 5 cm of canonical position between neighbouring pixels. On one surface
   * neighbouring pixels differ by one pixel's footprint (about 5 mm at 512 px, 1 cm at 256 px); an
   * arm over the torso jumps by 10 cm or more.
   */
  public static final double DEFAULT_SEAM_THRESHOLD = 0.05;

  public TrainingOptions {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate must be finite and > 0, got " + learningRate);
    }
    if (!(decayFraction >= 0 && decayFraction <= 1)) {
      throw new IllegalArgumentException("decayFraction must be in [0, 1], got " + decayFraction);
    }
    if (!(decayFactor > 0 && decayFactor <= 1)) {
      throw new IllegalArgumentException("decayFactor must be in (0, 1], got " + decayFactor);
    }
    if (avatar == null) {
      throw new IllegalArgumentException("avatar options are required");
    }
    if (resolution < 0) {
      throw new IllegalArgumentException(
          "resolution must be >= 0 (0: the dataset's), got " + resolution);
    }
    if (weights == null) {
      throw new IllegalArgumentException("weights are required");
    }
    if (!(photoFraction >= 0 && photoFraction < 1)) {
      throw new IllegalArgumentException("photoFraction must be in [0, 1), got " + photoFraction);
    }
    if (!(seamWeight >= 0 && seamWeight <= 1)) {
      throw new IllegalArgumentException("seamWeight must be in [0, 1], got " + seamWeight);
    }
    if (seamDilation < 0) {
      throw new IllegalArgumentException("seamDilation must be >= 0, got " + seamDilation);
    }
    if (!(seamThreshold > 0) || Double.isInfinite(seamThreshold)) {
      throw new IllegalArgumentException(
          "seamThreshold must be finite and > 0, got " + seamThreshold);
    }
    if (background == null) {
      throw new IllegalArgumentException("background is required");
    }
    if (checkpointInterval < 1) {
      throw new IllegalArgumentException(
          "checkpointInterval must be >= 1, got " + checkpointInterval);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  private static void requireWeight(double w, String name) {
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + w);
    }
  }

  /** Names of the presets {@link #preset} knows, in the order the CLI lists them. */
  public static final List<String> PRESETS = List.of("fast", "paper", "test");

  /**
   * The preset called {@code name} ({@code fast}, {@code paper} or {@code test}, any case).
   *
   * @throws InvalidInputException MALFORMED for another name
   */
  public static TrainingOptions preset(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "fast" -> fast();
      case "paper" -> paper();
      case "test" -> test();
      default ->
          throw new InvalidInputException(
              InvalidInputException.Reason.MALFORMED,
              "training preset must be fast, paper or test, got '" + name + "'");
    };
  }

  /**
   * The paper's model ({@link AvatarOptions#paper()}: two subdivisions, 32 x 128^2 triplane, MLP 3
   * x 128), rates and schedule, at the dataset's own resolution.
   */
  public static TrainingOptions paper() {
    return new TrainingOptions(
        PAPER_ITERATIONS,
        PAPER_LEARNING_RATE,
        StepDecay.PAPER_FRACTION,
        StepDecay.PAPER_FACTOR,
        AvatarOptions.paper(),
        0,
        LossWeights.defaults(),
        PAPER_PHOTO_FRACTION,
        PAPER_SEAM_WEIGHT,
        4,
        DEFAULT_SEAM_THRESHOLD,
        Background.BLACK,
        500,
        Runtime.getRuntime().availableProcessors(),
        1,
        true);
  }

  /**
   * Minutes on two CPU cores: the template as it is (no subdivision: 12.8k Gaussians on the
   * procedural body), an 8 x 32^2 triplane, an MLP with one hidden layer of 32, 256-pixel frames.
   */
  public static TrainingOptions fast() {
    return new TrainingOptions(
        FAST_ITERATIONS,
        PAPER_LEARNING_RATE,
        StepDecay.PAPER_FRACTION,
        StepDecay.PAPER_FACTOR,
        AvatarOptions.paper()
            .withSubdivisionLevels(0)
            .withNetwork(8, 32, 32, 1, 4)
            .withExtraOffsets(false, FAST_COLOR_OFFSETS),
        256,
        LossWeights.defaults(),
        PAPER_PHOTO_FRACTION,
        PAPER_SEAM_WEIGHT,
        2,
        DEFAULT_SEAM_THRESHOLD,
        Background.BLACK,
        250,
        2,
        1,
        true);
  }

  /** Seconds on a tiny dataset: a tiny network, 48-pixel frames, 60 iterations. */
  public static TrainingOptions test() {
    return new TrainingOptions(
        60,
        1e-2,
        StepDecay.PAPER_FRACTION,
        StepDecay.PAPER_FACTOR,
        AvatarOptions.paper().withSubdivisionLevels(0).withNetwork(2, 8, 16, 1, 2),
        48,
        LossWeights.defaults(),
        PAPER_PHOTO_FRACTION,
        PAPER_SEAM_WEIGHT,
        1,
        DEFAULT_SEAM_THRESHOLD,
        Background.BLACK,
        20,
        1,
        1,
        true);
  }

  /** Iterations of {@link #paper()}. */
  public static final int PAPER_ITERATIONS = 30_000;

  /** Iterations of {@link #fast()}. */
  public static final int FAST_ITERATIONS = 3000;

  /** Whether {@link #fast()} predicts pose-driven colour offsets. */
  static final boolean FAST_COLOR_OFFSETS = false;

  /** Adam's learning-rate schedule for this run. */
  public StepDecay schedule() {
    return StepDecay.atFraction(iterations, decayFraction, decayFactor);
  }

  /** The same options for another number of iterations (the decay point moves with it). */
  public TrainingOptions withIterations(int count) {
    return new TrainingOptions(
        count,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        weights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        checkpointInterval,
        threads,
        seed,
        poseDrivenOffsets);
  }

  /** The same options with another base learning rate. */
  public TrainingOptions withLearningRate(double rate) {
    return new TrainingOptions(
        iterations,
        rate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        weights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        checkpointInterval,
        threads,
        seed,
        poseDrivenOffsets);
  }

  /** The same options with another avatar model. */
  public TrainingOptions withAvatar(AvatarOptions options) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        options,
        resolution,
        weights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        checkpointInterval,
        threads,
        seed,
        poseDrivenOffsets);
  }

  /** The same options at another training resolution (0: the dataset's own). */
  public TrainingOptions withResolution(int longestSide) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        longestSide,
        weights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        checkpointInterval,
        threads,
        seed,
        poseDrivenOffsets);
  }

  /** The same options with other loss weights. */
  public TrainingOptions withWeights(LossWeights newWeights) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        newWeights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        checkpointInterval,
        threads,
        seed,
        poseDrivenOffsets);
  }

  /** The same options with another share of photo iterations. */
  public TrainingOptions withPhotoFraction(double fraction) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        weights,
        fraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        checkpointInterval,
        threads,
        seed,
        poseDrivenOffsets);
  }

  /** The same options with other seam settings. */
  public TrainingOptions withSeams(double weight, int dilation, double threshold) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        weights,
        photoFraction,
        weight,
        dilation,
        threshold,
        background,
        checkpointInterval,
        threads,
        seed,
        poseDrivenOffsets);
  }

  /** The same options with another training background. */
  public TrainingOptions withBackground(Background colour) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        weights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        colour,
        checkpointInterval,
        threads,
        seed,
        poseDrivenOffsets);
  }

  /** The same options with another checkpoint interval. */
  public TrainingOptions withCheckpointInterval(int interval) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        weights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        interval,
        threads,
        seed,
        poseDrivenOffsets);
  }

  /** The same options with another rasterizer thread count (results do not depend on it). */
  public TrainingOptions withThreads(int count) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        weights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        checkpointInterval,
        count,
        seed,
        poseDrivenOffsets);
  }

  /** The same options with another seed. */
  public TrainingOptions withSeed(long newSeed) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        weights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        checkpointInterval,
        threads,
        newSeed,
        poseDrivenOffsets);
  }

  /** The same options with the pose-driven offsets on, or off for the ablation. */
  public TrainingOptions withPoseDrivenOffsets(boolean on) {
    return new TrainingOptions(
        iterations,
        learningRate,
        decayFraction,
        decayFactor,
        avatar,
        resolution,
        weights,
        photoFraction,
        seamWeight,
        seamDilation,
        seamThreshold,
        background,
        checkpointInterval,
        threads,
        seed,
        on);
  }
}
