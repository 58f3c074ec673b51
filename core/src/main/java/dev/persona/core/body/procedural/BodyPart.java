package dev.persona.core.body.procedural;

/**
 * The regions of the procedural body, one label per vertex. The synthetic-dataset generator paints
 * clothing by region (shirt on {@link #TORSO} and the arms, trousers on {@link #HIPS} and the legs,
 * shoes on the feet, hair on the {@link #HEAD}); each region also owns one rectangle of the UV
 * atlas (see {@link UvChart}). Left is the body's own left, which is +x in the rest pose.
 *
 * <p>{@link #TORSO} runs from the waist (y = {@value #WAIST_HEIGHT} m above the pelvis joint) to
 * the base of the neck and includes the shoulder tops; {@link #HIPS} runs from the waist down to
 * the crotch and includes the buttocks.
 */
public enum BodyPart {
  HEAD,
  NECK,
  TORSO,
  HIPS,
  LEFT_UPPER_ARM,
  LEFT_FOREARM,
  LEFT_HAND,
  RIGHT_UPPER_ARM,
  RIGHT_FOREARM,
  RIGHT_HAND,
  LEFT_THIGH,
  LEFT_SHIN,
  LEFT_FOOT,
  RIGHT_THIGH,
  RIGHT_SHIN,
  RIGHT_FOOT;

  /** Height of the waist line that separates {@link #TORSO} from {@link #HIPS}, metres. */
  public static final double WAIST_HEIGHT = 0.06;

  private static final BodyPart[] VALUES = values();

  /** The part with this ordinal, as stored in {@link ProceduralBody#partLabels()}. */
  public static BodyPart ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** The same part on the other side of the body ({@code this} for central parts). */
  public BodyPart mirrored() {
    return switch (this) {
      case LEFT_UPPER_ARM -> RIGHT_UPPER_ARM;
      case LEFT_FOREARM -> RIGHT_FOREARM;
      case LEFT_HAND -> RIGHT_HAND;
      case RIGHT_UPPER_ARM -> LEFT_UPPER_ARM;
      case RIGHT_FOREARM -> LEFT_FOREARM;
      case RIGHT_HAND -> LEFT_HAND;
      case LEFT_THIGH -> RIGHT_THIGH;
      case LEFT_SHIN -> RIGHT_SHIN;
      case LEFT_FOOT -> RIGHT_FOOT;
      case RIGHT_THIGH -> LEFT_THIGH;
      case RIGHT_SHIN -> LEFT_SHIN;
      case RIGHT_FOOT -> LEFT_FOOT;
      default -> this;
    };
  }
}
