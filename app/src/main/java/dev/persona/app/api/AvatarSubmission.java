package dev.persona.app.api;

/**
 * {@code POST /v1/avatars} as JSON: a photo already in the artifact store ({@code sha256:HEX}, its
 * store key {@code uploads/...} or its URI), an optional job id and options.
 */
public record AvatarSubmission(String jobId, String photo, JobOptionsBody options) {}
