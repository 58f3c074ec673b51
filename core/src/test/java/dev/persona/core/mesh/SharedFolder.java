package dev.persona.core.mesh;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's {@code shared/} data folder beside the repository, for tests that use it. */
final class SharedFolder {
  private SharedFolder() {}

  /**
   * Walks up from {@code user.dir} to the first ancestor that has a {@code shared/} folder and
   * returns that folder; returns a path that does not exist when there is none, so callers skip.
   */
  static Path find() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared");
      if (Files.isDirectory(candidate.resolve("bodymodels"))) {
        return candidate;
      }
    }
    return dir.resolve("shared-not-found");
  }
}
