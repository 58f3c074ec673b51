package dev.persona.app.stage;

import dev.persona.core.progress.CheckpointStore;
import dev.persona.workflows.stage.StageInput;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a stage works: its request, a private scratch folder (removed afterwards), its input
 * artifacts fetched and unpacked (folders for zipped artifacts, files otherwise), its checkpoint
 * store and its progress.
 */
record StageWorkspace(
    StageInput input,
    Path folder,
    Map<String, Path> inputs,
    CheckpointStore checkpoints,
    StageProgress progress) {
  StageWorkspace {
    inputs = Map.copyOf(inputs);
  }

  Path input(String name) {
    Path p = inputs.get(name);
    if (p == null) {
      throw new IllegalStateException(input.stage().id() + " needs input '" + name + "'");
    }
    return p;
  }

  /** A fresh folder for output {@code name} inside the scratch folder. */
  Path output(String name) {
    return folder.resolve("out").resolve(name);
  }
}
