package dev.persona.workflows.stage;

import dev.persona.core.InvalidInputException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed failures stage activities raise, and which of them a retry cannot fix. A failure's type
 * is what the {@code job.failed} event and the API report, so it is part of the contract.
 */
public final class StageFailures {
  /**
   * Prefix of bad-input types: {@code InvalidInput.NO_PERSON}, {@code InvalidInput.TOO_LARGE}...
   */
  public static final String INVALID_INPUT = "InvalidInput";

  /** The stage's implementation is not part of this build (never a fake output instead). */
  public static final String STAGE_UNAVAILABLE = "StageUnavailable";

  /** An artifact's bytes do not match its reference (sha256 or size). */
  public static final String ARTIFACT_CORRUPT = "ArtifactCorrupt";

  private StageFailures() {}

  /** The non-retryable failure for bad input, typed by its reason. */
  public static ApplicationFailure invalidInput(InvalidInputException e) {
    return ApplicationFailure.newNonRetryableFailureWithCause(
        e.getMessage(), INVALID_INPUT + "." + e.reason().name(), null);
  }

  /** The non-retryable failure of a stage this build cannot run. */
  public static ApplicationFailure unavailable(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, STAGE_UNAVAILABLE);
  }

  /** Every type a retry policy must not retry. */
  public static List<String> nonRetryableTypes() {
    List<String> types = new ArrayList<>();
    for (InvalidInputException.Reason r : InvalidInputException.Reason.values()) {
      types.add(INVALID_INPUT + "." + r.name());
    }
    types.add(STAGE_UNAVAILABLE);
    return types;
  }
}
