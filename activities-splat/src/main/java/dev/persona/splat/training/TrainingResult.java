package dev.persona.splat.training;

import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.avatar.CanonicalAvatar;

/**
 * The outcome of {@link AvatarTrainer#train}.
 *
 * @param avatar the canonical avatar trained (its structure)
 * @param parameters the trained parameters (the trainer's live arrays: copy them before training
 *     on)
 * @param summary iterations, loss, photo PSNR and timing
 * @param history per-iteration loss and photo PSNR
 */
public record TrainingResult(
    CanonicalAvatar avatar,
    AvatarParameters parameters,
    TrainingSummary summary,
    TrainingHistory history) {}
