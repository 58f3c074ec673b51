package dev.persona.core.progress;

import dev.persona.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checkpoints as files {@code NAME.ckpt} in a local folder: what the command line uses for {@code
 * --resume}, and what a worker uses as its scratch copy before the workflow uploads a checkpoint to
 * the artifact store. Saves are atomic ({@link AtomicFiles}): a process killed mid-save leaves the
 * previous checkpoint intact.
 */
public final class FolderCheckpointStore implements CheckpointStore {
  /** File name suffix of a checkpoint. */
  public static final String SUFFIX = ".ckpt";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  private final Path folder;

  /** A store in {@code folder}, created on the first save. */
  public FolderCheckpointStore(Path folder) {
    this.folder = folder;
  }

  public Path folder() {
    return folder;
  }

  /** The file that holds checkpoint {@code name}. */
  public Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "checkpoint names are letters, digits, '_', '.', '-' (at most 100), got \""
              + name
              + "\"");
    }
    return folder.resolve(name + SUFFIX);
  }

  @Override
  public void save(String name, byte[] state) throws IOException {
    Path target = file(name);
    Files.createDirectories(folder);
    AtomicFiles.write(target, out -> out.write(state));
  }

  @Override
  public Optional<byte[]> load(String name) throws IOException {
    Path f = file(name);
    return Files.isRegularFile(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
  }

  /** Removes checkpoint {@code name}, if present (a finished run has no use for it). */
  public void delete(String name) throws IOException {
    Files.deleteIfExists(file(name));
  }
}
