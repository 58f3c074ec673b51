package dev.persona.app.api;

import dev.persona.core.InvalidInputException;
import dev.persona.workflows.job.JobKey;

/**
 * Which tenant a request acts for: its {@value #HEADER} header, else the configured default. A
 * job's {@code {id}} in a path is the caller's job id within that tenant.
 */
final class Tenancy {
  static final String HEADER = "Persona-Tenant";

  private Tenancy() {}

  static String tenant(String header, String defaultTenant) {
    return header == null || header.isBlank() ? defaultTenant : header.strip();
  }

  /**
   * The job's key.
   *
   * @throws InvalidInputException MALFORMED when the tenant or job id is not a valid name
   */
  static JobKey key(String tenant, String jobId) {
    try {
      return new JobKey(tenant, jobId);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidInputException(
          InvalidInputException.Reason.MALFORMED,
          e.getMessage() == null ? "job id missing" : e.getMessage(),
          e);
    }
  }
}
