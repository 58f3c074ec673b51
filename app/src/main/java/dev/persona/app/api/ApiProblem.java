package dev.persona.app.api;

/**
 * A request the API refuses for a reason of its own (no such batch, a job not finished yet, no such
 * artifact), answered as problem details of that {@code kind} and {@code status}.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String kind;
  private final String title;

  public ApiProblem(int status, String kind, String title, String detail) {
    super(detail);
    this.status = status;
    this.kind = kind;
    this.title = title;
  }

  public int status() {
    return status;
  }

  /** The kebab-case name after {@link Problem#TYPE_BASE}. */
  public String kind() {
    return kind;
  }

  public String title() {
    return title;
  }
}
