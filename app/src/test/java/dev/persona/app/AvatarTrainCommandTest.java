package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.torchscript.StandInNetworks;
import dev.persona.core.torchscript.TorchLibrary;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvatarTrainCommandTest {
  @TempDir static Path dir;
  private static Path subject;

  @BeforeAll
  static void makeSubject() {
    subject = dir.resolve("subject");
    CliRun r =
        CliRun.of(
            "dataset",
            "synth",
            "--out",
            subject.toString(),
            "--poses",
            "2",
            "--views",
            "2",
            "--test-poses",
            "1",
            "--size",
            "48x48",
            "--seed",
            "5");
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void trainsWritesTheBundleAndRefusesToOverwriteSavedWorkWithoutResume() throws Exception {
    Path out = dir.resolve("avatar");
    CliRun first =
        CliRun.of(
            "avatar",
            "train",
            "--data",
            subject.toString(),
            "--out",
            out.toString(),
            "--preset",
            "test",
            "--iterations",
            "12");
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().contains("trained: 12/12 iterations"), first.out());
    AvatarBundle bundle = AvatarBundle.read(out);
    assertTrue(bundle.avatar().count() > 0);
    JsonNode training = JsonFiles.read(out.resolve(AvatarTrain.TRAINING_JSON));
    assertEquals(12, training.get("loss").size());
    assertEquals(12, training.get("summary").get("iterations").asInt());
    assertTrue(Files.isRegularFile(out.resolve("seams.png")));

    // The run's checkpoint is still there: a second run must not silently start over on it.
    CliRun again =
        CliRun.of(
            "avatar",
            "train",
            "--data",
            subject.toString(),
            "--out",
            out.toString(),
            "--preset",
            "test",
            "--iterations",
            "12");
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("--resume"), again.err());

    // Resuming a finished run with more iterations is another run (its fingerprint differs).
    CliRun longer =
        CliRun.of(
            "avatar",
            "train",
            "--data",
            subject.toString(),
            "--out",
            out.toString(),
            "--preset",
            "test",
            "--iterations",
            "20",
            "--resume");
    assertEquals(2, longer.exit());
    assertTrue(longer.err().contains("another training run"), longer.err());
  }

  @Test
  void trainsWithAnLpipsNetworkAndNamesAMissingOne() throws Exception {
    TorchLibrary.assumeAvailable();
    // A network with LPIPS's contract (two [-1, 1] images in, one distance out): the mean squared
    // difference, enough to see the option reach the trainer.
    Path network = dir.resolve("lpips-like.pt");
    StandInNetworks.meanSquareLpips(network);
    Path out = dir.resolve("avatar-lpips");
    CliRun r =
        CliRun.of(
            "avatar",
            "train",
            "--data",
            subject.toString(),
            "--out",
            out.toString(),
            "--preset",
            "test",
            "--iterations",
            "4",
            "--lpips",
            network.toString(),
            "--lpips-weight",
            "0.3");
    assertEquals(0, r.exit(), r.err());
    JsonNode training = JsonFiles.read(out.resolve(AvatarTrain.TRAINING_JSON));
    assertTrue(training.get("options").asText().contains("perceptual=0.3"), training.toString());

    CliRun missing =
        CliRun.of(
            "avatar",
            "train",
            "--data",
            subject.toString(),
            "--out",
            dir.resolve("y").toString(),
            "--preset",
            "test",
            "--lpips",
            dir.resolve("none.pt").toString());
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("LPIPS network not found"), missing.err());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
  }

  @Test
  void anLpipsWeightWithoutANetworkIsABadInput() {
    CliRun r =
        CliRun.of(
            "avatar",
            "train",
            "--data",
            subject.toString(),
            "--out",
            dir.resolve("z").toString(),
            "--preset",
            "test",
            "--lpips-weight",
            "0.5");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("--lpips-weight needs --lpips"), r.err());
  }

  @Test
  void anUnknownPresetIsABadInput() {
    CliRun r =
        CliRun.of(
            "avatar",
            "train",
            "--data",
            subject.toString(),
            "--out",
            dir.resolve("x").toString(),
            "--preset",
            "huge");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("preset must be fast, paper or test, got 'huge'"), r.err());
  }
}
