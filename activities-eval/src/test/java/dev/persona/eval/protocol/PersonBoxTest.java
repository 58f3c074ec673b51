package dev.persona.eval.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.core.InvalidInputException;
import dev.persona.core.image.Image;
import org.junit.jupiter.api.Test;

class PersonBoxTest {
  private static Image maskWithRect(int w, int h, int x0, int y0, int x1, int y1) {
    Image m = new Image(w, h, 1);
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        m.set(x, y, 0, 1f);
      }
    }
    return m;
  }

  @Test
  void tallPersonIsWidenedToThreeQuartersThenEnlarged() {
    // Tight box x 40..49, y 20..59: 10 x 40 centred at (45, 40). Widened to 30 x 40 (0.75), then
    // x1.25 -> 37.5 x 50, rounded to 38 x 50; left = round(45 - 19) = 26, top = round(40 - 25) =
    // 15.
    PersonBox box = PersonBox.ofMask(maskWithRect(100, 100, 40, 20, 49, 59));
    assertEquals(new PersonBox(26, 15, 38, 50), box);
  }

  @Test
  void widePersonIsHeightenedToThreeQuarters() {
    // Tight box 30 x 6 at x 10..39, y 50..55, centre (25, 53): height 30 / 0.75 = 40, x1.25 ->
    // 37.5 x 50 -> 38 x 50; left = round(25 - 19) = 6, top = round(53 - 25) = 28.
    PersonBox box = PersonBox.ofMask(maskWithRect(100, 100, 10, 50, 39, 55));
    assertEquals(new PersonBox(6, 28, 38, 50), box);
  }

  @Test
  void softEdgesBelowHalfAreNotThePerson() {
    Image m = maskWithRect(100, 100, 40, 20, 49, 59);
    m.set(0, 0, 0, 0.49f);
    assertEquals(new PersonBox(26, 15, 38, 50), PersonBox.ofMask(m));
  }

  @Test
  void emptyMaskIsNoPerson() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> PersonBox.ofMask(new Image(8, 8, 1)));
    assertEquals(InvalidInputException.Reason.NO_PERSON, e.reason());
  }

  @Test
  void cropFillsOutsideTheImage() {
    Image image = new Image(4, 4, 3);
    for (int i = 0; i < image.data().length; i++) {
      image.data()[i] = 0.25f;
    }
    Image crop = new PersonBox(-1, 2, 3, 3).crop(image, 1f);
    assertEquals(3, crop.width());
    assertEquals(3, crop.height());
    // Column 0 lies left of the image; row 2 (source row 4) below it.
    assertEquals(1f, crop.get(0, 0, 1));
    assertEquals(0.25f, crop.get(1, 0, 1));
    assertEquals(0.25f, crop.get(2, 1, 2));
    assertEquals(1f, crop.get(1, 2, 0));
  }
}
