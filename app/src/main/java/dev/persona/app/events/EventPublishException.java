package dev.persona.app.events;

/**
 * Kafka did not take an event (unreachable, timed out, refused). Unchecked because {@link
 * dev.persona.workflows.events.JobEventSink#publish} declares nothing; an activity that meets it
 * fails and is retried, and the retried publish has the same event id.
 */
public final class EventPublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EventPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
