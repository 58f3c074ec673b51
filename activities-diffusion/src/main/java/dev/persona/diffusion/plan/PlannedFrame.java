package dev.persona.diffusion.plan;

import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;

/**
 * One frame to synthesise: the fitted person in a motion's pose, seen by a camera.
 *
 * @param index position in the plan, from 0; the frame's dataset id is {@code index + 1} (the photo
 *     is {@code 00000})
 * @param motion the motion's name
 * @param motionFrame the frame's index within its motion's sampled frames
 * @param params SMPL-X parameters: the fit's shape, hands and face, the motion's body pose, placed
 *     where the fitted body stands
 * @param camera the frame's camera, the plan's size
 */
public record PlannedFrame(
    int index, String motion, int motionFrame, SmplxParams params, PinholeCamera camera) {}
