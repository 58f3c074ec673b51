package dev.persona.smplx.perception;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code <repo>/../shared/photos} for tests that use the real photos. */
final class SharedPhotos {
  private SharedPhotos() {}

  static final String SKIP = "shared/photos is absent (../shared beside the repo): skipped";

  /**
   * Walks up from {@code user.dir} to the first ancestor with a {@code shared/photos} folder; a
   * path that does not exist when there is none.
   */
  static Path folder() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared").resolve("photos");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return dir.resolve("shared-not-found");
  }

  static boolean present() {
    return Files.isDirectory(folder());
  }
}
