package dev.persona.app.worker;

import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventActivities;
import dev.persona.workflows.events.JobEventSink;

/** The workflows' event publication (a local activity), into the worker's event sink. */
public final class EventPublishingActivities implements JobEventActivities {
  private final JobEventSink sink;

  public EventPublishingActivities(JobEventSink sink) {
    this.sink = sink;
  }

  @Override
  public void publishEvent(JobEvent event) {
    sink.publish(event);
  }
}
