package dev.persona.smplx.fitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.synth.PoseFamily;
import dev.persona.core.dataset.synth.PoseLibrary;
import dev.persona.smplx.perception.PersonMask;
import dev.persona.smplx.perception.PoseLandmarks;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The objective's gradient {@code 2 J^T r} (analytic, from {@code BodyDerivatives} and the
 * projection) against central finite differences of its value, with every term on and the
 * silhouette correspondences held (the objective's definition while differentiating).
 */
class FitObjectiveGradientTest {
  private static BodyModel model;
  private static LandmarkMap map;

  @BeforeAll
  static void body() {
    model = ProceduralBody.create().model();
    map = LandmarkMap.of(model);
  }

  @Test
  void gradientMatchesCentralDifferences() {
    int size = 256;
    PinholeCamera camera = PhotoCamera.withFocalPixels(size, size, 330);
    double[] betas = {0.5, -0.4, 0.3, 0, 0.2, -0.3, 0.1, 0.4, -0.2, 0.3};
    double[] pose = PoseLibrary.pose(PoseFamily.WALK, 0.3);
    pose[1] = 0.3;
    SmplxParams truth =
        SmplxParams.fromFullPose(betas, new double[0], pose, new double[] {0.05, 0.1, -4.2});
    PoseLandmarks landmarks = GroundTruthLandmarks.of(model, map, truth, camera, 2, 0.02, 3);
    PersonMask mask = GroundTruthLandmarks.mask(model, truth, camera);
    LandmarkTargets targets = LandmarkTargets.of(landmarks, size, size);
    SilhouetteMatcher matcher =
        new SilhouetteMatcher(
            SilhouetteTarget.of(mask, camera), camera, model.faces(), model.vertexCount());
    FitObjective objective =
        new FitObjective(
            new BodyRig(model),
            map,
            targets,
            camera,
            matcher,
            new double[SmplxJoints.COUNT * 3],
            10,
            new double[0]);

    // A point away from the truth (so every term has residuals) and off the hinges' kinks.
    SplittableRandom random = new SplittableRandom(11);
    double[] x = new double[objective.parameterCount()];
    for (int k = 0; k < FitObjective.BODY_PARAMS; k++) {
      x[k] = pose[k] + 0.15 * (random.nextDouble() - 0.5);
    }
    x[3 * 18 + 1] = 0.2; // left elbow bent the wrong way: its hinge is active
    x[3 * 4] = -0.1; // left knee too
    for (int b = 0; b < 10; b++) {
      x[FitObjective.betaIndex(b)] = 0.5 * (random.nextDouble() - 0.5);
    }
    int t = objective.translIndex();
    x[t] = 0.08;
    x[t + 1] = 0.05;
    x[t + 2] = -4.0;
    FitTerms terms = new FitTerms(1, false, 0.05, 2, 1e-3, 1, 1e-3);

    FitObjective.Evaluation at = objective.evaluate(x, terms, true);
    SilhouetteMatch held = at.match();
    assertTrue(held.outlineVertices().length > 100, "the body's outline is found");
    for (int term = 0; term < FitObjective.TERM_NAMES.length; term++) {
      assertTrue(at.termCosts()[term] > 0, FitObjective.TERM_NAMES[term] + " is active");
    }
    double[] analytic = at.gradient();
    double scale = 0;
    for (double g : analytic) {
      scale = Math.max(scale, Math.abs(g));
    }
    for (int k = 0; k < x.length; k++) {
      double h = 1e-6;
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[k] += h;
      minus[k] -= h;
      double numeric =
          (objective.evaluate(plus, terms, held, false).cost()
                  - objective.evaluate(minus, terms, held, false).cost())
              / (2 * h);
      // Central differences with h = 1e-6 on a smooth function of cost ~1e-2: truncation ~h^2
      // and rounding ~1e-16 / h, both far below 1e-6 of the largest component.
      assertEquals(numeric, analytic[k], 1e-6 * scale + 1e-6 * Math.abs(numeric), "unknown " + k);
    }
  }
}
