package dev.persona.splat.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.body.procedural.ProceduralBodyOptions;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.progress.CheckpointStore;
import dev.persona.core.progress.ProgressListener;
import dev.persona.core.torchscript.TorchLibrary;
import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.loss.LpipsLoss;
import dev.persona.splat.loss.StandInLpips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer end to end on a tiny synthetic subject (coarse procedural body, 48-pixel frames). */
class AvatarTrainerTest {
  @TempDir static Path shared;

  private static ProceduralBody body;
  private static Dataset dataset;

  @BeforeAll
  static void generateSubject() throws IOException {
    body = ProceduralBody.create(new ProceduralBodyOptions(0.025));
    SyntheticSubjectOptions o =
        SyntheticSubjectOptions.defaults()
            .withFrames(2, 2, 1)
            .withSize(48, 48)
            .withTextureSize(128)
            .withSamples(1)
            .withThreads(1);
    dataset = SyntheticSubject.generate(body, o, shared.resolve("subject"), ProgressListener.NONE);
  }

  /** A checkpoint store in memory that counts its saves. */
  static final class MemoryStore implements CheckpointStore {
    final Map<String, byte[]> saved = new HashMap<>();
    int saves;

    @Override
    public void save(String name, byte[] state) {
      saved.put(name, state.clone());
      saves++;
    }

    @Override
    public Optional<byte[]> load(String name) {
      return Optional.ofNullable(saved.get(name)).map(byte[]::clone);
    }
  }

  @Test
  void lossFallsAndPhotoPsnrRises(@TempDir Path work) throws IOException {
    TrainingOptions options = TrainingOptions.test();
    try (AvatarTrainer t =
        AvatarTrainer.create(body.model(), dataset, options, new MemoryStore(), work)) {
      double before = t.photoPsnr();
      TrainingResult r = t.train(ProgressListener.NONE);
      float[] loss = r.history().loss();
      assertEquals(options.iterations(), loss.length);
      double first = mean(loss, 0, 10);
      double last = mean(loss, loss.length - 10, loss.length);
      assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
      // The avatar starts grey on black; a few dB is what 60 steps on 48 pixels buy.
      assertTrue(
          r.summary().photoPsnr() > before + 3,
          "photo PSNR " + before + " -> " + r.summary().photoPsnr());
      assertTrue(r.summary().complete());
      assertTrue(Files.size(work.resolve(AvatarTrainer.SEAMS_FILE)) > 0, "seams.png written");
    }
  }

  @Test
  void resumedRunIsBitIdenticalToAStraightOne() throws IOException {
    assertResumeIsBitIdentical(
        TrainingOptions.test().withIterations(20).withCheckpointInterval(6), null);
  }

  @Test
  void resumedRunWithTheLpipsTermIsBitIdenticalToo(@TempDir Path dir) throws IOException {
    TorchLibrary.assumeAvailable();
    TrainingOptions options =
        TrainingOptions.test()
            .withIterations(20)
            .withCheckpointInterval(6)
            .withWeights(TrainingOptions.LossWeights.defaults().withPerceptual(0.5));
    try (LpipsLoss lpips = LpipsLoss.load(new StandInLpips(5).write(dir.resolve("lpips.pt")))) {
      assertResumeIsBitIdentical(options, lpips);
    }
  }

  private static void assertResumeIsBitIdentical(TrainingOptions options, LpipsLoss lpips)
      throws IOException {
    MemoryStore straightStore = new MemoryStore();
    TrainingResult straight;
    try (AvatarTrainer t =
        AvatarTrainer.create(body.model(), dataset, options, straightStore, null, lpips)) {
      straight = t.train(ProgressListener.NONE);
    }
    // 20 iterations, interval 6: saves at 6, 12, 18 and at the end.
    assertEquals(4, straightStore.saves);

    MemoryStore store = new MemoryStore();
    try (AvatarTrainer first =
        AvatarTrainer.create(body.model(), dataset, options, store, null, lpips)) {
      TrainingResult partial =
          first.train(
              (done, total, message) -> {
                if (done == 9) {
                  first.requestStop();
                }
              });
      assertFalse(partial.summary().complete());
      assertEquals(9, partial.summary().iterations());
    }
    // Another thread count: results do not depend on it, and the checkpoint is accepted.
    TrainingResult resumed;
    try (AvatarTrainer second =
        AvatarTrainer.create(body.model(), dataset, options.withThreads(2), store, null, lpips)) {
      assertEquals(9, second.iteration(), "resumes from the stop");
      resumed = second.train(ProgressListener.NONE);
    }
    assertTrue(resumed.summary().complete());
    List<AvatarParameters.Group> a = straight.parameters().groups();
    List<AvatarParameters.Group> b = resumed.parameters().groups();
    for (int g = 0; g < a.size(); g++) {
      assertArrayEquals(a.get(g).values(), b.get(g).values(), "group " + a.get(g).name());
    }
    assertArrayEquals(straight.history().loss(), resumed.history().loss());
    assertArrayEquals(straight.history().photoPsnr(), resumed.history().photoPsnr());
  }

