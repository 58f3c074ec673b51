package dev.persona.app.stage;

import dev.persona.app.artifact.ArtifactStore;
import dev.persona.core.progress.CheckpointStore;
import dev.persona.workflows.artifact.ArtifactRef;
import java.io.IOException;
import java.util.Optional;

/**
 * A stage's checkpoints in the artifact store, under its {@link StageKey} ({@code
 * checkpoints/STAGE/KEY/NAME.ckpt}): they outlive the worker that wrote them, and any later attempt
 * or re-run of the same stage with the same inputs finds them. Each save is heartbeated and
 * announced through {@link StageProgress}.
 */
final class ArtifactCheckpointStore implements CheckpointStore {
  private final ArtifactStore store;
  private final String prefix;
  private final StageProgress progress;

  ArtifactCheckpointStore(ArtifactStore store, String prefix, StageProgress progress) {
    this.store = store;
    this.prefix = prefix;
    this.progress = progress;
  }

  static String prefix(String stageId, String stageKey) {
    return "checkpoints/" + stageId + "/" + stageKey;
  }

  @Override
  public void save(String name, byte[] state) throws IOException {
    ArtifactRef ref = store.put(key(name), state);
    progress.checkpointSaved(ref);
  }

  @Override
  public Optional<byte[]> load(String name) throws IOException {
    Optional<ArtifactRef> ref = store.find(key(name));
    return ref.isPresent() ? Optional.of(store.read(ref.get())) : Optional.empty();
  }

  private String key(String name) {
    return prefix + "/" + name + ".ckpt";
  }
}
