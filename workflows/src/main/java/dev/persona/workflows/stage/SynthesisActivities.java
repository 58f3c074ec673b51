package dev.persona.workflows.stage;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The training video: input {@code fit}, output {@code video}. Runs on {@code Stage.SYNTHESIZE}'s
 * task queue.
 */
@ActivityInterface
public interface SynthesisActivities {
  @ActivityMethod
  StageOutput synthesize(StageInput input);
}
