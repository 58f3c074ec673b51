package dev.persona.core.mesh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BoundingBoxTest {
  @Test
  void holdsEveryPointTightly() {
    BoundingBox box = BoundingBox.of(new float[] {1, -2, 3, -4, 5, 0.5f, 0, 0, -6});
    assertEquals(new BoundingBox(-4, -2, -6, 1, 5, 3), box);
    assertArrayEquals(new double[] {-1.5, 1.5, -1.5}, box.center(), 0);
    // Sizes 5, 7, 9: diagonal sqrt(25 + 49 + 81).
    assertEquals(Math.sqrt(155), box.diagonal(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> BoundingBox.of(new float[0]));
  }

  @Test
  void doublePointsGiveTheSameBox() {
    BoundingBox box = BoundingBox.of(new double[] {1, -2, 3, -4, 5, 0.5, 0, 0, -6});
    assertEquals(new BoundingBox(-4, -2, -6, 1, 5, 3), box);
    assertThrows(IllegalArgumentException.class, () -> BoundingBox.of(new double[] {1, 2}));
  }
}
