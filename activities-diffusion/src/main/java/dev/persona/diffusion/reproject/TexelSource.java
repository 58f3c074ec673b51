package dev.persona.diffusion.reproject;

/** Where a texel's colour came from, most trusted first. */
public enum TexelSource {
  /** Seen in the photo: its colour is the photo's there. */
  PHOTO,
  /** Unseen, but its left-right mirror point was seen: the mirror's colour. */
  MIRROR,
  /** Neither: colour spread over the surface from the nearest seen parts. */
  PROPAGATED,
  /** No surface maps to this texel (outside every UV island; padding only). */
  EMPTY;

  /** The code stored per texel. */
  public byte code() {
    return (byte) ordinal();
  }

  public static TexelSource of(byte code) {
    return values()[code];
  }
}
