package dev.persona.core.progress;

/**
 * Receives progress from a long computation. Compute modules call it; the workflow side adapts it
 * to activity heartbeats and events, the CLI to a progress bar. Implementations must be cheap and
 * thread-safe: it may be called from worker threads, often.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total, message) -> {};

  /**
   * @param done units of work finished so far
   * @param total units of work in all (0 when unknown)
   * @param message a short human-readable note on what is happening now
   */
  void progress(long done, long total, String message);
}
