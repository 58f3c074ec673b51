package dev.persona.core.dataset.synth;

import dev.persona.core.body.procedural.BodyPart;
import dev.persona.core.body.procedural.ProceduralBody;

/** The limbs of the built-in procedural body, from its own part labels. */
public final class ProceduralLimbs {
  private ProceduralLimbs() {}

  /** The limb of every vertex {@code [V]} of {@code body}. */
  public static Limb[] of(ProceduralBody body) {
    int[] labels = body.partLabels();
    Limb[] limbs = new Limb[labels.length];
    for (int i = 0; i < labels.length; i++) {
      limbs[i] = limb(BodyPart.ofOrdinal(labels[i]));
    }
    return limbs;
  }

  /** The neck goes with the head (skin below the hairline), the hips with the torso. */
  static Limb limb(BodyPart part) {
    return switch (part) {
      case HEAD, NECK -> Limb.HEAD;
      case TORSO, HIPS -> Limb.TORSO;
      case LEFT_UPPER_ARM, LEFT_FOREARM -> Limb.LEFT_ARM;
      case RIGHT_UPPER_ARM, RIGHT_FOREARM -> Limb.RIGHT_ARM;
      case LEFT_HAND -> Limb.LEFT_HAND;
      case RIGHT_HAND -> Limb.RIGHT_HAND;
      case LEFT_THIGH, LEFT_SHIN -> Limb.LEFT_LEG;
      case RIGHT_THIGH, RIGHT_SHIN -> Limb.RIGHT_LEG;
      case LEFT_FOOT -> Limb.LEFT_FOOT;
      case RIGHT_FOOT -> Limb.RIGHT_FOOT;
    };
  }
}
