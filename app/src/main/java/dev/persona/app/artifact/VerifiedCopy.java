package dev.persona.app.artifact;

import dev.persona.core.io.AtomicFiles;
import dev.persona.core.io.Sha256;
import dev.persona.workflows.artifact.ArtifactRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Reads that check what they read against the reference's sha256 and size (both stores). */
final class VerifiedCopy {
  private VerifiedCopy() {}

  /**
   * Streams {@code in} to {@code target} through a temporary file, which replaces the target only
   * when the bytes match {@code ref}; otherwise the target is left as it was.
   */
  static void toFile(InputStream in, Path target, String key, ArtifactRef ref) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.write(
        target,
        out -> {
          MessageDigest digest = Sha256.newDigest();
          byte[] buffer = new byte[1 << 16];
          long size = 0;
          for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
            digest.update(buffer, 0, r);
            out.write(buffer, 0, r);
            size += r;
          }
          check(key, ref, Sha256.hex(digest), size);
        });
  }

  /** {@code bytes}, after checking them against {@code ref}. */
  static byte[] bytes(byte[] bytes, String key, ArtifactRef ref) throws ArtifactCorruptException {
    check(key, ref, Sha256.of(bytes), bytes.length);
    return bytes;
  }

  private static void check(String key, ArtifactRef ref, String sha256, long size)
      throws ArtifactCorruptException {
    if (size != ref.size() || !sha256.equals(ref.sha256())) {
      throw new ArtifactCorruptException(key, ref.sha256(), ref.size(), sha256, size);
    }
  }
}
