package dev.persona.splat.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.splat.avatar.AvatarOptions;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

  @Test
  void paperPresetHasThePapersModelRatesAndSampling() {
    TrainingOptions p = TrainingOptions.paper();
    assertEquals(AvatarOptions.paper(), p.avatar());
    assertEquals(1e-3, p.learningRate());
    assertEquals(0.75, p.decayFraction());
    assertEquals(0.1, p.decayFactor());
    assertEquals(0.5, p.photoFraction());
    assertEquals(0.1, p.seamWeight());
    assertEquals(0, p.resolution(), "the dataset's own size");
    assertEquals((long) (0.75 * p.iterations()), p.schedule().atStep());
  }

  @Test
  void fastAndTestPresetsAreSmall() {
    assertEquals(256, TrainingOptions.fast().resolution());
    assertEquals(0, TrainingOptions.fast().avatar().subdivisionLevels());
    assertTrue(TrainingOptions.test().resolution() <= 64);
    assertTrue(TrainingOptions.test().iterations() <= 100);
  }

  @Test
  void withCopiesChangeOnlyTheirField() {
    TrainingOptions t = TrainingOptions.test();
    TrainingOptions u = t.withIterations(7).withSeed(9).withPoseDrivenOffsets(false);
    assertEquals(7, u.iterations());
    assertEquals(9, u.seed());
    assertEquals(false, u.poseDrivenOffsets());
    assertEquals(t.withIterations(7).withSeed(9).withPoseDrivenOffsets(false), u);
    assertEquals(
        t, u.withIterations(t.iterations()).withSeed(t.seed()).withPoseDrivenOffsets(true));
  }

  @Test
  void badValuesNameTheirField() {
    TrainingOptions t = TrainingOptions.test();
    expect("iterations", () -> t.withIterations(0));
    expect("learningRate", () -> t.withLearningRate(-1));
    expect("resolution", () -> t.withResolution(-5));
    expect("photoFraction", () -> t.withPhotoFraction(1.0));
    expect("seamWeight", () -> t.withSeams(1.5, 1, 0.05));
    expect("seamDilation", () -> t.withSeams(0.1, -1, 0.05));
    expect("seamThreshold", () -> t.withSeams(0.1, 1, 0));
    expect("checkpointInterval", () -> t.withCheckpointInterval(0));
    expect("threads", () -> t.withThreads(0));
    expect("weights.mask", () -> new TrainingOptions.LossWeights(-1, 0, 0, 0, 0, 0));
    expect(
        "weights.colorLaplacian",
        () -> new TrainingOptions.LossWeights(0, 0, 0, 0, Double.POSITIVE_INFINITY, 0));
    expect("weights.perceptual", () -> TrainingOptions.LossWeights.defaults().withPerceptual(-0.1));
    expect("background", () -> new TrainingOptions.Background(0f, 2f, 0f));
  }

  private static void expect(String field, Supplier<Object> make) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
    assertTrue(e.getMessage().contains(field), () -> e.getMessage() + " should name " + field);
  }
}
