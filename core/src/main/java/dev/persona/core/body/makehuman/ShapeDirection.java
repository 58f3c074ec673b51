package dev.persona.core.body.makehuman;

/**
 * The shape directions (betas) of the MakeHuman import, in {@code shapedirs} order. Each is a
 * difference of MakeHuman macro blends (see {@link MacroBlend}) around the import's base sliders
 * (MakeHuman's defaults, with the gender chosen in {@link MakeHumanImportOptions}), so {@code beta
 * = 1} reproduces that slider setting exactly and other values extrapolate linearly. They are
 * semantic, not PCA: neither orthogonal nor of unit variance.
 *
 * <p>MakeHuman's sliders are piecewise linear with a kink at the default (0.5), and the two sides
 * use different targets (heavier is not "minus lighter"), so each two-sided slider gives two
 * directions. Gender blends linearly, so one direction covers it both ways. The three race shares
 * sum to one, so two directions span them: Caucasian is {@code -(RACE_AFRICAN + RACE_ASIAN)}.
 */
public enum ShapeDirection {
  /** {@code beta = 1}: gender slider +0.5 (from the neutral default: fully male; -1: female). */
  GENDER("gender +0.5 (towards male; negative towards female)"),
  /** {@code beta = 1}: height slider 0.5 to 1 (MakeHuman's maximum height). */
  HEIGHT_TALLER("height 0.5 -> 1 (maximum height)"),
  /** {@code beta = 1}: height slider 0.5 to 0 (minimum height). */
  HEIGHT_SHORTER("height 0.5 -> 0 (minimum height)"),
  /** {@code beta = 1}: weight slider 0.5 to 1 (maximum weight). */
  WEIGHT_HEAVIER("weight 0.5 -> 1 (maximum weight)"),
  /** {@code beta = 1}: weight slider 0.5 to 0 (minimum weight). */
  WEIGHT_LIGHTER("weight 0.5 -> 0 (minimum weight)"),
  /** {@code beta = 1}: muscle slider 0.5 to 1 (maximum muscle). */
  MUSCLE_MORE("muscle 0.5 -> 1 (maximum muscle)"),
  /** {@code beta = 1}: muscle slider 0.5 to 0 (minimum muscle). */
  MUSCLE_LESS("muscle 0.5 -> 0 (minimum muscle)"),
  /** {@code beta = 1}: age slider 0.5 to 1 (25 to 90 years). */
  AGE_OLDER("age 0.5 -> 1 (25 -> 90 years)"),
  /** {@code beta = 1}: proportions slider 0.5 to 1 (ideal proportions). */
  PROPORTIONS_IDEAL("proportions 0.5 -> 1 (ideal)"),
  /** {@code beta = 1}: proportions slider 0.5 to 0 (uncommon proportions). */
  PROPORTIONS_UNCOMMON("proportions 0.5 -> 0 (uncommon)"),
  /** {@code beta = 1}: age slider 0.5 to 0.1875 (25 to 11 years, MakeHuman's child). */
  AGE_YOUNGER("age 0.5 -> 0.1875 (25 -> 11 years)"),
  /** {@code beta = 1}: race shares from a third each to fully African. */
  RACE_AFRICAN("race 1/3 each -> African"),
  /** {@code beta = 1}: race shares from a third each to fully Asian. */
  RACE_ASIAN("race 1/3 each -> Asian");

  private final String meaning;

  ShapeDirection(String meaning) {
    this.meaning = meaning;
  }

  /** What {@code beta = 1} does, in slider terms. */
  public String meaning() {
    return meaning;
  }

  /**
   * The slider settings this direction goes between, around {@code base}: the direction is {@code
   * scale * (blend(to) - blend(from))}.
   */
  record Move(MacroSliders from, MacroSliders to, double scale) {}

  Move move(MacroSliders base) {
    return switch (this) {
      case GENDER -> new Move(base.withGender(0), base.withGender(1), 0.5);
      case HEIGHT_TALLER -> new Move(base, base.withHeight(1), 1);
      case HEIGHT_SHORTER -> new Move(base, base.withHeight(0), 1);
      case WEIGHT_HEAVIER -> new Move(base, base.withWeight(1), 1);
      case WEIGHT_LIGHTER -> new Move(base, base.withWeight(0), 1);
      case MUSCLE_MORE -> new Move(base, base.withMuscle(1), 1);
      case MUSCLE_LESS -> new Move(base, base.withMuscle(0), 1);
      case AGE_OLDER -> new Move(base, base.withAge(1), 1);
      case PROPORTIONS_IDEAL -> new Move(base, base.withProportions(1), 1);
      case PROPORTIONS_UNCOMMON -> new Move(base, base.withProportions(0), 1);
      case AGE_YOUNGER -> new Move(base, base.withAge(MacroSliders.CHILD_AGE), 1);
      case RACE_AFRICAN -> new Move(base, base.withRace(1, 0, 0), 1);
      case RACE_ASIAN -> new Move(base, base.withRace(0, 1, 0), 1);
    };
  }
}
