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
    lastPrint = now;
    printed = true;
    String line =
        total > 0
            ? String.format("%s: %d/%d (%d%%) %s", label, done, total, 100 * done / total, message)
            : String.format("%s: %d %s", label, done, message);
    if (terminal) {
      err.print("\r\033[2K" + line);
    } else {
      err.println(line);
    }
  }

  void finish() {
    if (terminal && printed) {
      err.println();
    }
  }
}
