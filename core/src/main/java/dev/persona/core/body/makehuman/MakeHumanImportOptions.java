package dev.persona.core.body.makehuman;

/**
 * How to import the MakeHuman assets.
 *
 * @param name the body model's name (e.g. {@code "makehuman-neutral"})
 * @param gender MakeHuman's gender slider of the template ({@code betas = 0}): 0.5 neutral (the
 *     default, like {@code SMPLX_NEUTRAL}), 0 female, 1 male; the other sliders stay at MakeHuman's
 *     defaults
 * @param bakeTPose pose the A-pose base mesh into the T-pose of {@code
 *     poses/game_engine_fk/t-pose.json}, so that zero pose parameters give a T-pose as on SMPL-X;
 *     {@code false} keeps MakeHuman's A-pose rest (for inspection)
 */
public record MakeHumanImportOptions(String name, double gender, boolean bakeTPose) {
  public MakeHumanImportOptions {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (!(gender >= 0 && gender <= 1)) {
      throw new IllegalArgumentException("gender must be in [0, 1], got " + gender);
    }
  }

  /** Neutral gender, T-pose baked, named {@code makehuman-neutral}. */
  public static MakeHumanImportOptions defaults() {
    return new MakeHumanImportOptions("makehuman-neutral", 0.5, true);
  }
}
