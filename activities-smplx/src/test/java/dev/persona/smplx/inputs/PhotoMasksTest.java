package dev.persona.smplx.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.smplx.perception.PersonMask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoMasksTest {
  @TempDir Path dir;

  @Test
  void aCutOutPhotosAlphaIsItsMask() {
    Image rgba = new Image(4, 2, 4);
    rgba.set(1, 0, 3, 1f);
    rgba.set(2, 1, 3, 0.5f);
    Optional<PersonMask> m = PhotoMasks.fromAlpha(rgba);
    assertTrue(m.isPresent());
    assertEquals(1f, m.get().at(1.5, 0.5));
    assertEquals(0.5f, m.get().at(2.5, 1.5));
    assertEquals(0f, m.get().at(0.5, 0.5));
  }

  @Test
  void opaqueOrAlphaFreePhotosCarryNoMaskAndATransparentOneNoPerson() {
    assertTrue(PhotoMasks.fromAlpha(new Image(3, 3, 3)).isEmpty());
    Image opaque = new Image(3, 3, 4);
    Arrays.fill(opaque.data(), 1f);
    assertTrue(PhotoMasks.fromAlpha(opaque).isEmpty());
    assertEquals(
        Reason.NO_PERSON,
        assertThrows(InvalidInputException.class, () -> PhotoMasks.fromAlpha(new Image(3, 3, 4)))
            .reason());
  }

  @Test
  void aMaskFileMustMatchThePhotoAndMarkSomeone() throws IOException {
    Image m = new Image(6, 4, 1);
    m.set(2, 2, 0, 1f);
    Path f = dir.resolve("mask.png");
    ImageIo.writePng(f, m);
    assertEquals(1f, PhotoMasks.read(f, 6, 4).at(2.5, 2.5), 1e-6);
    assertEquals(
        Reason.MALFORMED,
        assertThrows(InvalidInputException.class, () -> PhotoMasks.read(f, 5, 4)).reason());
    Path empty = dir.resolve("empty.png");
    ImageIo.writePng(empty, new Image(6, 4, 1));
    assertEquals(
        Reason.NO_PERSON,
        assertThrows(InvalidInputException.class, () -> PhotoMasks.read(empty, 6, 4)).reason());
  }
}
