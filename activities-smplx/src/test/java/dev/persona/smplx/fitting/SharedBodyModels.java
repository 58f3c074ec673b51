package dev.persona.smplx.fitting;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code <repo>/../shared/bodymodels/makehuman-cc0} for tests that import it. */
final class SharedBodyModels {
  private SharedBodyModels() {}

  /** The MakeHuman assets folder; a path that does not exist when there is none. */
  static Path makeHuman() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared").resolve("bodymodels").resolve("makehuman-cc0");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return dir.resolve("shared-not-found");
  }
}
