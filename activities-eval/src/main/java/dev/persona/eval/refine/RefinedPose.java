package dev.persona.eval.refine;

import dev.persona.core.body.SmplxParams;

/**
 * The outcome of refining one test frame's pose.
 *
 * @param params the refined SMPL-X parameters (the start's, with the global orientation, body pose
 *     and translation replaced)
 * @param initialLoss the objective at the dataset's pose
 * @param finalLoss the objective at {@link #params} (the lowest seen)
 * @param steps Adam steps taken
 * @param rotationChangeDegrees the largest change of a refined joint's rotation (global orientation
 *     or a body joint), the angle of {@code R_start^T R_refined}, degrees
 * @param translationChange the length of the change of {@code transl}, metres
 */
public record RefinedPose(
    SmplxParams params,
    double initialLoss,
    double finalLoss,
    int steps,
    double rotationChangeDegrees,
    double translationChange) {}
