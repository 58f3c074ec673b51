package dev.persona.core.body.procedural;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import org.junit.jupiter.api.Test;

/** The procedural body driven by the SMPL-X forward pass ({@link BodyRig}). */
class ProceduralBodyPosingTest {
  /** "Arms down" as the brief states it: the shoulders rotated 70 degrees about z. */
  private static final double ARMS_DOWN = Math.toRadians(70);

  @Test
  void armsDownKeepsTheSurfaceWhole() {
    ProceduralBody body = ProceduralBody.create();
    BodyModel model = body.model();
    double[] pose = new double[SmplxJoints.COUNT * 3];
    // The left arm points to +x: a negative rotation about z turns it down, the right one mirrored.
    pose[SmplxJoints.index("left_shoulder") * 3 + 2] = -ARMS_DOWN;
    pose[SmplxJoints.index("right_shoulder") * 3 + 2] = ARMS_DOWN;
    PosedBody posed = new BodyRig(model).forward(SmplxParams.zero().withFullPose(pose));
    double[] v = posed.vertices();
    for (double c : v) {
      assertTrue(Double.isFinite(c), "non-finite posed coordinate");
    }

    // No collapse or balloon: linear blend skinning of a bent shoulder loses some area in the
    // armpit and stretches the top, but the total stays within 15 % (the brief's bound).
    int[] f = model.faces();
    double restArea = 0;
    double posedArea = 0;
    int collapsed = 0;
    float[] rest = model.templateVertices();
    for (int t = 0; t < f.length; t += 3) {
      double a = ProceduralBodyTest.area3d(rest, f[t], f[t + 1], f[t + 2]);
      double b = area(v, f[t], f[t + 1], f[t + 2]);
      restArea += a;
      posedArea += b;
      if (b < 0.05 * a) {
        collapsed++;
      }
    }
    double change = Math.abs(posedArea / restArea - 1);
    assertTrue(change < 0.15, "area changes by " + change);
    assertTrue(collapsed < f.length / 3 / 200, collapsed + " triangles collapse to < 5 % area");

    // The arms hang down beside the hips, not through them: every hand vertex is below the
    // shoulders and at least 5 cm further out than the widest point of the hips (0.17 m).
    int shoulder = SmplxJoints.index("left_shoulder");
    double shoulderY = posed.joints()[shoulder * 3 + 1];
    int[] labels = body.partLabels();
    for (int i = 0; i < model.vertexCount(); i++) {
      BodyPart part = BodyPart.ofOrdinal(labels[i]);
      if (part == BodyPart.LEFT_HAND || part == BodyPart.RIGHT_HAND) {
        double side = part == BodyPart.LEFT_HAND ? 1 : -1;
        assertTrue(v[i * 3 + 1] < shoulderY - 0.3, "hand vertex " + i + " not lowered");
        assertTrue(side * v[i * 3] > 0.22, "hand vertex " + i + " at x " + v[i * 3]);
      }
    }
  }

  private static double area(double[] p, int a, int b, int c) {
    double ux = p[b * 3] - p[a * 3];
    double uy = p[b * 3 + 1] - p[a * 3 + 1];
    double uz = p[b * 3 + 2] - p[a * 3 + 2];
    double vx = p[c * 3] - p[a * 3];
    double vy = p[c * 3 + 1] - p[a * 3 + 1];
    double vz = p[c * 3 + 2] - p[a * 3 + 2];
    double nx = uy * vz - uz * vy;
    double ny = uz * vx - ux * vz;
    double nz = ux * vy - uy * vx;
    return 0.5 * Math.sqrt(nx * nx + ny * ny + nz * nz);
  }
}
