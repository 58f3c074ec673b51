package dev.persona.workflows.stage;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The avatar's optimisation: input {@code video}, output {@code avatar}; heartbeats carry its
 * checkpoint. Runs on {@code Stage.TRAIN}'s task queue.
 */
@ActivityInterface
public interface TrainingActivities {
  @ActivityMethod
  StageOutput train(StageInput input);
}
