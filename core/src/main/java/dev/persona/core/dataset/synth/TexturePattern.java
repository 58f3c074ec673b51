package dev.persona.core.dataset.synth;

import java.util.Locale;

/**
 * The appearance of a synthetic subject, as named on the command line ({@code --pattern NAME}). The
 * plain fabrics cover the whole body; the outfits paint body regions ({@link BodyRegion}): skin
 * with a face on the head, hands and forearms, hair, a shirt of the given fabric on the torso and
 * upper arms, trousers with a belt, and shoes. {@link #OUTFIT} picks the shirt's fabric from the
 * seed.
 */
public enum TexturePattern {
  STRIPES(Fabric.STRIPES, false),
  CHECKS(Fabric.CHECKS, false),
  PRINT(Fabric.PRINT, false),
  OUTFIT(null, true),
  OUTFIT_STRIPES(Fabric.STRIPES, true),
  OUTFIT_CHECKS(Fabric.CHECKS, true),
  OUTFIT_PRINT(Fabric.PRINT, true);

  private final Fabric fabric;
  private final boolean clothed;

  TexturePattern(Fabric fabric, boolean clothed) {
    this.fabric = fabric;
    this.clothed = clothed;
  }

  /** The fabric, or {@code null} when the seed chooses it. */
  public Fabric fabric() {
    return fabric;
  }

  /** Whether body regions are painted (skin, hair, shirt, trousers, shoes). */
  public boolean clothed() {
    return clothed;
  }

  /** The command-line name: {@code stripes}, {@code outfit-checks}, ... */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The pattern with the given command-line name.
   *
   * @throws IllegalArgumentException naming the valid names otherwise
   */
  public static TexturePattern fromCliName(String name) {
    StringBuilder names = new StringBuilder();
    for (TexturePattern pattern : values()) {
      if (pattern.cliName().equals(name)) {
        return pattern;
      }
      names.append(names.length() == 0 ? "" : ", ").append(pattern.cliName());
    }
    throw new IllegalArgumentException("unknown pattern \"" + name + "\"; one of " + names);
  }
}
