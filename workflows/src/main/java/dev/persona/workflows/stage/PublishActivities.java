package dev.persona.workflows.stage;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Evaluation and publishing: inputs {@code fit}, {@code video} and {@code avatar}, output {@code
 * result} and the metrics. Runs on {@code Stage.PUBLISH}'s task queue.
 */
@ActivityInterface
public interface PublishActivities {
  @ActivityMethod
  StageOutput publish(StageInput input);
}
