package dev.persona.workflows.batch;

/** A job of a batch that did not complete: its id, the failure's type and message. */
public record BatchFailure(String jobId, String failureType, String message) {}
