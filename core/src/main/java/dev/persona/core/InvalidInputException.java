package dev.persona.core;

/**
 * Input the system cannot work with: a wrong file format, a corrupt or truncated file, an image too
 * large or too small, no person found, a malformed body model. Retrying will not help, so the
 * workflow layer maps this to a non-retryable failure; the CLI prints {@link #getMessage()} without
 * a stack trace.
 */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What is wrong, as a stable machine-readable reason (it becomes the failure's type). */
  public enum Reason {
    WRONG_FORMAT,
    CORRUPT,
    TOO_LARGE,
    TOO_SMALL,
    NOT_FOUND,
    NO_PERSON,
    PERSON_CUT_OFF,
    MALFORMED,
    UNSUPPORTED
  }

  private final Reason reason;

  public InvalidInputException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public InvalidInputException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
