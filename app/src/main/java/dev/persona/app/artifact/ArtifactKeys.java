package dev.persona.app.artifact;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;

/**
 * The rule every store applies to keys: a relative, '/'-separated path whose segments are not
 * empty, {@code .} or {@code ..}, so a key can never name an object outside the store's root or
 * prefix (a job id that smuggles {@code ../} into a key is refused, not followed).
 */
final class ArtifactKeys {
  private ArtifactKeys() {}

  /** {@code key}, checked; throws {@link InvalidInputException} (MALFORMED) naming the problem. */
  static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw malformed(key, "it is empty");
    }
    if (key.startsWith("/")) {
      throw malformed(key, "it is absolute");
    }
    if (key.indexOf('\\') >= 0 || key.indexOf('\0') >= 0 || key.indexOf(':') >= 0) {
      throw malformed(key, "it holds '\\', ':' or NUL");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw malformed(key, "it has an empty, '.' or '..' segment");
      }
    }
    return key;
  }

  private static InvalidInputException malformed(String key, String why) {
    return new InvalidInputException(
        Reason.MALFORMED, "artifact key \"" + key + "\" is not allowed: " + why);
  }
}
