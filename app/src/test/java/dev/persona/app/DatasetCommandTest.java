package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.image.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandTest {
  @TempDir Path dir;

  @Test
  void synthWritesADatasetWithTheRequestedFrames() throws Exception {
    Path out = dir.resolve("subject");
    CliRun r =
        CliRun.of(
            "dataset",
            "synth",
            "--out",
            out.toString(),
            "--poses",
            "2",
            "--views",
            "2",
            "--test-poses",
            "1",
            "--size",
            "64x96",
            "--seed",
            "3");
    assertEquals(0, r.exit(), r.err());
    Dataset dataset = Dataset.open(out);
    // One photo frame, 2 poses x 2 views of training, one novel test pose.
    assertEquals(1, dataset.frameIds(FrameSplit.TEST).size());
    assertEquals(4, dataset.frameIds(FrameSplit.TRAIN).size());
    assertEquals(6, dataset.frameIds().size());
    Image photo = dataset.image(dataset.photoId());
    assertEquals(64, photo.width());
    assertEquals(96, photo.height());
    assertTrue(Files.isRegularFile(out.resolve(SyntheticSubject.CONTACT_SHEET_FILE)));
    assertTrue(r.out().contains("6 frames"), r.out());
  }

  @Test
  void anUnknownPatternIsABadInputNotACrash() {
    Path out = dir.resolve("subject");
    CliRun r = CliRun.of("dataset", "synth", "--out", out.toString(), "--pattern", "plaid");
    assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit());
    assertTrue(r.err().contains("plaid"), r.err());
    assertFalse(Files.exists(out.resolve("dataset.json")));
  }
}
