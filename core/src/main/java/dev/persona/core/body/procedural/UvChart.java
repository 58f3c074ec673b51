package dev.persona.core.body.procedural;

/**
 * Where one body part lies in the procedural body's texture atlas: the rectangle {@code [uMin,
 * uMax] x [vMin, vMax]} of {@code [0,1]^2} (u right, v up, as in OBJ) that holds every triangle of
 * that part and nothing else. Charts do not overlap.
 *
 * <p>Inside a chart the mapping is cylindrical around the part's bone (spherical for the head): u
 * runs once around the part, the seam (u at both chart edges) on the side named below, and v runs
 * along the bone, scaled so that one atlas unit is the same number of metres on every chart and in
 * both directions (a texel covers about the same skin everywhere, away from the cylinder caps).
 *
 * <ul>
 *   <li>{@code HEAD}: the face at the middle of u, the seam at the back; v from chin (low) to the
 *       crown (high), the crown's pole squeezed into the chart's top edge.
 *   <li>{@code NECK}, {@code TORSO}, {@code HIPS}: the front at the middle of u, the seam at the
 *       spine; v up the body. The tops of the shoulders and the crotch lie where the cylinder is
 *       seen edge-on and are stretched.
 *   <li>Arms: the top of the arm at the middle of u, the seam underneath; v from shoulder to wrist.
 *   <li>Hands: the thumb side at the middle of u, the seam along the little-finger edge; v from
 *       wrist to finger tips. Each finger gets a narrow band; fine for painting skin or gloves.
 *   <li>Thighs, shins: the front at the middle of u, the seam at the back; v up the leg.
 *   <li>Feet: the instep at the middle of u, the seam along the sole; v from heel to toes.
 * </ul>
 */
public record UvChart(BodyPart part, double uMin, double vMin, double uMax, double vMax) {}
