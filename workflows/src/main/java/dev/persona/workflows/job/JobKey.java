package dev.persona.workflows.job;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job as its caller names it: a tenant and the caller's job id. The workflow id is derived from
 * both, so submitting the same job twice finds the first run instead of starting a second, and two
 * tenants may use the same job id.
 */
public record JobKey(String tenant, String jobId) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  public JobKey {
    check("tenant", tenant);
    check("jobId", jobId);
  }

  private static void check(String what, String value) {
    Objects.requireNonNull(value, what);
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " must be letters, digits, '_', '.', '-' (at most 128), got \"" + value + "\"");
    }
  }

  /** The Temporal workflow id of this job's onboarding. */
  public String workflowId() {
    return "avatar/" + tenant + "/" + jobId;
  }

  /** The inverse of {@link #workflowId()}. */
  public static JobKey fromWorkflowId(String workflowId) {
    String[] parts = workflowId.split("/", -1);
    if (parts.length != 3 || !parts[0].equals("avatar")) {
      throw new IllegalArgumentException("not an avatar workflow id: " + workflowId);
    }
    return new JobKey(parts[1], parts[2]);
  }
}
