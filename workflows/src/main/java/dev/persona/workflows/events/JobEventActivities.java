package dev.persona.workflows.events;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * How workflow code publishes its events: workflows must not touch the outside world, so they call
 * this as a local activity. A replayed or retried call publishes an event with the same id again,
 * which consumers drop.
 */
@ActivityInterface
public interface JobEventActivities {
  @ActivityMethod
  void publishEvent(JobEvent event);
}
