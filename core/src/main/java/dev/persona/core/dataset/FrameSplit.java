package dev.persona.core.dataset;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.util.Locale;

/**
 * What a frame of a dataset is for. Training reads {@link #PHOTO} and {@link #TRAIN} frames;
 * evaluation reads only {@link #TEST} frames, which must never be used for training.
 */
public enum FrameSplit {
  /** The one input photograph the avatar is made from. */
  PHOTO,
  /** A frame the avatar is optimised on (stage 1's synthesized video, or a synthetic subject's). */
  TRAIN,
  /** A held-out frame, in novel poses and views, for evaluation only. */
  TEST;

  /** The name in {@code dataset.json}: {@code photo}, {@code train} or {@code test}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether training may read this frame. */
  public boolean usedForTraining() {
    return this != TEST;
  }

  /**
   * The split named {@code name} in {@code dataset.json}.
   *
   * @throws InvalidInputException MALFORMED naming {@code source} for any other name
   */
  public static FrameSplit fromJsonName(String name, String source) {
    for (FrameSplit split : values()) {
      if (split.jsonName().equals(name)) {
        return split;
      }
    }
    throw new InvalidInputException(
        Reason.MALFORMED,
        source + ": split must be \"photo\", \"train\" or \"test\", got \"" + name + "\"");
  }
}
