package dev.persona.app.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * This JVM's class path as a list of files a child JVM can be given. The launcher's {@code lib/*}
 * arrives here already expanded, but under Maven Surefire {@code java.class.path} is a single
 * manifest-only booter jar whose {@code Class-Path} attribute lists the real entries (as URLs
 * relative to the jar): those are followed, recursively, so the child gets the real files.
 */
public final class JvmClasspath {
  private JvmClasspath() {}

  public static List<Path> current() {
    Set<Path> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        add(Path.of(entry).toAbsolutePath().normalize(), entries);
      }
    }
    return new ArrayList<>(entries);
  }

  private static void add(Path entry, Set<Path> entries) {
    if (!entries.add(entry) || !Files.isRegularFile(entry)) {
      return;
    }
    String classPath;
    try (JarFile jar = new JarFile(entry.toFile())) {
      Manifest manifest = jar.getManifest();
      classPath =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
    } catch (IOException e) {
      return; // not a jar: the JVM would not read a manifest from it either
    }
    if (classPath == null) {
      return;
    }
    URI base = entry.toUri();
    for (String ref : classPath.trim().split("\\s+")) {
      if (ref.isEmpty()) {
        continue;
      }
      try {
        // Class-Path entries are URLs (already %-escaped), relative to the jar or absolute.
        add(Path.of(base.resolve(new URI(ref))).normalize(), entries);
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new UncheckedIOException(
            new IOException("unreadable Class-Path entry " + ref + " in " + entry, e));
      }
    }
  }
}
