package dev.persona.workflows.job;

import dev.persona.workflows.stage.StageFailures;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Locale;

/**
 * Why a stage or a job failed, as the {@code job.failed} event, the status query and a batch's
 * summary report it: a type (an activity's {@code ApplicationFailure} type such as {@code
 * InvalidInput.NO_PERSON}, or {@link StageFailures#STAGE_TIMED_OUT}) and a message.
 */
public record FailureReason(String type, String message) {
  /** Longest message kept: reasons travel in events, queries and batch summaries. */
  public static final int MAX_MESSAGE_LENGTH = 500;

  public FailureReason {
    message = message == null ? "" : message;
    if (message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
  }

  /**
   * The reason of a failure that reached workflow code ({@code ActivityFailure}, {@code
   * ChildWorkflowFailure}). Walking the cause chain from the outside in, the first timeout or
   * application failure decides: a timeout becomes {@link StageFailures#STAGE_TIMED_OUT} with
   * {@code where} (for example "stage train") and the last attempt's failure in the message; an
   * application failure keeps its type and message (the outermost one is what the activity threw;
   * deeper ones are its causes).
   */
  public static FailureReason of(String where, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutFailure timeout) {
        return new FailureReason(StageFailures.STAGE_TIMED_OUT, timedOut(where, timeout));
      }
      if (t instanceof ApplicationFailure app) {
        return new FailureReason(app.getType(), app.getOriginalMessage());
      }
      if (t instanceof TerminatedFailure) {
        return new FailureReason(StageFailures.TERMINATED, where + " was terminated");
      }
    }
    return new FailureReason(failure.getClass().getSimpleName(), failure.getMessage());
  }

  private static String timedOut(String where, TimeoutFailure timeout) {
    StringBuilder m = new StringBuilder(where).append(" timed out: ");
    m.append(describe(timeout.getTimeoutType()));
    Throwable last = timeout.getCause();
    if (last instanceof TimeoutFailure lastTimeout) {
      m.append("; last attempt: ").append(describe(lastTimeout.getTimeoutType()));
    } else if (last instanceof ApplicationFailure app) {
      m.append("; last attempt failed: ")
          .append(app.getType())
          .append(": ")
          .append(app.getOriginalMessage());
    }
    return m.toString();
  }

  private static String describe(TimeoutType type) {
    return switch (type) {
      case TIMEOUT_TYPE_SCHEDULE_TO_CLOSE ->
          "retry budget (schedule-to-close) spent, no attempt succeeded in time";
      case TIMEOUT_TYPE_START_TO_CLOSE -> "an attempt ran past its start-to-close timeout";
      case TIMEOUT_TYPE_HEARTBEAT -> "the worker stopped heartbeating (lost or hung)";
      case TIMEOUT_TYPE_SCHEDULE_TO_START -> "no worker of its task queue took it in time";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }
}
