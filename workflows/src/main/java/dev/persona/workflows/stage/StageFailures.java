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

  /**
   * A stage ran out of time: its retry budget (schedule-to-close) was spent, typically because no
   * worker of its task queue took it or every attempt failed or stopped heartbeating. The message
   * names the stage, the timeout and the last attempt's failure.
   */
  public static final String STAGE_TIMED_OUT = "StageTimedOut";

  /** A stage returned without an artifact the next stage needs: a bug in that stage. */
  public static final String STAGE_OUTPUT_MISSING = "StageOutputMissing";

  /** A job was cancelled; batches record it with this type. */
  public static final String CANCELLED = "Cancelled";

  /**
   * A batch item's job already has a run that a new one may not follow (running, or completed: a
   * finished job is never run twice).
   */
  public static final String ALREADY_STARTED = "AlreadyStarted";

  /** A job was terminated (not cancelled) by an operator; batches record it with this type. */
  public static final String TERMINATED = "Terminated";

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
