package dev.persona.splat.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
  /** Float storage of parameters and moments: one rounding of about 6e-8 relative per value. */
  private static final double FLOAT_ROUNDING = 1e-7;

  @Test
  void twoStepsMatchTheHandComputedExample() {
    // p = 1, lr = 0.1, betas (0.9, 0.999), eps 1e-8; gradients 0.5 then -1.
    // t = 1: m = 0.05, v = 0.00025; m / (1 - 0.9) = 0.5, sqrt(v / (1 - 0.999)) = 0.5,
    //        p = 1 - 0.1 * 0.5 / (0.5 + 1e-8) = 0.900000002.
    // t = 2: m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975;
    //        m / (1 - 0.81) = -0.289473684, sqrt(v / (1 - 0.998001)) = 0.790688051,
    //        p = 0.900000002 + 0.1 * 0.289473684 / 0.790688061 = 0.936610354.
    float[] p = {1f};
    float[] g = {0.5f};
    Adam adam =
        new Adam(
            List.of(new ParameterGroup("p", p, g, 0.1)),
            new Adam.Settings(0.9, 0.999, 1e-8),
            LearningRateSchedule.CONSTANT);
    adam.step();
    assertEquals(0.05, adam.firstMoment(0)[0], 0.05 * FLOAT_ROUNDING);
    assertEquals(0.00025, adam.secondMoment(0)[0], 0.00025 * FLOAT_ROUNDING);
    assertEquals(0.900000002, p[0], FLOAT_ROUNDING);
    g[0] = -1f;
    adam.step();
    assertEquals(-0.055, adam.firstMoment(0)[0], 0.055 * FLOAT_ROUNDING);
    assertEquals(0.00124975, adam.secondMoment(0)[0], 0.00124975 * FLOAT_ROUNDING);
    assertEquals(0.936610354, p[0], FLOAT_ROUNDING);
    assertEquals(2, adam.stepCount());
  }

  @Test
  void firstStepMovesEachGroupByItsOwnLearningRate() {
    // At t = 1, m / (1 - beta1) = g and sqrt(v / (1 - beta2)) = |g|: the step is lr * sign(g)
    // whatever the gradient's size (eps 1e-15 is negligible).
    float[] a = {0f, 0f};
    float[] b = {0f};
    Adam adam =
        new Adam(
            List.of(
                new ParameterGroup("a", a, new float[] {3e-6f, -40f}, 1e-3),
                new ParameterGroup("b", b, new float[] {2f}, 1e-2)),
            Adam.Settings.PAPER,
            LearningRateSchedule.CONSTANT);
    adam.step();
    assertArrayEquals(new float[] {-1e-3f, 1e-3f}, a, 1e-9f);
    assertArrayEquals(new float[] {-1e-2f}, b, 1e-8f);
  }

  @Test
  void stepDecayAppliesFromItsStepOn() {
    StepDecay decay = StepDecay.paper(100);
    assertEquals(75, decay.atStep());
    assertEquals(1.0, decay.factor(74));
    assertEquals(0.1, decay.factor(75));
    assertEquals(0.1, decay.factor(99));
    float[] p = {0f};
    float[] g = {1f};
    Adam adam =
        new Adam(
            List.of(new ParameterGroup("p", p, g, 0.5)),
            Adam.Settings.PAPER,
            new StepDecay(1, 0.1));
    assertEquals(0.5, adam.learningRate(0));
    adam.step();
    assertEquals(0.05, adam.learningRate(0), 1e-15);
  }

  @Test
  void convergesOnAnIllConditionedQuadratic() {
    // f(x) = sum_i a_i (x_i - c_i)^2 with curvatures spanning four decades: Adam's per-element
    // scaling makes them converge alike; after the decay, oscillation is about lr * 0.1.
    double[] a = {1e-2, 1, 1e2};
    double[] c = {0.7, -1.3, 2.0};
    float[] x = new float[3];
    float[] g = new float[3];
    int steps = 3000;
    Adam adam =
        new Adam(
            List.of(new ParameterGroup("x", x, g, 0.02)),
            Adam.Settings.PAPER,
            StepDecay.paper(steps));
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < 3; i++) {
        g[i] = (float) (2 * a[i] * (x[i] - c[i]));
      }
      adam.step();
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(c[i], x[i], 5e-3, "coordinate " + i);
    }
  }

  @Test
  void restoringStepCountAndMomentsContinuesBitIdentically() {
    float[] x1 = {0.3f, -0.2f};
    float[] g1 = new float[2];
    Adam straight = quadraticAdam(x1, g1);
    for (int s = 0; s < 10; s++) {
      quadraticStep(straight, x1, g1);
    }
    float[] x2 = {0.3f, -0.2f};
    float[] g2 = new float[2];
    Adam first = quadraticAdam(x2, g2);
    for (int s = 0; s < 4; s++) {
      quadraticStep(first, x2, g2);
    }
    float[] x3 = x2.clone();
    float[] g3 = new float[2];
    Adam resumed = quadraticAdam(x3, g3);
    resumed.setStepCount(first.stepCount());
    System.arraycopy(first.firstMoment(0), 0, resumed.firstMoment(0), 0, 2);
    System.arraycopy(first.secondMoment(0), 0, resumed.secondMoment(0), 0, 2);
    for (int s = 4; s < 10; s++) {
      quadraticStep(resumed, x3, g3);
    }
    assertArrayEquals(x1, x3);
    assertArrayEquals(straight.firstMoment(0), resumed.firstMoment(0));
    assertArrayEquals(straight.secondMoment(0), resumed.secondMoment(0));
  }

  private static Adam quadraticAdam(float[] x, float[] g) {
    return new Adam(
        List.of(new ParameterGroup("x", x, g, 0.05)), Adam.Settings.PAPER, StepDecay.paper(10));
  }

  private static void quadraticStep(Adam adam, float[] x, float[] g) {
    for (int i = 0; i < x.length; i++) {
      g[i] = 2 * x[i] - 1;
    }
    adam.step();
  }

  @Test
  void rejectsBadGroups() {
    float[] p = new float[2];
    assertThrows(
        IllegalArgumentException.class, () -> new ParameterGroup("p", p, new float[3], 1e-3));
    assertThrows(IllegalArgumentException.class, () -> new ParameterGroup("p", p, p, 0));
    ParameterGroup group = new ParameterGroup("p", p, new float[2], 1e-3);
    assertThrows(
        IllegalArgumentException.class,
        () -> new Adam(List.of(group, group), Adam.Settings.PAPER, LearningRateSchedule.CONSTANT));
  }
}
