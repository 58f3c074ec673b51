package dev.persona.workflows.job;

import java.util.List;

/**
 * What the onboarding workflow's status query answers: the job's state, the stage running now (null
 * once the job has ended), the stages done (run or taken from the stage cache), and, for a failed
 * job, the failure's type and message. A running stage's fine-grained progress lives in its
 * activity's heartbeat ({@code StageHeartbeat}), which the app reads alongside.
 */
public record JobStatus(
    JobKey key,
    JobState state,
    Stage stage,
    List<Stage> completedStages,
    List<Stage> cachedStages,
    String failureType,
    String failureMessage) {
  public JobStatus {
    completedStages = List.copyOf(completedStages);
    cachedStages = List.copyOf(cachedStages);
  }
}