  @Test
  void checkpointOfAnotherRunIsRefused() throws IOException {
    TrainingOptions options = TrainingOptions.test().withIterations(2);
    MemoryStore store = new MemoryStore();
    try (AvatarTrainer t = AvatarTrainer.create(body.model(), dataset, options, store, null)) {
      t.train(ProgressListener.NONE);
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> AvatarTrainer.create(body.model(), dataset, options.withSeed(2), store, null));
    assertTrue(e.getMessage().contains("another training run"), e.getMessage());
  }

  @Test
  void anLpipsWeightWithoutANetworkIsRefused() {
    TrainingOptions options =
        TrainingOptions.test()
            .withWeights(TrainingOptions.LossWeights.defaults().withPerceptual(0.2));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> AvatarTrainer.create(body.model(), dataset, options, new MemoryStore(), null));
    assertTrue(e.getMessage().contains("no LPIPS network"), e.getMessage());
  }

  @Test
  void theLpipsTermJoinsTheLossLinearlyAndMovesTheParameters(@TempDir Path dir) throws IOException {
    TorchLibrary.assumeAvailable();
    double[] weights = {0, 0.5, 1.0};
    double[] firstLoss = new double[weights.length];
    AvatarParameters[] after = new AvatarParameters[weights.length];
    try (LpipsLoss lpips = LpipsLoss.load(new StandInLpips(5).write(dir.resolve("lpips.pt")))) {
      for (int k = 0; k < weights.length; k++) {
        TrainingOptions options =
            TrainingOptions.test()
                .withIterations(3)
                .withWeights(TrainingOptions.LossWeights.defaults().withPerceptual(weights[k]));
        try (AvatarTrainer t =
            AvatarTrainer.create(body.model(), dataset, options, new MemoryStore(), null, lpips)) {
          TrainingResult r = t.train(ProgressListener.NONE);
          firstLoss[k] = r.history().loss()[0];
          after[k] = r.parameters();
        }
      }
    }
    // The first iteration renders the initial avatar whatever the weight, so its loss is the rest
    // plus w D with one D: the term is there, positive, and linear in its weight.
    double d = (firstLoss[1] - firstLoss[0]) / weights[1];
    assertTrue(d > 1e-4, "LPIPS of the first render: " + d);
    assertEquals(firstLoss[0] + weights[2] * d, firstLoss[2], 1e-6 * firstLoss[2] + 1e-6);
    // Its gradient reaches the avatar: the same three steps end elsewhere.
    assertFalse(java.util.Arrays.equals(after[0].sh(), after[2].sh()), "colours differ");
  }

  @Test
  void aCheckpointTrainedWithAnotherLpipsNetworkIsRefused(@TempDir Path dir) throws IOException {
    TorchLibrary.assumeAvailable();
    TrainingOptions options =
        TrainingOptions.test()
            .withIterations(2)
            .withWeights(TrainingOptions.LossWeights.defaults().withPerceptual(0.5));
    MemoryStore store = new MemoryStore();
    try (LpipsLoss a = LpipsLoss.load(new StandInLpips(5).write(dir.resolve("a.pt")));
        LpipsLoss b = LpipsLoss.load(new StandInLpips(6).write(dir.resolve("b.pt")))) {
      try (AvatarTrainer t = AvatarTrainer.create(body.model(), dataset, options, store, null, a)) {
        t.train(ProgressListener.NONE);
      }
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class,
              () -> AvatarTrainer.create(body.model(), dataset, options, store, null, b));
      assertTrue(e.getMessage().contains("another training run"), e.getMessage());
    }
  }

  @Test
  void withoutPoseDrivenOffsetsTheNetworkIsUntouched() throws IOException {
    TrainingOptions options = TrainingOptions.test().withIterations(6).withPoseDrivenOffsets(false);
    try (AvatarTrainer t =
        AvatarTrainer.create(body.model(), dataset, options, new MemoryStore(), null)) {
      AvatarParameters initial = t.parameters().copy();
      AvatarParameters trained = t.train(ProgressListener.NONE).parameters();
      assertArrayEquals(initial.triplane(), trained.triplane());
      assertArrayEquals(initial.mlp(), trained.mlp());
      assertFalse(java.util.Arrays.equals(initial.sh(), trained.sh()), "colours do train");
    }
  }

  private static double mean(float[] a, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += a[i];
    }
    return s / (to - from);
  }
}
