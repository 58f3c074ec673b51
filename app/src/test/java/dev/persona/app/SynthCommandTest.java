package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.Image;
import dev.persona.diffusion.mimicmotion.StandInComponents;
import dev.persona.diffusion.synthesis.TrainingVideoSynthesis;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path fit;

  /**
   * A small synthetic subject: its photo frame is a fit folder (the photo, mask, camera, SMPL-X).
   */
  @BeforeAll
  static void fitFolder() {
    fit = shared.resolve("fit");
    CliRun r =
        CliRun.of(
            "dataset",
            "synth",
            "--out",
            fit.toString(),
            "--poses",
            "1",
            "--views",
            "1",
            "--test-poses",
            "0",
            "--size",
            "48x64",
            "--seed",
            "2");
    assertEquals(0, r.exit(), r.err());
  }

  @Test
  void synthWritesATrainingDatasetFromAFitFolder() throws Exception {
    Path out = dir.resolve("video");
    CliRun r =
        CliRun.of(
            "synth",
            "--fit",
            fit.toString(),
            "--out",
            out.toString(),
            "--motions",
            "walk,arms",
            "--frames",
            "3",
            "--size",
            "40x56",
            "--clip",
            "4",
            "--texture-size",
            "128");
    assertEquals(0, r.exit(), r.err());
    Dataset dataset = Dataset.open(out);
    assertEquals(6, dataset.frameIds(FrameSplit.TRAIN).size());
    assertEquals(FrameSplit.PHOTO, dataset.split(dataset.photoId()));
    Image frame = dataset.image("00004");
    assertEquals(40, frame.width());
    assertEquals(56, frame.height());
    assertTrue(Files.isRegularFile(out.resolve(TrainingVideoSynthesis.CONTACT_SHEET_FILE)));
    assertTrue(Files.isRegularFile(out.resolve("guidance/00006.png")));
    assertFalse(Files.exists(out.resolve(SynthCommand.CHECKPOINTS)), "checkpoints removed");
    assertTrue(r.out().contains("6 synthesised frames"), r.out());
  }

  @Test
  void mimicMotionWithoutExportedFilesSaysWhatIsMissing() {
    Path models = dir.resolve("models");
    CliRun r =
        CliRun.of(
            "synth",
            "--fit",
            fit.toString(),
            "--out",
            dir.resolve("v").toString(),
            "--backend",
            "mimicmotion",
            "--mimicmotion-models",
            models.toString());
    assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit());
    assertTrue(r.err().contains("unet.pt"), r.err());
    assertTrue(r.err().contains("docs/synthesis.md"), r.err());
  }

  @Test
  void mimicMotionWithExportedFilesWritesTheDataset() throws Exception {
    // Stand-in TorchScript files with the documented signatures (activities-diffusion's tests).
    Path models = dir.resolve("models");
    StandInComponents.write(models, 1e-4, 0.2);
    Path out = dir.resolve("video");
    CliRun r =
        CliRun.of(
            "synth",
            "--fit",
            fit.toString(),
            "--out",
            out.toString(),
            "--backend",
            "mimicmotion",
            "--mimicmotion-models",
            models.toString(),
            "--motions",
            "walk",
            "--frames",
            "3",
            "--size",
            StandInComponents.SIZE + "x" + StandInComponents.SIZE,
            "--clip",
            "2");
    assertEquals(0, r.exit(), r.err());
    Dataset dataset = Dataset.open(out);
    assertEquals(3, dataset.frameIds(FrameSplit.TRAIN).size());
    assertEquals("mimicmotion", dataset.description().get("synthesis").get("backend").asText());
    assertEquals(StandInComponents.SIZE, dataset.image("00003").width());
  }

  @Test
  void mimicMotionNeedsFrameSidesThatAreMultiplesOf64() throws Exception {
    Path models = dir.resolve("models");
    StandInComponents.write(models, 1e-4, 0.2);
    CliRun r =
        CliRun.of(
            "synth",
            "--fit",
            fit.toString(),
            "--out",
            dir.resolve("v").toString(),
            "--backend",
            "mimicmotion",
            "--mimicmotion-models",
            models.toString(),
            "--motions",
            "walk",
            "--frames",
            "2",
            "--size",
            "48x64");
    assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit());
    assertTrue(r.err().contains("multiples of 64"), r.err());
  }

  @Test
  void anUnknownMotionIsABadInputBeforeAnyWork() {
    Path out = dir.resolve("v");
    CliRun r =
        CliRun.of(
            "synth", "--fit", fit.toString(), "--out", out.toString(), "--motions", "moonwalk");
    assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit());
    assertTrue(r.err().contains("moonwalk"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void motionListNamesTheBuiltInMotions() {
    CliRun r = CliRun.of("motion", "list");
    assertEquals(0, r.exit(), r.err());
    for (String name : new String[] {"turn", "walk", "arms", "squat", "reach"}) {
      assertTrue(r.out().contains(name), r.out());
    }
  }
}
