package dev.persona.core.body.makehuman;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code <repo>/../shared/bodymodels/makehuman-cc0} for tests that use the real assets. */
final class SharedAssets {
  private SharedAssets() {}

  /**
   * Walks up from {@code user.dir} to the first ancestor with a {@code shared/bodymodels} folder
   * and returns its MakeHuman folder; a path that does not exist when there is none.
   */
  static Path makeHuman() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared").resolve("bodymodels");
      if (Files.isDirectory(candidate)) {
        return candidate.resolve("makehuman-cc0");
      }
    }
    return dir.resolve("shared-not-found");
  }

  static boolean present() {
    return Files.isDirectory(makeHuman());
  }

  static final String SKIP =
      "shared/bodymodels/makehuman-cc0 is absent (../shared beside the repo)";
}
