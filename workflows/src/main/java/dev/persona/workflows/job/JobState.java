package dev.persona.workflows.job;

/** Where a job is in its life. */
public enum JobState {
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED
}
