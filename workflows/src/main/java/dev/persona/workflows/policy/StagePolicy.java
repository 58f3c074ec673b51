package dev.persona.workflows.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and retries of one stage's activity.
 *
 * @param startToClose the longest one attempt may run
 * @param heartbeat the longest an attempt may go without heartbeating before Temporal declares its
 *     worker dead and retries elsewhere (from its last checkpoint)
 * @param retryBudget schedule-to-close: the whole time the stage may take, every attempt and the
 *     waits between them and for a worker included; when it is spent the job fails with {@code
 *     StageTimedOut}
 * @param initialInterval the wait before the first retry
 * @param backoff each further wait is the previous one times this
 * @param maximumInterval the longest wait between attempts
 * @param maximumAttempts attempts in all, 0 for as many as the retry budget allows
 */
public record StagePolicy(
    Duration startToClose,
    Duration heartbeat,
    Duration retryBudget,
    Duration initialInterval,
    double backoff,
    Duration maximumInterval,
    int maximumAttempts) {
  public StagePolicy {
    positive("startToClose", startToClose);
    positive("heartbeat", heartbeat);
    positive("retryBudget", retryBudget);
    positive("initialInterval", initialInterval);
    positive("maximumInterval", maximumInterval);
    if (!(backoff >= 1.0)) {
      throw new IllegalArgumentException("backoff must be >= 1, got " + backoff);
    }
    if (maximumAttempts < 0) {
      throw new IllegalArgumentException("maximumAttempts must be >= 0, got " + maximumAttempts);
    }
    if (heartbeat.compareTo(startToClose) > 0) {
      throw new IllegalArgumentException(
          "heartbeat timeout " + heartbeat + " exceeds start-to-close " + startToClose);
    }
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be > 0, got " + d);
    }
  }

  public StagePolicy withHeartbeat(Duration heartbeat) {
    return new StagePolicy(
        startToClose,
        heartbeat,
        retryBudget,
        initialInterval,
        backoff,
        maximumInterval,
        maximumAttempts);
  }

  public StagePolicy withRetryBudget(Duration retryBudget) {
    return new StagePolicy(
        startToClose,
        heartbeat,
        retryBudget,
        initialInterval,
        backoff,
        maximumInterval,
        maximumAttempts);
  }

  public StagePolicy withStartToClose(Duration startToClose) {
    return new StagePolicy(
        startToClose,
        heartbeat,
        retryBudget,
        initialInterval,
        backoff,
        maximumInterval,
        maximumAttempts);
  }

  public StagePolicy withRetryIntervals(Duration initialInterval, Duration maximumInterval) {
    return new StagePolicy(
        startToClose,
        heartbeat,
        retryBudget,
        initialInterval,
        backoff,
        maximumInterval,
        maximumAttempts);
  }

  public StagePolicy withMaximumAttempts(int maximumAttempts) {
    return new StagePolicy(
        startToClose,
        heartbeat,
        retryBudget,
        initialInterval,
        backoff,
        maximumInterval,
        maximumAttempts);
  }
}
