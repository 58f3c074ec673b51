package dev.persona.workflows.artifact;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an artifact lives and what it is: the only way a workflow refers to photos, datasets,
 * checkpoints and avatars (Temporal payloads are capped at 2 MB, so pixels never travel through the
 * workflow). {@code uri} is {@code file:} for the local store and {@code s3:} in production; {@code
 * sha256} (64 lower-case hex digits) and {@code size} (bytes) let a reader verify what it fetched.
 */
public record ArtifactRef(String uri, String sha256, long size) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ArtifactRef {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(sha256, "sha256");
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got " + sha256);
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
  }
}
