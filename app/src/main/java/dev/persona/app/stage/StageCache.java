package dev.persona.app.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.app.artifact.ArtifactStore;
import dev.persona.workflows.job.Stage;
import dev.persona.workflows.stage.StageOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * Finished stages' outputs by {@link StageKey}, as small JSON objects in the artifact store ({@code
 * cache/STAGE/KEY.json}). An entry is written only after every output artifact it names is stored,
 * so a reader never finds an entry whose artifacts are missing.
 */
public final class StageCache {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArtifactStore store;

  public StageCache(ArtifactStore store) {
    this.store = store;
  }

  public Optional<StageOutput> find(Stage stage, String key) throws IOException {
    var ref = store.find(entryKey(stage, key));
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(store.read(ref.get()), StageOutput.class));
  }

  public void put(Stage stage, String key, StageOutput output) throws IOException {
    store.put(entryKey(stage, key), JSON.writeValueAsBytes(output));
  }

  static String entryKey(Stage stage, String key) {
    return "cache/" + stage.id() + "/" + key + ".json";
  }
}
