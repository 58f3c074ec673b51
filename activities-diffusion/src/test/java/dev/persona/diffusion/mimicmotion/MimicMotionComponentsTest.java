package dev.persona.diffusion.mimicmotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MimicMotionComponentsTest {
  @TempDir Path dir;

  @Test
  void noFolderConfiguredNamesEveryFileAndTheDoc() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> MimicMotionComponents.locate(null));
    assertEquals(InvalidInputException.Reason.NOT_FOUND, e.reason());
    for (String file : MimicMotionComponents.FILES) {
      assertTrue(e.getMessage().contains(file), e.getMessage());
    }
    assertTrue(e.getMessage().contains("docs/synthesis.md"), e.getMessage());
  }

  @Test
  void aPartialExportNamesOnlyTheMissingFiles() throws Exception {
    Files.writeString(dir.resolve(MimicMotionComponents.UNET), "x");
    Files.writeString(dir.resolve(MimicMotionComponents.VAE_DECODER), "x");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> MimicMotionComponents.locate(dir));
    assertTrue(e.getMessage().contains(MimicMotionComponents.POSE_GUIDER), e.getMessage());
    assertFalse(e.getMessage().contains(MimicMotionComponents.UNET), e.getMessage());
    for (String file : MimicMotionComponents.FILES) {
      Files.writeString(dir.resolve(file), "x");
    }
    assertEquals(dir, MimicMotionComponents.locate(dir).folder());
  }
}
