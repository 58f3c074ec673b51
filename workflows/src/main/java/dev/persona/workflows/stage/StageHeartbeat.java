package dev.persona.workflows.stage;

import dev.persona.workflows.artifact.ArtifactRef;

/**
 * The details a long stage activity heartbeats every few seconds: its progress, and its latest
 * checkpoint (null before the first). A retried attempt reads the last heartbeat's checkpoint and
 * continues from it; the app's status reader shows the progress.
 */
public record StageHeartbeat(long done, long total, String message, ArtifactRef checkpoint) {}
