package dev.persona.app.jobs;

import dev.persona.core.io.Sha256;
import dev.persona.workflows.job.JobOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** Job ids chosen for a caller that named none (the CLI's {@code onboard}, the REST API). */
public final class JobIds {
  private JobIds() {}

  /**
   * The photo's file stem and a digest of its content and the options, so that the same request is
   * the same job (a resubmission finds the first run).
   *
   * @param fileName the name the caller knows the photo by (its stem starts the id)
   */
  public static String fromPhoto(Path photo, String fileName, JobOptions options)
      throws IOException {
    return of(fileName, Sha256.of(photo), options);
  }

  /** {@link #fromPhoto} for a photo known by its name and sha256 (already stored). */
  public static String of(String fileName, String photoSha256, JobOptions options) {
    String stem = fileName.replaceFirst("\\.[^.]*$", "");
    stem = stem.replaceAll("[^A-Za-z0-9_.-]", "-").toLowerCase(Locale.ROOT);
    if (stem.isEmpty() || !Character.isLetterOrDigit(stem.charAt(0))) {
      stem = "photo" + stem;
    }
    if (stem.length() > 60) {
      stem = stem.substring(0, 60);
    }
    String digest =
        Sha256.of((photoSha256 + options).getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    return stem + "-" + digest;
  }
}
