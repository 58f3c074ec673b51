package dev.persona.core.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyDerivativesTest {
  private static final int VERTICES = 50;
  private static final int BETAS = 3; // fewer than the model's 4: gradients only for those given
  private static final int EXPRESSIONS = 2;
  private static final int PARAMS = 55 * 3 + BETAS + EXPRESSIONS + 3;

  /** Central-difference step in double for parameters of order 1 (radians, shape units, metres). */
  private static final double STEP = 1e-6;

  /**
   * Central differences: truncation ~h^2 |f'''| ~ 1e-12 for outputs of order 1 m, rounding ~eps |f|
   * / h ~ 1e-10 (the scalar loss sums ~300 terms, so ~1e-8 there). A missing term in the analytic
   * derivatives (a pose-corrective path, the joints' dependence on shape) is of order 1e-3..1, far
   * above these.
   */
  private static final double JACOBIAN_TOLERANCE = 1e-7;

  private static final double GRADIENT_TOLERANCE = 1e-6;

  /** The Jacobian transposed times a vector vs the reverse pass: same sums, other order. */
  private static final double SAME_MATH = 1e-10;

  private record Setup(BodyRig rig, double[] params) {}

  private static Setup setup(boolean poseCorrectives, boolean restPose) {
    BodyModel model = RandomBodies.smplxLike(11, VERTICES, 4, 3, poseCorrectives);
    Random random = new Random(12);
    double[] params = new double[PARAMS];
    double[] pose = RandomBodies.randomPose(random, 55, 0.5);
    if (restPose) {
      // Exactly zero on every joint: derivatives at w = 0 (Rodrigues' Taylor branch).
      pose = new double[55 * 3];
    }
    System.arraycopy(pose, 0, params, 0, pose.length);
    for (int i = 55 * 3; i < PARAMS; i++) {
      params[i] = random.nextGaussian();
    }
    return new Setup(new BodyRig(model), params);
  }

  private static PosedBody pose(BodyRig rig, double[] params) {
    double[] pose = new double[55 * 3];
    double[] betas = new double[BETAS];
    double[] expression = new double[EXPRESSIONS];
    double[] transl = new double[3];
    System.arraycopy(params, 0, pose, 0, pose.length);
    System.arraycopy(params, 165, betas, 0, BETAS);
    System.arraycopy(params, 165 + BETAS, expression, 0, EXPRESSIONS);
    System.arraycopy(params, 165 + BETAS + EXPRESSIONS, transl, 0, 3);
    PosedBody posed = rig.newPosedBody();
    rig.pose(rig.shape(betas, expression), pose, transl, posed);
    return posed;
  }

  private static double[] flatten(BodyGradient g) {
    double[] out = new double[PARAMS];
    System.arraycopy(g.pose(), 0, out, 0, 165);
    System.arraycopy(g.betas(), 0, out, 165, BETAS);
    System.arraycopy(g.expression(), 0, out, 165 + BETAS, EXPRESSIONS);
    System.arraycopy(g.transl(), 0, out, 165 + BETAS + EXPRESSIONS, 3);
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @ParameterizedTest
  @ValueSource(strings = {"correctives", "no-correctives", "rest-pose"})
  void backwardMatchesCentralDifferences(String variant) {
    Setup s = setup(!variant.equals("no-correctives"), variant.equals("rest-pose"));
    Random random = new Random(13);
    double[] gV = RandomBodies.gaussian(random, VERTICES * 3, 1.0);
    double[] gJ = RandomBodies.gaussian(random, 55 * 3, 1.0);
    for (int v = 0; v < VERTICES; v += 7) {
      gV[v * 3] = gV[v * 3 + 1] = gV[v * 3 + 2] = 0; // some untouched vertices (skipped rows)
    }
    PosedBody posed = pose(s.rig(), s.params());
    double[] analytic = flatten(new BodyDerivatives(s.rig()).backward(posed, gV, gJ));
    for (int k = 0; k < PARAMS; k++) {
      double[] plus = s.params().clone();
      double[] minus = s.params().clone();
      plus[k] += STEP;
      minus[k] -= STEP;
      PosedBody p = pose(s.rig(), plus);
      PosedBody m = pose(s.rig(), minus);
      double lossPlus = dot(gV, p.vertices()) + dot(gJ, p.joints());
      double lossMinus = dot(gV, m.vertices()) + dot(gJ, m.joints());
      double fd = (lossPlus - lossMinus) / (2 * STEP);
      assertEquals(fd, analytic[k], GRADIENT_TOLERANCE, variant + " parameter " + k);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"correctives", "no-correctives", "rest-pose"})
  void jacobiansMatchCentralDifferences(String variant) {
    Setup s = setup(!variant.equals("no-correctives"), variant.equals("rest-pose"));
    int[] vertexIds = {0, 3, 5, 17, 31, 49}; // 0 and 5 are rigid (one weight), the rest blended
    int[] jointIds = new int[55];
    for (int j = 0; j < 55; j++) {
      jointIds[j] = j;
    }
    PosedBody posed = pose(s.rig(), s.params());
    BodyDerivatives derivatives = new BodyDerivatives(s.rig());
    BodyJacobian vj = derivatives.vertexJacobian(posed, vertexIds);
    BodyJacobian jj = derivatives.jointJacobian(posed, jointIds);
    assertEquals(PARAMS, vj.columns());
    assertEquals(vertexIds.length * 3, vj.rows());
    assertEquals(165 + BETAS + EXPRESSIONS, vj.translColumn(0));
    for (int k = 0; k < PARAMS; k++) {
      double[] plus = s.params().clone();
      double[] minus = s.params().clone();
      plus[k] += STEP;
      minus[k] -= STEP;
      PosedBody p = pose(s.rig(), plus);
      PosedBody m = pose(s.rig(), minus);
      for (int i = 0; i < vertexIds.length; i++) {
        for (int c = 0; c < 3; c++) {
          int at = vertexIds[i] * 3 + c;
          double fd = (p.vertices()[at] - m.vertices()[at]) / (2 * STEP);
          assertEquals(
              fd, vj.get(i * 3 + c, k), JACOBIAN_TOLERANCE, variant + " vertex row " + i + " " + k);
        }
      }
      for (int j = 0; j < 55; j++) {
        for (int c = 0; c < 3; c++) {
          double fd = (p.joints()[j * 3 + c] - m.joints()[j * 3 + c]) / (2 * STEP);
          assertEquals(
              fd, jj.get(j * 3 + c, k), JACOBIAN_TOLERANCE, variant + " joint " + j + " " + k);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void jacobianTransposeTimesVectorEqualsBackward(boolean poseCorrectives) {
    Setup s = setup(poseCorrectives, false);
    PosedBody posed = pose(s.rig(), s.params());
    BodyDerivatives derivatives = new BodyDerivatives(s.rig());
    int[] all = new int[VERTICES];
    for (int v = 0; v < VERTICES; v++) {
      all[v] = v;
    }
    BodyJacobian vj = derivatives.vertexJacobian(posed, all);
    double[] g = RandomBodies.gaussian(new Random(14), VERTICES * 3, 1.0);
    double[] backward = flatten(derivatives.backward(posed, g, null));
    double largest = 0;
    for (int k = 0; k < PARAMS; k++) {
      double jtg = 0;
      for (int r = 0; r < vj.rows(); r++) {
        jtg += vj.get(r, k) * g[r];
      }
      assertEquals(jtg, backward[k], SAME_MATH, "parameter " + k);
      largest = Math.max(largest, Math.abs(jtg));
    }
    assertTrue(largest > 1e-3, "the check must compare something non-trivial");
  }
}
