package dev.persona.app;

import dev.persona.core.progress.ProgressListener;
import java.io.PrintStream;

/**
 * A one-line progress display on stderr: redrawn in place on a terminal, a new line at most every
 * few seconds otherwise (logs stay readable).
 */
final class ConsoleProgress implements ProgressListener {
  private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

  private final String label;
  private final PrintStream err = System.err;
  private final boolean terminal = System.console() != null;
  private long lastPrint;
  private boolean printed;
  private long firstNanos;
  private long firstDone = -1;

  ConsoleProgress(String label) {
    this.label = label;
  }

  @Override
  public synchronized void progress(long done, long total, String message) {
    long now = System.nanoTime();
    boolean last = total > 0 && done >= total;
    if (!terminal && !last && printed && now - lastPrint < LOG_INTERVAL_NANOS) {
      return;
    }
    if (firstDone < 0) {
      firstDone = done;
      firstNanos = now;
    }
    lastPrint = now;
    printed = true;
    String line =
        total > 0
            ? String.format(
                "%s: %d/%d (%d%%) %s%s",
                label, done, total, 100 * done / total, message, timeLeft(done, total, now))
            : String.format("%s: %d %s", label, done, message);
    if (terminal) {
      err.print("\r\033[2K" + line);
    } else {
      err.println(line);
    }
  }

  /**
   * ", about 3 min 20 s left" from the rate since the first report (which may follow a resume, so
   * the rate is this process's own); empty until there is a rate.
   */
  private String timeLeft(long done, long total, long now) {
    long progressed = done - firstDone;
    if (progressed <= 0 || done >= total) {
      return "";
    }
    double seconds = (now - firstNanos) * 1e-9 / progressed * (total - done);
    long s = Math.round(seconds);
    return s >= 60
        ? String.format(", about %d min %02d s left", s / 60, s % 60)
        : ", about " + s + " s left";
  }

  void finish() {
    if (terminal && printed) {
      err.println();
    }
  }
}
