package dev.persona.smplx.models;

import java.io.IOException;

/**
 * A model file could not be had: the download failed (offline, registry unreachable, HTTP error),
 * the downloaded or dropped-in bytes failed their integrity check, or the package no longer holds
 * the expected file. The message says what to do: which URL to fetch by hand and which folder to
 * put it in. Unlike {@link dev.persona.core.InvalidInputException} this is about the environment,
 * not the user's input, so a retry later may succeed.
 */
public final class ModelUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the model is missing, as a stable machine-readable kind. */
  public enum Kind {
    /** The network request failed or returned an HTTP error. */
    DOWNLOAD_FAILED,
    /** Bytes were fetched or found but their hash is not the pinned one. */
    INTEGRITY_MISMATCH,
    /** The package was read but did not contain what was expected. */
    CONTENT_MISSING,
    /** The cache folder could not be written. */
    CACHE_UNWRITABLE
  }

  private final Kind kind;

  public ModelUnavailableException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public ModelUnavailableException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
