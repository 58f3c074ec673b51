package dev.persona.app.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Retries a worker's start while Temporal is not answering yet, or answers too slowly: a worker
 * started beside a frontend that is still booting, or on a machine busy enough that the first call
 * misses its deadline, waits for it rather than exiting. Only UNAVAILABLE and DEADLINE_EXCEEDED are
 * retried; anything else (a wrong namespace, a refused credential) is a configuration error and
 * fails at once.
 */
public final class StartupRetry {
  /** One attempt at connecting and starting. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws Exception;
  }

  private static final long FIRST_WAIT_MILLIS = 1_000;
  private static final long LONGEST_WAIT_MILLIS = 15_000;

  private StartupRetry() {}

  /**
   * Runs {@code attempt} until it succeeds, waiting 1 s, 2 s, 4 s ... (at most 15 s) between tries
   * for as long as {@code patience} allows; each retry is announced on {@code log}.
   *
   * @throws Exception the last attempt's failure, once it is not transient or patience is spent
   */
  public static <T> T run(Attempt<T> attempt, Duration patience, PrintStream log) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    long wait = FIRST_WAIT_MILLIS;
    while (true) {
      try {
        return attempt.run();
      } catch (Exception e) {
        Status.Code code = transientCode(e);
        if (code == null || System.nanoTime() + wait * 1_000_000 > deadline) {
          throw e;
        }
        log.printf(
            Locale.ROOT,
            "persona: Temporal did not answer (%s); trying again in %d s%n",
            code,
            wait / 1000);
        Thread.sleep(wait);
        wait = Math.min(2 * wait, LONGEST_WAIT_MILLIS);
      }
    }
  }

  /** The gRPC code in {@code e}'s cause chain when it is a transient one, else null. */
  static Status.Code transientCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        Status.Code code = s.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
            ? code
            : null;
      }
    }
    return null;
  }
}
