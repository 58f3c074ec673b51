package dev.persona.smplx.fitting;

/**
 * One stage of the staged fit: which unknowns move (the global orientation and the translation
 * always do), for how many Levenberg-Marquardt iterations at most, under which term weights.
 *
 * @param name shown in progress messages and {@code fit.json}
 * @param iterations at most this many accepted or rejected steps
 * @param bodyPose the 21 body joints move
 * @param betas the shape moves
 * @param terms the objective's weights
 */
public record FitStage(
    String name, int iterations, boolean bodyPose, boolean betas, FitTerms terms) {}
