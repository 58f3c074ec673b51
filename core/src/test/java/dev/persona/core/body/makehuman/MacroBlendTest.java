package dev.persona.core.body.makehuman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MacroBlendTest {
  /** The weights are products of a few doubles: exact to rounding. */
  private static final double EXACT = 1e-12;

  @Test
  void defaultHumanIsTheRaceAverageOfYoungFemaleAndMale() {
    Map<String, Double> w = MacroBlend.weights(MacroSliders.defaults());
    // 3 races x 2 genders at 1/3 * 1/2 each, and the two (empty) young average universal targets.
    assertEquals(8, w.size(), w.toString());
    for (String race : new String[] {"african", "asian", "caucasian"}) {
      assertEquals(1.0 / 6, w.get(race + "-female-young"), EXACT);
      assertEquals(1.0 / 6, w.get(race + "-male-young"), EXACT);
    }
    assertEquals(0.5, w.get("universal-female-young-averagemuscle-averageweight"), EXACT);
    assertEquals(0.5, w.get("universal-male-young-averagemuscle-averageweight"), EXACT);
  }

  @Test
  void sliderLevelsFollowMakeHumanFormulas() {
    // Age 0.75: halfway from young (0.5) to old (1).
    assertArrayEquals(new double[] {0, 0, 0.5, 0.5}, MacroBlend.ageWeights(0.75), EXACT);
    // Age 0.34375: halfway from child (0.1875) to young (0.5).
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, MacroBlend.ageWeights(0.34375), EXACT);
    // The child age has exactly no baby weight, and age 0 is all baby.
    assertArrayEquals(new double[] {0, 1, 0, 0}, MacroBlend.ageWeights(0.1875), EXACT);
    assertArrayEquals(new double[] {1, 0, 0, 0}, MacroBlend.ageWeights(0), EXACT);
    assertArrayEquals(new double[] {0.5, 0.5, 0}, MacroBlend.threeLevels(0.25), EXACT);
    assertArrayEquals(new double[] {0, 0.5, 0.5}, MacroBlend.threeLevels(0.75), EXACT);
  }

  @Test
  void combinationTargetsMultiplyTheirLevelWeights() {
    MacroSliders s = MacroSliders.defaults().withGender(1).withWeight(0.75).withHeight(1);
    Map<String, Double> w = MacroBlend.weights(s);
    // male 1 x young 1 x average muscle 1 x max weight 0.5 x max height 1.
    assertEquals(0.5, w.get("height/male-young-averagemuscle-maxweight-maxheight"), EXACT);
    assertEquals(0.5, w.get("height/male-young-averagemuscle-averageweight-maxheight"), EXACT);
    assertEquals(null, w.get("height/female-young-averagemuscle-averageweight-maxheight"));
    assertEquals(1.0 / 3, w.get("asian-male-young"), EXACT);
  }

  @Test
  void slidersOutsideTheUnitRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> MacroSliders.defaults().withAge(1.5));
    assertThrows(IllegalArgumentException.class, () -> MacroSliders.defaults().withRace(0, 0, 0));
  }
}
