package dev.persona.workflows.events;

/**
 * Where events go: Kafka in the app, a list in tests. Publishing may block until the broker has the
 * record (the app's sink waits for the acknowledgement, so an activity that returns has its events
 * stored).
 */
public interface JobEventSink {
  void publish(JobEvent event);
}
