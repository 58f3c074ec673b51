package dev.persona.diffusion.plan;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.motion.BuiltInMotion;
import java.util.List;

/**
 * What stage 1 synthesises: which motions, how many frames of each, from which cameras, at which
 * resolution, in clips of which length. Validated on construction; bad values are {@link
 * InvalidInputException}s naming the field (they come from users, through the command line or the
 * API).
 *
 * @param motions built-in motion names ({@link BuiltInMotion}) or motion files ({@code .json},
 *     AMASS {@code .npz}), in the order their frames are made; at least one
 * @param framesPerMotion frames taken from each motion, evenly over its span (one loop of a
 *     built-in)
 * @param cameraPath fixed (the photo camera) or orbit (around the body's vertical axis)
 * @param orbitTurns for {@link CameraPath#ORBIT}: full turns of the camera over each motion;
 *     negative turns clockwise seen from above, against the {@code turn} motion's direction, so the
 *     two do not cancel
 * @param width frame width, pixels
 * @param height frame height, pixels; the photo camera is rescaled to keep its vertical framing
 * @param clipLength frames per clip, the unit of work that is checkpointed (MimicMotion's window is
 *     16 frames)
 */
public record SynthesisPlan(
    List<String> motions,
    int framesPerMotion,
    CameraPath cameraPath,
    double orbitTurns,
    int width,
    int height,
    int clipLength) {
  /** Frame ids have five digits and frame 00000 is the photo. */
  public static final int MAX_FRAMES = 99_999;

  /** Larger frames than this are a typo, not a request. */
  public static final int MAX_SIDE = 4096;

  /** Smallest frame side: a body in fewer pixels than this is not a training frame. */
  public static final int MIN_SIDE = 16;

  /** Clips longer than this hold too many frames in memory at once. */
  public static final int MAX_CLIP_LENGTH = 256;

  public SynthesisPlan {
    if (motions == null || motions.isEmpty()) {
      throw new InvalidInputException(Reason.MALFORMED, "the plan needs at least one motion");
    }
    for (String motion : motions) {
      if (motion == null || motion.isBlank()) {
        throw new InvalidInputException(Reason.MALFORMED, "a motion name is empty");
      }
    }
    motions = List.copyOf(motions);
    if (framesPerMotion < 1) {
      throw new InvalidInputException(
          Reason.TOO_SMALL, "frames per motion must be at least 1, got " + framesPerMotion);
    }
    if ((long) framesPerMotion * motions.size() > MAX_FRAMES) {
      throw new InvalidInputException(
          Reason.TOO_LARGE,
          motions.size()
              + " motions x "
              + framesPerMotion
              + " frames is more than "
              + MAX_FRAMES
              + " frames (five-digit frame ids)");
    }
    if (cameraPath == null) {
      throw new InvalidInputException(Reason.MALFORMED, "the camera path is missing");
    }
    if (!Double.isFinite(orbitTurns)) {
      throw new InvalidInputException(
          Reason.MALFORMED, "orbit turns must be a finite number, got " + orbitTurns);
    }
    for (int side : new int[] {width, height}) {
      if (side < MIN_SIDE) {
        throw new InvalidInputException(
            Reason.TOO_SMALL,
            "frame size must be at least "
                + MIN_SIDE
                + " pixels a side, got "
                + width
                + "x"
                + height);
      }
      if (side > MAX_SIDE) {
        throw new InvalidInputException(
            Reason.TOO_LARGE,
            "frame size must be at most "
                + MAX_SIDE
                + " pixels a side, got "
                + width
                + "x"
                + height);
      }
    }
    if (clipLength < 1 || clipLength > MAX_CLIP_LENGTH) {
      throw new InvalidInputException(
          Reason.MALFORMED, "clip length must be in 1.." + MAX_CLIP_LENGTH + ", got " + clipLength);
    }
  }

  /**
   * Every built-in motion, 32 frames each (160 frames), orbiting once clockwise per motion,
   * 512x512, clips of 16 frames (MimicMotion's window).
   */
  public static SynthesisPlan defaults() {
    return new SynthesisPlan(BuiltInMotion.names(), 32, CameraPath.ORBIT, -1, 512, 512, 16);
  }

  public SynthesisPlan withMotions(List<String> newMotions) {
    return new SynthesisPlan(
        newMotions, framesPerMotion, cameraPath, orbitTurns, width, height, clipLength);
  }

  public SynthesisPlan withFramesPerMotion(int frames) {
    return new SynthesisPlan(motions, frames, cameraPath, orbitTurns, width, height, clipLength);
  }

  public SynthesisPlan withCamera(CameraPath path, double turns) {
    return new SynthesisPlan(motions, framesPerMotion, path, turns, width, height, clipLength);
  }

  public SynthesisPlan withSize(int newWidth, int newHeight) {
    return new SynthesisPlan(
        motions, framesPerMotion, cameraPath, orbitTurns, newWidth, newHeight, clipLength);
  }

  public SynthesisPlan withClipLength(int frames) {
    return new SynthesisPlan(
        motions, framesPerMotion, cameraPath, orbitTurns, width, height, frames);
  }

  /** Frames the plan makes in all (the photo not counted). */
  public int frameCount() {
    return framesPerMotion * motions.size();
  }

  /** Clips the frames are split into; the last may be shorter. */
  public int clipCount() {
    return (frameCount() + clipLength - 1) / clipLength;
  }
}
