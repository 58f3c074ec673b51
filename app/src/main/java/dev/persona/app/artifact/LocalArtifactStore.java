package dev.persona.app.artifact;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.AtomicFiles;
import dev.persona.core.io.Sha256;
import dev.persona.workflows.artifact.ArtifactRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The default store: objects are files under a root folder, at their key's relative path, and
 * references carry {@code file:} URIs. Puts go through a temporary file and a rename ({@link
 * AtomicFiles}), so a reader sees the old object or the whole new one. The store keeps no index:
 * {@link #find} hashes the file.
 */
public final class LocalArtifactStore implements ArtifactStore {
  private final Path root;

  /** A store rooted at {@code root}, which is created if absent. */
  public LocalArtifactStore(Path root) throws IOException {
    Files.createDirectories(root);
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** Where the object under {@code key} lives (whether or not it exists). */
  public Path pathOf(String key) {
    Path path = root.resolve(ArtifactKeys.check(key)).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new InvalidInputException(
          Reason.MALFORMED, "artifact key \"" + key + "\" leaves the store's folder " + root);
    }
    return path;
  }

  @Override
  public ArtifactRef put(String key, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return put(key, in);
    }
  }

  @Override
  public ArtifactRef put(String key, byte[] bytes) throws IOException {
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return put(key, in);
    }
  }

  private ArtifactRef put(String key, InputStream in) throws IOException {
    Path target = pathOf(key);
    Files.createDirectories(target.getParent());
    MessageDigest digest = Sha256.newDigest();
    long[] size = {0};
    AtomicFiles.write(
        target,
        out -> {
          byte[] buffer = new byte[1 << 16];
          for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
            digest.update(buffer, 0, r);
            out.write(buffer, 0, r);
            size[0] += r;
          }
        });
    return new ArtifactRef(target.toUri().toString(), Sha256.hex(digest), size[0]);
  }

  @Override
  public Optional<ArtifactRef> find(String key) throws IOException {
    Path path = pathOf(key);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    return Optional.of(new ArtifactRef(path.toUri().toString(), Sha256.of(path), Files.size(path)));
  }

  @Override
  public void get(ArtifactRef ref, Path target) throws IOException {
    String key = keyOf(ref);
    try (InputStream in = Files.newInputStream(pathOf(key))) {
      VerifiedCopy.toFile(in, target, key, ref);
    }
  }

  @Override
  public byte[] read(ArtifactRef ref) throws IOException {
    String key = keyOf(ref);
    return VerifiedCopy.bytes(Files.readAllBytes(pathOf(key)), key, ref);
  }

  /** The key of a reference this store issued; other stores' references are refused. */
  public String keyOf(ArtifactRef ref) {
    URI uri = URI.create(ref.uri());
    if (!"file".equals(uri.getScheme())) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED, "not a local artifact (file: URI): " + ref.uri());
    }
    Path path = Path.of(uri).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, "artifact " + ref.uri() + " is not in this store's folder " + root);
    }
    return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  @Override
  public String toString() {
    return "file:" + root;
  }
}
