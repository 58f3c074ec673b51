package dev.persona.core.progress;

import java.io.IOException;
import java.util.Optional;

/**
 * Saves and loads the state a long computation needs to resume after its process dies. Compute
 * modules name their checkpoints (for example {@code "train"} or {@code "clip-0003"}); the workflow
 * side stores them as artifacts and reports their references in heartbeats. A save replaces the
 * previous checkpoint of the same name atomically: a reader sees the old bytes or the new, never a
 * mix.
 */
public interface CheckpointStore {
  /** A store that keeps nothing: computations run start to finish and never resume. */
  CheckpointStore NONE =
      new CheckpointStore() {
        @Override
        public void save(String name, byte[] state) {}

        @Override
        public Optional<byte[]> load(String name) {
          return Optional.empty();
        }
      };

  void save(String name, byte[] state) throws IOException;

  Optional<byte[]> load(String name) throws IOException;
}
