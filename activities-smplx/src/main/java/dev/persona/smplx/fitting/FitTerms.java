package dev.persona.smplx.fitting;

/**
 * The weights of the fitting objective's terms in one stage (see {@code docs/fitting.md}). Image
 * residuals are in units of the person's size on the photo ({@link LandmarkTargets#personSize()}),
 * so a weight of 1 on a landmark costs about {@code 1e-4} for an error of 1% of that size.
 *
 * @param landmarks reprojection of the landmarks (times each landmark's confidence and map weight)
 * @param torsoOnly only shoulders, hips and the head's landmarks (camera and orientation stage)
 * @param depth BlazePose world landmarks: z-components of bone directions (0 when there are none)
 * @param silhouette the mask's outline against the body's, each direction a mean over its points
 * @param posePrior quadratic pull of the body pose towards the rest pose
 * @param jointLimits hinge penalties on elbows, knees and spine beyond their natural range
 * @param shapePrior {@code |betas|^2}
 */
public record FitTerms(
    double landmarks,
    boolean torsoOnly,
    double depth,
    double silhouette,
    double posePrior,
    double jointLimits,
    double shapePrior) {}
