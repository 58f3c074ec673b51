package dev.persona.splat.avatar.render;

import dev.persona.splat.raster.RenderSettings;

/** The colour composited behind the avatar (PNG alpha still says where the avatar is). */
public enum Background {
  WHITE(1f),
  BLACK(0f);

  private final float level;

  Background(float level) {
    this.level = level;
  }

  /** {@code settings} with this background (linear RGB, grey level 0 or 1). */
  public RenderSettings applyTo(RenderSettings settings) {
    return settings.withBackground(level, level, level);
  }
}
