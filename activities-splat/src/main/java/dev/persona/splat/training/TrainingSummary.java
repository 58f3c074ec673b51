package dev.persona.splat.training;

/**
 * What a training run reports when it returns.
 *
 * @param iterations iterations done in all (including those before a resume)
 * @param totalIterations iterations the options ask for
 * @param complete whether all of them are done (false after a stop request)
 * @param finalLoss mean total loss over the last {@value AvatarTrainer#LOSS_WINDOW} iterations (NaN
 *     when none ran)
 * @param photoPsnr PSNR of the final avatar rendered at the photo, dB, over the person mask
 * @param wallSeconds wall time of this call, seconds (set-up and resume excluded)
 * @param secondsPerIteration wall time per iteration run in this call (NaN when none ran)
 */
public record TrainingSummary(
    long iterations,
    long totalIterations,
    boolean complete,
    double finalLoss,
    double photoPsnr,
    double wallSeconds,
    double secondsPerIteration) {}
