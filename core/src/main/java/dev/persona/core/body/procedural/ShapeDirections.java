package dev.persona.core.body.procedural;

/**
 * The procedural body's blend shapes: 10 identity directions (betas) then 10 expression directions,
 * as smooth displacement fields over the rest vertices, in SMPL-X's {@code shapedirs (V,3,20)}
 * layout. One unit of a coefficient is meant as about one standard deviation of the adult
 * population (a few centimetres); the fields are designed by hand, each changing one measurement
 * and as little else as possible, with smoothstep masks in body coordinates so they have no seams.
 *
 * <p>Betas, displacement at +1:
 *
 * <ol start="0">
 *   <li>stature: every height above or below the pelvis scaled by 4% (about +7 cm overall, widths
 *       unchanged);
 *   <li>weight: outward along the normal, 3 cm on the trunk tapering to 0.8 cm on the limbs and
 *       little on head, hands and feet;
 *   <li>chest: chest circumference, 2 cm outward around the chest line;
 *   <li>waist: 2.5 cm outward around the waist line;
 *   <li>hips: 2.5 cm outward around the hips, buttocks and upper thighs;
 *   <li>shoulder width: shoulders and the whole arms 2.5 cm further out on each side;
 *   <li>arm length: arms stretched so the wrists move 3 cm outward (hands carried along);
 *   <li>leg length: legs stretched so the ankles move 4 cm down (feet carried along);
 *   <li>head size: head scaled by 6% about its centre;
 *   <li>limb girth (muscle): 1.2 cm outward on upper arms and thighs, tapering towards the wrists
 *       and ankles.
 * </ol>
 *
 * <p>Expressions, small (millimetres) and local to the face, at +1: jaw drop (chin down), mouth
 * wide, smile (mouth corners up and back), brow raise, brow furrow, cheek puff, lip pucker, eye
 * squint, nose wrinkle, jaw sideways (towards +x).
 */
final class ShapeDirections {
  private ShapeDirections() {}

  static final int SHAPES = 10;
  static final int EXPRESSIONS = 10;
  static final int TOTAL = SHAPES + EXPRESSIONS;

  /** Centre of the head for the head-size direction, metres. */
  private static final double[] HEAD_CENTRE = {0, 0.645, 0.0};

