package dev.persona.splat.gaussian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaussiansTest {
  @Test
  void arraysHaveTheDocumentedStrides() {
    Gaussians g = new Gaussians(5, 3, 2);
    assertEquals(16, g.shCoefficients());
    assertEquals(15, g.means().length);
    assertEquals(20, g.rotations().length);
    assertEquals(5 * 16 * 3, g.sh().length);
    assertEquals(10, g.features().length);
    assertThrows(IllegalArgumentException.class, () -> new Gaussians(1, 4, 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Gaussians(
                2,
                0,
                0,
                new float[6],
                new float[6],
                new float[7],
                new float[2],
                new float[6],
                new float[0]));
  }

  @Test
  void baseColourInvertsTheDegreeZeroColourRule() {
    Gaussians g = new Gaussians(2, 1, 0);
    g.setBaseColor(1, 0.9f, 0.5f, 0.1f);
    int base = 1 * 4 * 3;
    // colour = C0 * sh_0 + 0.5 for every direction when the higher bands are zero.
    assertEquals(0.9, Gaussians.SH_C0 * g.sh()[base] + 0.5, 1e-6);
    assertEquals(0.5, Gaussians.SH_C0 * g.sh()[base + 1] + 0.5, 1e-6);
    assertEquals(0.1, Gaussians.SH_C0 * g.sh()[base + 2] + 0.5, 1e-6);
    Gaussians copy = g.copy();
    assertEquals(g, copy);
    copy.means()[0] = 1;
    assertNotEquals(g, copy);
  }
}
