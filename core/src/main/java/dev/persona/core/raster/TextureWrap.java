package dev.persona.core.raster;

/** What a texture lookup does with texture coordinates outside [0, 1]. */
public enum TextureWrap {
  /** Use the nearest edge texel (the default). */
  CLAMP,
  /** Tile the texture: only the fractional part of u and v matters. */
  REPEAT
}
