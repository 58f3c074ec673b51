package dev.persona.app.stage;

import dev.persona.core.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;

/**
 * The version of the code a stage runs, for the stage cache's key: the sha256 of the bytes of the
 * jars (or class folders, in a build tree) that hold the given classes. A rebuilt module with other
 * code gives another version, so a changed stage never serves an output computed by the old code;
 * nothing depends on anyone remembering to bump a number.
 */
public final class CodeVersion {
  private CodeVersion() {}

  /** The version of the code sources holding {@code anchors}, in the order given. */
  public static String of(Class<?>... anchors) {
    MessageDigest digest = Sha256.newDigest();
    for (Class<?> anchor : anchors) {
      CodeSource source = anchor.getProtectionDomain().getCodeSource();
      if (source == null) {
        throw new IllegalStateException("no code source for " + anchor.getName());
      }
      try {
        Path path = Path.of(source.getLocation().toURI());
        digest.update(path.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        if (Files.isDirectory(path)) {
          hashFolder(path, digest);
        } else {
          Sha256.update(digest, path);
        }
      } catch (URISyntaxException e) {
        throw new IllegalStateException("odd code source " + source.getLocation(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Sha256.hex(digest);
  }

  private static void hashFolder(Path folder, MessageDigest digest) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      digest.update(folder.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
      Sha256.update(digest, file);
    }
  }
}
