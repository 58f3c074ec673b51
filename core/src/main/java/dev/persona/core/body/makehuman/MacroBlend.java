package dev.persona.core.body.makehuman;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which macrodetail targets MakeHuman applies for given {@link MacroSliders}, and with what weight:
 * MakeHuman 1.1's {@code human.py} ({@code _setGenderVals}, {@code _setAgeVals}, ...) turns each
 * slider into weights of its named levels, and a combination target's weight is the product of the
 * weights of the levels in its file name ({@code macro.json}'s {@code combinations}):
 *
 * <ul>
 *   <li>{@code {race}-{gender}-{age}} (race x gender x age),
 *   <li>{@code universal-{gender}-{age}-{muscle}-{weight}},
 *   <li>{@code height/{gender}-{age}-{muscle}-{weight}-{min|max}height},
 *   <li>{@code proportions/{gender}-{age}-{muscle}-{weight}-{ideal|uncommon}proportions} (no baby
 *       files exist: MakeHuman has no proportion targets for babies).
 * </ul>
 *
 * The blended mesh is {@code base + sum(weight * target)}: linear in each target weight, and
 * piecewise linear in each slider, with kinks at the level boundaries (age 0.1875 and 0.5, the
 * others at 0.5).
 */
final class MacroBlend {
  /** Target weights below this are dropped: they would move no vertex by a measurable amount. */
  static final double NEGLIGIBLE = 1e-9;

  private static final String[] GENDERS = {"female", "male"};
  private static final String[] AGES = {"baby", "child", "young", "old"};
  private static final String[] LEVELS3 = {"min", "average", "max"};
  private static final String[] RACES = {"african", "asian", "caucasian"};

  private MacroBlend() {}

  /**
   * The targets to add and their weights, keyed by path relative to {@code targets/macrodetails/},
   * in a fixed order (so sums over them are reproducible).
   */
  static Map<String, Double> weights(MacroSliders s) {
    double[] gender = {1 - s.gender(), s.gender()};
    double[] age = ageWeights(s.age());
    double[] muscle = threeLevels(s.muscle());
    double[] weight = threeLevels(s.weight());
    double[] height = {Math.max(0, 1 - 2 * s.height()), Math.max(0, 2 * s.height() - 1)};
    double[] proportions = {
      Math.max(0, 2 * s.proportions() - 1), Math.max(0, 1 - 2 * s.proportions())
    };
    double raceTotal = s.african() + s.asian() + s.caucasian();
    double[] race = {s.african() / raceTotal, s.asian() / raceTotal, s.caucasian() / raceTotal};

    Map<String, Double> out = new LinkedHashMap<>();
    for (int r = 0; r < RACES.length; r++) {
      for (int g = 0; g < GENDERS.length; g++) {
        for (int a = 0; a < AGES.length; a++) {
          put(out, RACES[r] + "-" + GENDERS[g] + "-" + AGES[a], race[r] * gender[g] * age[a]);
        }
      }
    }
    for (int g = 0; g < GENDERS.length; g++) {
      for (int a = 0; a < AGES.length; a++) {
        for (int m = 0; m < 3; m++) {
          for (int w = 0; w < 3; w++) {
            String stem =
                GENDERS[g] + "-" + AGES[a] + "-" + LEVELS3[m] + "muscle-" + LEVELS3[w] + "weight";
            double base = gender[g] * age[a] * muscle[m] * weight[w];
            put(out, "universal-" + stem, base);
            put(out, "height/" + stem + "-minheight", base * height[0]);
            put(out, "height/" + stem + "-maxheight", base * height[1]);
            if (a != 0) {
              put(out, "proportions/" + stem + "-idealproportions", base * proportions[0]);
              put(out, "proportions/" + stem + "-uncommonproportions", base * proportions[1]);
            }
          }
        }
      }
    }
    return out;
  }

  /** File name of a target key: {@code key + ".target.gz"}. */
  static String fileName(String key) {
    return key + ".target.gz";
  }

  /**
   * Baby, child, young and old weights. MakeHuman uses the rounded factor 5.333 for 1/0.1875; the
   * exact value is used here so that the child age (0.1875) has exactly zero baby weight.
   */
  static double[] ageWeights(double age) {
    if (age < 0.5) {
      double young = Math.max(0, (age - MacroSliders.CHILD_AGE) / (0.5 - MacroSliders.CHILD_AGE));
      double baby = Math.max(0, 1 - age / MacroSliders.CHILD_AGE);
      double child = Math.max(0, Math.min(1, age / MacroSliders.CHILD_AGE) - young);
      return new double[] {baby, child, young, 0};
    }
    double old = Math.max(0, 2 * age - 1);
    return new double[] {0, 0, 1 - old, old};
  }

  /** Min, average and max weights of a three-level slider (muscle, weight). */
  static double[] threeLevels(double value) {
    if (value < 0.5) {
      double min = Math.max(0, 1 - 2 * value);
      return new double[] {min, 1 - min, 0};
    }
    double max = Math.max(0, 2 * value - 1);
    return new double[] {0, 1 - max, max};
  }

  private static void put(Map<String, Double> out, String key, double weight) {
    if (weight > NEGLIGIBLE) {
      out.put(key, weight);
    }
  }
}
