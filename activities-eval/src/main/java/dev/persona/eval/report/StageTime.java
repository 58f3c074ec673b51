package dev.persona.eval.report;

/**
 * The wall time of one job stage.
 *
 * @param stage the stage's name ("fit")
 * @param seconds wall-clock seconds; NaN when the stage did not record it
 * @param note how it was obtained ("from the stage cache", "attempt 2"), or empty
 */
public record StageTime(String stage, double seconds, String note) {}