  /**
   * @param positions rest vertices {@code [V*3]} metres
   * @param normals unit outward vertex normals {@code [V*3]}
   * @param labels {@link BodyPart} ordinal per vertex {@code [V]}; expressions move only the head
   * @return {@code [V*3*20]}, index {@code (v*3 + axis)*20 + direction}, metres per unit
   */
  static float[] compute(double[] positions, double[] normals, int[] labels) {
    int vertexCount = positions.length / 3;
    float[] dirs = new float[vertexCount * 3 * TOTAL];
    for (int v = 0; v < vertexCount; v++) {
      double x = positions[v * 3];
      double y = positions[v * 3 + 1];
      double z = positions[v * 3 + 2];
      double nx = normals[v * 3];
      double ny = normals[v * 3 + 1];
      double nz = normals[v * 3 + 2];
      double ax = Math.abs(x);
      double sx = Math.signum(x);
      double arms = step(0.30, 0.38, y);
      double legs = step(-0.10, -0.20, y);
      double trunk = step(0.24, 0.14, ax) * step(-0.28, -0.12, y) * step(0.52, 0.44, y);
      double extremities =
          Math.max(
              step(0.60, 0.68, ax) * arms, Math.max(step(-0.80, -0.87, y), step(0.52, 0.58, y)));

      // 0 stature
      set(dirs, v, 0, 0, 0.04 * y, 0);
      // 1 weight
      double girth = (0.008 + 0.022 * trunk) * (1 - 0.75 * extremities);
      set(dirs, v, 1, girth * nx, girth * ny, girth * nz);
      // 2 chest, 3 waist, 4 hips: bands around the trunk
      double chest = 0.02 * gauss((y - 0.33) / 0.07) * step(0.24, 0.15, ax);
      set(dirs, v, 2, chest * nx, chest * ny, chest * nz);
      double waist = 0.025 * gauss((y - 0.13) / 0.06) * step(0.24, 0.15, ax);
      set(dirs, v, 3, waist * nx, waist * ny, waist * nz);
      double hips = 0.025 * gauss((y + 0.07) / 0.08) * step(0.30, 0.20, ax);
      set(dirs, v, 4, hips * nx, hips * ny, hips * nz);
      // 5 shoulder width: everything beside the neck and above the chest moves out
      set(dirs, v, 5, sx * 0.025 * step(0.08, 0.17, ax) * step(0.28, 0.40, y), 0, 0);
      // 6 arm length: linear stretch from shoulder to wrist, hands carried rigidly
      set(dirs, v, 6, sx * 0.03 * clamp01((ax - 0.175) / 0.5) * arms, 0, 0);
      // 7 leg length: linear stretch from hip to ankle, feet carried rigidly
      set(dirs, v, 7, 0, -0.04 * clamp01((-0.09 - y) / 0.785), 0);
      // 8 head size
      double head = 0.06 * step(0.50, 0.56, y) * step(0.16, 0.12, ax);
      set(
          dirs,
          v,
          8,
          head * (x - HEAD_CENTRE[0]),
          head * (y - HEAD_CENTRE[1]),
          head * (z - HEAD_CENTRE[2]));
      // 9 limb girth: upper arms and thighs most, tapering to the wrists and ankles
      double armTaper = arms * step(0.17, 0.24, ax) * (1 - clamp01((ax - 0.24) / 0.5));
      double legTaper = legs * (1 - clamp01((-0.15 - y) / 0.75));
      double limb = 0.012 * Math.max(armTaper, legTaper) * (1 - extremities);
      set(dirs, v, 9, limb * nx, limb * ny, limb * nz);

      // Expressions: only the front of the face moves. The smooth mask is already below 0.2 mm
      // where the head meets the neck; the label cut-off makes "face only" exact.
      double face =
          labels[v] == BodyPart.HEAD.ordinal()
              ? step(0.52, 0.56, y) * step(0.13, 0.10, ax) * step(0.0, 0.04, z)
              : 0;
      expression(dirs, v, 0, face * bump(x, y, z, 0, 0.55, 0.075, 0.035), 0, -0.008, -0.002);
      double corners =
          face
              * Math.max(
                  bump(x, y, z, 0.025, 0.585, 0.08, 0.016),
                  bump(x, y, z, -0.025, 0.585, 0.08, 0.016));
      expression(dirs, v, 1, corners, sx * 0.004, 0, 0);
      expression(dirs, v, 2, corners, sx * 0.002, 0.004, -0.002);
      double brows =
          face
              * Math.max(
                  bump(x, y, z, 0.03, 0.665, 0.085, 0.02),
                  bump(x, y, z, -0.03, 0.665, 0.085, 0.02));
      expression(dirs, v, 3, brows, 0, 0.004, 0);
      expression(dirs, v, 4, brows, -sx * 0.003, -0.002, 0);
      double cheeks =
          face
              * Math.max(
                  bump(x, y, z, 0.04, 0.60, 0.065, 0.02), bump(x, y, z, -0.04, 0.60, 0.065, 0.02));
      expression(dirs, v, 5, cheeks, 0.004 * nx, 0.004 * ny, 0.004 * nz);
      expression(dirs, v, 6, face * bump(x, y, z, 0, 0.585, 0.088, 0.016), 0, 0, 0.005);
      double eyes =
          face
              * Math.max(
                  bump(x, y, z, 0.032, 0.628, 0.085, 0.014),
                  bump(x, y, z, -0.032, 0.628, 0.085, 0.014));
      expression(dirs, v, 7, eyes, 0, 0.002, -0.001);
      expression(dirs, v, 8, face * bump(x, y, z, 0, 0.625, 0.10, 0.016), 0, 0.003, 0);
      expression(dirs, v, 9, face * bump(x, y, z, 0, 0.55, 0.075, 0.035), 0.005, 0, 0);
    }
    return dirs;
  }

  private static void expression(
      float[] dirs, int v, int e, double amount, double dx, double dy, double dz) {
    set(dirs, v, SHAPES + e, amount * dx, amount * dy, amount * dz);
  }

  private static void set(float[] dirs, int v, int s, double dx, double dy, double dz) {
    dirs[(v * 3) * TOTAL + s] = (float) dx;
    dirs[(v * 3 + 1) * TOTAL + s] = (float) dy;
    dirs[(v * 3 + 2) * TOTAL + s] = (float) dz;
  }

  /** Gaussian bump of radius {@code sigma} metres around a point, 1 at its centre. */
  private static double bump(
      double x, double y, double z, double cx, double cy, double cz, double sigma) {
    double dx = x - cx;
    double dy = y - cy;
    double dz = z - cz;
    return Math.exp(-(dx * dx + dy * dy + dz * dz) / (sigma * sigma));
  }

  private static double gauss(double t) {
    return Math.exp(-t * t);
  }

  private static double clamp01(double t) {
    return Math.max(0, Math.min(1, t));
  }

  /** Smoothstep from 0 at {@code from} to 1 at {@code to} (either order). */
  static double step(double from, double to, double t) {
    double u = clamp01((t - from) / (to - from));
    return u * u * (3 - 2 * u);
  }
}
