package dev.persona.app.stack;

/** A part of the embedded stack did not start; the message says which and where its log is. */
public final class StackStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StackStartException(String message) {
    super(message);
  }

  public StackStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
