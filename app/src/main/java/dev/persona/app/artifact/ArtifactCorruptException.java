package dev.persona.app.artifact;

import java.io.IOException;

/**
 * An object whose bytes do not match the sha256 and size its {@link
 * dev.persona.workflows.artifact.ArtifactRef} names: changed, truncated or swapped since it was
 * stored. Nothing is written to the reader's target when this is thrown.
 */
public final class ArtifactCorruptException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String expectedSha256;
  private final String actualSha256;

  public ArtifactCorruptException(
      String key, String expectedSha256, long expectedSize, String actualSha256, long actualSize) {
    super(
        "artifact "
            + key
            + " is corrupt: expected sha256 "
            + expectedSha256
            + " ("
            + expectedSize
            + " bytes), found "
            + actualSha256
            + " ("
            + actualSize
            + " bytes)");
    this.key = key;
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }

  public String key() {
    return key;
  }

  public String expectedSha256() {
    return expectedSha256;
  }

  public String actualSha256() {
    return actualSha256;
  }
}
