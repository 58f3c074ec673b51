package dev.persona.core.body.makehuman;

/**
 * MakeHuman's macro sliders, each in [0, 1], as in MakeHuman 1.1 and MPFB2. The defaults (all 0.5,
 * races 1/3 each) give MakeHuman's default human: a 25-year-old of average muscle, weight, height
 * and proportions, half-way between female and male.
 *
 * @param gender 0 female, 1 male (linear blend in between)
 * @param age 0 one year, 0.1875 eleven years, 0.5 twenty-five years, 1 ninety years
 * @param muscle 0 minimum, 0.5 average, 1 maximum muscle
 * @param weight 0 minimum, 0.5 average, 1 maximum weight
 * @param height 0 minimum, 0.5 average, 1 maximum height
 * @param proportions 0 uncommon, 0.5 regular, 1 ideal body proportions
 * @param african share of the African race targets (the three race shares are normalised)
 * @param asian share of the Asian race targets
 * @param caucasian share of the Caucasian race targets
 */
public record MacroSliders(
    double gender,
    double age,
    double muscle,
    double weight,
    double height,
    double proportions,
    double african,
    double asian,
    double caucasian) {

  /** Age slider value of an eleven-year-old: MakeHuman's child targets apply fully here. */
  public static final double CHILD_AGE = 0.1875;

  public MacroSliders {
    check("gender", gender);
    check("age", age);
    check("muscle", muscle);
    check("weight", weight);
    check("height", height);
    check("proportions", proportions);
    check("african", african);
    check("asian", asian);
    check("caucasian", caucasian);
    if (african + asian + caucasian <= 0) {
      throw new IllegalArgumentException("at least one race share must be positive");
    }
  }

  /** MakeHuman's default human. */
  public static MacroSliders defaults() {
    return new MacroSliders(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3);
  }

  public MacroSliders withGender(double value) {
    return new MacroSliders(
        value, age, muscle, weight, height, proportions, african, asian, caucasian);
  }

  public MacroSliders withAge(double value) {
    return new MacroSliders(
        gender, value, muscle, weight, height, proportions, african, asian, caucasian);
  }

  public MacroSliders withMuscle(double value) {
    return new MacroSliders(
        gender, age, value, weight, height, proportions, african, asian, caucasian);
  }

  public MacroSliders withWeight(double value) {
    return new MacroSliders(
        gender, age, muscle, value, height, proportions, african, asian, caucasian);
  }

  public MacroSliders withHeight(double value) {
    return new MacroSliders(
        gender, age, muscle, weight, value, proportions, african, asian, caucasian);
  }

  public MacroSliders withProportions(double value) {
    return new MacroSliders(gender, age, muscle, weight, height, value, african, asian, caucasian);
  }

  /** The same sliders with the race shares replaced (normalised when blending). */
  public MacroSliders withRace(double africanShare, double asianShare, double caucasianShare) {
    return new MacroSliders(
        gender, age, muscle, weight, height, proportions, africanShare, asianShare, caucasianShare);
  }

  private static void check(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " slider must be in [0, 1], got " + value);
    }
  }
}
