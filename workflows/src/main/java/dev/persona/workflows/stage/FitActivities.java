package dev.persona.workflows.stage;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Perception and the SMPL-X fit of the photo: input {@code photo}, output {@code fit}. Runs on
 * {@code Stage.FIT}'s task queue.
 */
@ActivityInterface
public interface FitActivities {
  @ActivityMethod
  StageOutput fit(StageInput input);
}
