package dev.persona.app.stage;

import dev.persona.core.io.Sha256;
import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.job.Stage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stage cache's key: a sha256 over the stage, the code version, the stage's configuration (the
 * job options it reads and the worker settings that change its output, as a canonical string) and
 * the sha256 of every input artifact by name. Two runs with the same key compute the same output,
 * so the second takes the first's; and a long stage's checkpoints are stored under the key, so a
 * re-run continues the first's work even when the Temporal server has forgotten it.
 */
public final class StageKey {
  private StageKey() {}

  public static String of(
      Stage stage, String codeVersion, String configuration, Map<String, ArtifactRef> inputs) {
    MessageDigest digest = Sha256.newDigest();
    field(digest, "stage", stage.id());
    field(digest, "code", codeVersion);
    field(digest, "configuration", configuration);
    for (Map.Entry<String, ArtifactRef> input : new TreeMap<>(inputs).entrySet()) {
      field(digest, "input:" + input.getKey(), input.getValue().sha256());
    }
    return Sha256.hex(digest);
  }

  /** Length-prefixed, so no two different field lists hash the same bytes. */
  private static void field(MessageDigest digest, String name, String value) {
    for (String s : new String[] {name, value}) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      digest.update(
          new byte[] {
            (byte) (bytes.length >>> 24),
            (byte) (bytes.length >>> 16),
            (byte) (bytes.length >>> 8),
            (byte) bytes.length
          });
      digest.update(bytes);
    }
  }
}
