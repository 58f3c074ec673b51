package dev.persona.core.dataset.synth;

/**
 * Kinds of plausible whole-body poses in {@link PoseLibrary}. A pose within a family is chosen by a
 * phase in [0, 1) (e.g. the point in a walk cycle, how high an arm is raised).
 */
public enum PoseFamily {
  /** Arms about 45 degrees down from horizontal, legs slightly apart: the input photo's pose. */
  A_POSE,
  /** Relaxed standing, arms hanging with elbows a little bent, weight shifting between legs. */
  ARMS_DOWN,
  /** SMPL-X's rest pose, arms horizontal, with small variations. */
  T_POSE,
  /** A walk cycle: legs and opposite arms swinging, knees bending on the swing leg. */
  WALK,
  /** One arm raised to the side up to overhead, or both arms raised forward. */
  ARM_RAISE,
  /** Knees and hips bent, torso leaning forward, arms forward for balance. */
  SQUAT,
  /** One arm reaching forward and up with the torso turning after it. */
  REACH
}
