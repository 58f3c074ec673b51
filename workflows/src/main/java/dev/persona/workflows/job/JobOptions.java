package dev.persona.workflows.job;

import java.util.List;
import java.util.Objects;

/**
 * What a caller may choose about one avatar job. Zero or empty means "the stage's default", so a
 * job submitted without options gets the product defaults and the stage cache key stays stable.
 *
 * @param trainingPreset {@code fast}, {@code paper} or {@code test} (AvatarTrainer's presets)
 * @param trainingIterations iterations, overriding the preset's (0: the preset's)
 * @param trainingResolution frame resolution for training in pixels (0: the preset's)
 * @param synthesisBackend {@code reproject} or {@code mimicmotion}
 * @param motions built-in motion names for the training video (empty: the plan's defaults)
 * @param framesPerMotion frames per motion (0: the plan's default)
 * @param frameSize square frame side of the training video in pixels (0: the plan's default)
 */
public record JobOptions(
    String trainingPreset,
    int trainingIterations,
    int trainingResolution,
    String synthesisBackend,
    List<String> motions,
    int framesPerMotion,
    int frameSize) {

  public JobOptions {
    Objects.requireNonNull(trainingPreset, "trainingPreset");
    Objects.requireNonNull(synthesisBackend, "synthesisBackend");
    motions = List.copyOf(motions == null ? List.of() : motions);
    if (trainingIterations < 0 || trainingResolution < 0 || framesPerMotion < 0 || frameSize < 0) {
      throw new IllegalArgumentException("counts and sizes must be >= 0");
    }
  }

  /** The product defaults: the fast training preset and the reproject backend. */
  public static JobOptions defaults() {
    return new JobOptions("fast", 0, 0, "reproject", List.of(), 0, 0);
  }
}
