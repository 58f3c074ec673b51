package dev.persona.core.dataset.synth;

/** What covers a point of a synthetic subject's surface: the regions an outfit paints. */
public enum BodyRegion {
  SKIN,
  HAIR,
  SHIRT,
  TROUSERS,
  SHOES
}
