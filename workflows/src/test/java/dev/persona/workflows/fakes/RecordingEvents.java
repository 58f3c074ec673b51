package dev.persona.workflows.fakes;

import dev.persona.workflows.events.JobEvent;
import dev.persona.workflows.events.JobEventActivities;
import dev.persona.workflows.events.JobEventType;
import java.util.ArrayList;
import java.util.List;

/** The event publisher of the tests: every event, in publication order. */
public final class RecordingEvents implements JobEventActivities {
  private final List<JobEvent> events = new ArrayList<>();

  @Override
  public synchronized void publishEvent(JobEvent event) {
    events.add(event);
  }

  public synchronized List<JobEvent> all() {
    return List.copyOf(events);
  }

  /** The events of one job or batch ({@code subject}: its workflow id), in order. */
  public synchronized List<JobEvent> of(String subject) {
    return events.stream().filter(e -> e.subject().equals(subject)).toList();
  }

  public synchronized List<JobEvent> ofType(JobEventType type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }
}
