package dev.persona.workflows.events;

/**
 * The kinds of event a job (or batch) emits, with their CloudEvents {@code type} attribute. One
 * JSON Schema per type lives in {@code docs/events/}.
 */
public enum JobEventType {
  JOB_ACCEPTED("dev.persona.job.accepted"),
  STAGE_STARTED("dev.persona.stage.started"),
  STAGE_PROGRESS("dev.persona.stage.progress"),
  CHECKPOINT_SAVED("dev.persona.stage.checkpoint-saved"),
  STAGE_RETRIED("dev.persona.stage.retried"),
  STAGE_COMPLETED("dev.persona.stage.completed"),
  JOB_COMPLETED("dev.persona.job.completed"),
  JOB_FAILED("dev.persona.job.failed"),
  JOB_CANCELLED("dev.persona.job.cancelled"),
  BATCH_PROGRESS("dev.persona.batch.progress");

  private final String cloudEventType;

  JobEventType(String cloudEventType) {
    this.cloudEventType = cloudEventType;
  }

  public String cloudEventType() {
    return cloudEventType;
  }

  /** The type whose CloudEvents name is {@code type}. */
  public static JobEventType fromCloudEventType(String type) {
    for (JobEventType t : values()) {
      if (t.cloudEventType.equals(type)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown event type " + type);
  }
}
