package dev.persona.core.dataset.synth;

/** A cloth pattern, drawn in a limb's cylindrical coordinates (metres along and around it). */
public enum Fabric {
  /** Bands around the limb (horizontal on the torso) with a thin accent line. */
  STRIPES,
  /** Gingham: bands along and around the limb that darken where they cross, with thin lines. */
  CHECKS,
  /** Scattered motifs on a plain ground: dots, rings, crosses and rows of text-like marks. */
  PRINT
}
