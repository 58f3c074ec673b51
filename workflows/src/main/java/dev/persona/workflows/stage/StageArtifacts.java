package dev.persona.workflows.stage;

/**
 * Names of the artifacts that flow between stages. Folders travel as one zip archive each (entries
 * sorted, timestamps fixed, so the same folder always has the same sha256).
 */
public final class StageArtifacts {
  /** The user's photo, as uploaded (input of {@code FIT}). */
  public static final String PHOTO = "photo";

  /** The fit dataset folder (docs/fitting.md), zipped: output of {@code FIT}. */
  public static final String FIT = "fit";

  /**
   * The training-video dataset folder (docs/synthesis.md), zipped: output of {@code SYNTHESIZE}.
   */
  public static final String VIDEO = "video";

  /** The avatar bundle folder (docs/formats/avatar-bundle.md), zipped: output of {@code TRAIN}. */
  public static final String AVATAR = "avatar";

  /** The published result folder (bundle, renders, report), zipped: output of {@code PUBLISH}. */
  public static final String RESULT = "result";

  private StageArtifacts() {}
}
