package dev.persona.smplx.models;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where downloaded models live. The root folder is, first found: the system property {@value
 * #PROPERTY}, the environment variable {@value #ENV}, {@code $XDG_CACHE_HOME/persona/models}, or
 * {@code ~/.cache/persona/models}. Each model package gets a sub-folder named after its version.
 */
public final class ModelCache {
  /** System property naming the models root folder. */
  public static final String PROPERTY = "persona.model.cache";

  /** Environment variable naming the models root folder. */
  public static final String ENV = "PERSONA_MODEL_CACHE";

  private ModelCache() {}

  /** The models root folder for this process (see the class doc). */
  public static Path root() {
    return root(System.getProperties().getProperty(PROPERTY), System.getenv());
  }

  /** {@link #root()} from explicit inputs, for tests. */
  static Path root(String property, Map<String, String> env) {
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath();
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath();
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "persona", "models").toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".cache", "persona", "models");
  }
}
