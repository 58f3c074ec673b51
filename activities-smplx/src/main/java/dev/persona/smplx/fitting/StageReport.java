package dev.persona.smplx.fitting;

/**
 * What one stage did.
 *
 * @param name the stage's name
 * @param iterations Levenberg-Marquardt iterations run (summed over starts for the first stage)
 * @param initialCost the objective when the stage began (its own weights)
 * @param finalCost the objective when it ended
 * @param termCosts final cost per term: landmarks, depth, silhouette, pose, shape
 * @param seconds wall-clock time
 */
@SuppressWarnings("ArrayRecordComponent") // a report, read once
public record StageReport(
    String name,
    int iterations,
    double initialCost,
    double finalCost,
    double[] termCosts,
    double seconds) {}
