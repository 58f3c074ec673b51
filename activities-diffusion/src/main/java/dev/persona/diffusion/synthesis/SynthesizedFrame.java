package dev.persona.diffusion.synthesis;

import dev.persona.core.image.Image;

/**
 * A backend's output for one planned frame.
 *
 * @param image linear RGB, the frame's camera size
 * @param mask one channel, the person's coverage in [0, 1]
 */
public record SynthesizedFrame(Image image, Image mask) {}
