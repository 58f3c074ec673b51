package dev.persona.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests as lower-case hex: content addresses of artifacts, avatar-bundle checksums, the
 * training fingerprint of an LPIPS network.
 */
public final class Sha256 {
  private Sha256() {}

  /** A fresh SHA-256 digest (every JDK provides the algorithm). */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  /** {@code digest}'s value as 64 lower-case hex digits. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String of(byte[] bytes) {
    MessageDigest digest = newDigest();
    digest.update(bytes);
    return hex(digest);
  }

  /** The file's digest, read in 64 KiB blocks. */
  public static String of(Path file) throws IOException {
    MessageDigest digest = newDigest();
    update(digest, file);
    return hex(digest);
  }

  /** Feeds the file's bytes to {@code digest}, in 64 KiB blocks. */
  public static void update(MessageDigest digest, Path file) throws IOException {
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r = in.read(buffer); r >= 0; r = in.read(buffer)) {
        digest.update(buffer, 0, r);
      }
    }
  }
}
