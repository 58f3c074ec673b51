package dev.persona.app.jobs;

import dev.persona.workflows.job.JobKey;

/**
 * No such job: neither the Temporal server nor the artifact store knows it (a job whose workflow
 * the server has forgotten, but whose request is stored, can still be resumed).
 */
public final class JobNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobNotFoundException(JobKey key, String detail) {
    super("no job " + key.tenant() + "/" + key.jobId() + ": " + detail);
  }
}
