package dev.persona.app.artifact;

import dev.persona.workflows.artifact.ArtifactRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where photos, stage outputs, checkpoints and stage-cache entries live between activities: a local
 * folder by default, S3-compatible object storage in production. Objects are addressed by a key (a
 * relative path such as {@code jobs/acme/job-1/fit.zip}) and returned as {@link ArtifactRef}s; a
 * {@code put} replaces the key's object atomically, and every read checks the sha256 and size the
 * reference names, so a corrupt or swapped object is an error, not silently wrong input.
 */
public interface ArtifactStore {
  /** Stores {@code file}'s bytes under {@code key}. */
  ArtifactRef put(String key, Path file) throws IOException;

  /** Stores {@code bytes} under {@code key}. */
  ArtifactRef put(String key, byte[] bytes) throws IOException;

  /** The object under {@code key}, if any (its sha256 computed or read from metadata). */
  Optional<ArtifactRef> find(String key) throws IOException;

  /** Copies the referenced object to {@code target} (atomically), verifying sha256 and size. */
  void get(ArtifactRef ref, Path target) throws IOException;

  /** The referenced object's bytes, verified; for small objects (JSON, checkpoints). */
  byte[] read(ArtifactRef ref) throws IOException;
}
