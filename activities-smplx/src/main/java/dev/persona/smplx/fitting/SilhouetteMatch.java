package dev.persona.smplx.fitting;

/**
 * The correspondences of the silhouette term at one body configuration, held fixed while its
 * residuals are differentiated (as in ICP): each visible outline vertex of the body with the
 * nearest mask pixel to its projection, and each mask outline point with the nearest projected
 * outline vertex.
 *
 * @param outlineVertices {@code [B]} body vertices on the rendered silhouette's outline
 * @param outlineTargets {@code [2*B]} the nearest mask pixel to each one's projection, photo
 *     pixels; NaN when the projection is already on the mask (no residual)
 * @param contourVertices {@code [C]} for each of the target's outline points, the outline vertex
 *     whose projection is nearest; -1 when the body has no outline (not in view)
 * @param iou intersection over union of the rendered body and the mask, working resolution
 */
@SuppressWarnings("ArrayRecordComponent") // scratch of one objective evaluation
public record SilhouetteMatch(
    int[] outlineVertices, double[] outlineTargets, int[] contourVertices, double iou) {}
