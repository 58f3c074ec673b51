package dev.persona.app.api;

import dev.persona.app.artifact.ArtifactStore;
import dev.persona.core.io.Sha256;
import dev.persona.workflows.artifact.ArtifactRef;
import dev.persona.workflows.job.OnboardingResult;
import dev.persona.workflows.stage.StageArtifacts;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A finished job's named outputs: a stage artifact of the result ({@code result}, the bundle folder
 * as a zip; {@code avatar}, {@code video}, {@code fit}, {@code photo}), or a file inside the result
 * folder ({@code avatar.splat}, {@code renders/walk.gif}, the report...). Each is copied from the
 * artifact store to a temporary file (the store verifies its sha256), then streamed with its
 * Content-Type and the sha256 as a strong ETag, and the temporary file removed.
 */
final class ArtifactDownloads {
  private ArtifactDownloads() {}

  static Response download(
      ArtifactStore store, OnboardingResult result, String name, String ifNoneMatch)
      throws IOException {
    ArtifactRef ref = result.artifacts().get(name);
    Path file;
    String sha256;
    String fileName;
    if (ref != null) {
      file = Files.createTempFile("persona-artifact", ".tmp");
      store.get(ref, file);
      sha256 = ref.sha256();
      fileName = name + extension(ref.uri());
    } else {
      file = fromResultFolder(store, result, name);
      sha256 = Sha256.of(file);
      fileName = name.substring(name.lastIndexOf('/') + 1);
    }
    String etag = "\"" + sha256 + "\"";
    if (etag.equals(ifNoneMatch)) {
      Files.deleteIfExists(file);
      return Response.notModified().tag(sha256).build();
    }
    long size = Files.size(file);
    StreamingOutput body =
        out -> {
          try {
            Files.copy(file, out);
          } finally {
            Files.deleteIfExists(file);
          }
        };
    return Response.ok(body, contentType(fileName))
        .header(HttpHeaders.ETAG, etag)
        .header(HttpHeaders.CONTENT_LENGTH, size)
        .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
        .build();
  }

  /** The entry {@code name} of the result folder, extracted to a temporary file. */
  private static Path fromResultFolder(ArtifactStore store, OnboardingResult result, String name)
      throws IOException {
    ArtifactRef folder = result.artifacts().get(StageArtifacts.RESULT);
    if (folder == null) {
      throw notFound(name, new TreeSet<>(result.artifacts().keySet()));
    }
    Path zip = Files.createTempFile("persona-result", ".zip");
    try {
      store.get(folder, zip);
      try (ZipFile archive = new ZipFile(zip.toFile())) {
        ZipEntry entry = archive.getEntry(name);
        if (entry == null || entry.isDirectory()) {
          List<String> names = new ArrayList<>(new TreeSet<>(result.artifacts().keySet()));
          archive.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
          throw notFound(name, names);
        }
        Path file = Files.createTempFile("persona-artifact", ".tmp");
        try (InputStream in = archive.getInputStream(entry)) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          Files.deleteIfExists(file);
          throw e;
        }
        return file;
      }
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  private static ApiProblem notFound(String name, java.util.Collection<String> names) {
    return new ApiProblem(
        404,
        "artifact-not-found",
        "No such artifact",
        "the job has no artifact \"" + name + "\"; it has: " + String.join(", ", names));
  }

  private static String extension(String uri) {
    String last = uri.substring(uri.lastIndexOf('/') + 1);
    int dot = last.lastIndexOf('.');
    return dot > 0 ? last.substring(dot) : "";
  }

  private static String contentType(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".zip")) {
      return "application/zip";
    }
    if (lower.endsWith(".json")) {
      return "application/json";
    }
    if (lower.endsWith(".md")) {
      return "text/markdown";
    }
    String guessed = URLConnection.guessContentTypeFromName(lower);
    return guessed != null ? guessed : "application/octet-stream";
  }
}
