package dev.persona.app.api;

import dev.persona.app.artifact.ArtifactStore;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.workflows.artifact.ArtifactRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API's side of photos: checking an upload before anything is stored (size limit, a JPEG, PNG
 * or WebP by its first bytes — the FIT stage decodes it fully and refuses a corrupt one), and
 * finding a photo a JSON request names in the artifact store.
 */
final class Photos {
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final Pattern SHA256_REF = Pattern.compile("sha256:([0-9a-f]{64})");

  /** The extensions {@code JobClient.storePhoto} keeps, in the order a sha256 ref tries them. */
  private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".webp", "");

  private static final String UPLOADS = "uploads/";

  private Photos() {}

  /**
   * Checks an uploaded photo.
   *
   * @throws InvalidInputException TOO_LARGE over {@code maxBytes} (naming the limit), WRONG_FORMAT
   *     when it is not a JPEG, PNG or WebP, TOO_SMALL when it is empty
   */
  static void check(Path upload, long size, long maxBytes) throws IOException {
    if (size > maxBytes) {
      throw new InvalidInputException(
          Reason.TOO_LARGE,
          "the photo is "
              + size
              + " bytes, over the limit of "
              + maxBytes
              + " bytes (persona.max-photo-size)");
    }
    if (size == 0) {
      throw new InvalidInputException(Reason.TOO_SMALL, "the photo part is empty");
    }
    byte[] head = new byte[12];
    int n;
    try (InputStream in = Files.newInputStream(upload)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (!startsWith(head, n, JPEG) && !startsWith(head, n, PNG) && !isWebp(head, n)) {
      throw new InvalidInputException(
          Reason.WRONG_FORMAT, "the photo is not a JPEG, PNG or WebP image (by its first bytes)");
    }
  }

  /**
   * The stored photo a request names: {@code sha256:HEX} (an upload's content hash), its key {@code
   * uploads/HEX.EXT}, or its URI as a reference returned it.
   *
   * @throws InvalidInputException MALFORMED for none of these forms, NOT_FOUND when no such photo
   *     is stored
   */
  static ArtifactRef find(ArtifactStore store, String ref) throws IOException {
    if (ref == null || ref.isBlank()) {
      throw new InvalidInputException(Reason.MALFORMED, "\"photo\" is missing");
    }
    var sha = SHA256_REF.matcher(ref);
    if (sha.matches()) {
      for (String extension : EXTENSIONS) {
        Optional<ArtifactRef> found = store.find(UPLOADS + sha.group(1) + extension);
        if (found.isPresent()) {
          return found.get();
        }
      }
      throw notStored(ref);
    }
    int at = ref.lastIndexOf(UPLOADS);
    if (at < 0) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "\"photo\" must be sha256:HEX, an uploads/ key or an uploaded photo's URI, got \""
              + ref
              + "\"");
    }
    String key = ref.substring(at);
    if (key.contains("..")) {
      throw new InvalidInputException(Reason.MALFORMED, "\"photo\" names no stored photo: " + ref);
    }
    Optional<ArtifactRef> found = store.find(key);
    // A URI must be this store's URI for the key, not merely end like one.
    if (found.isEmpty() || (at > 0 && !found.get().uri().equals(ref))) {
      throw notStored(ref);
    }
    return found.get();
  }

  private static InvalidInputException notStored(String ref) {
    return new InvalidInputException(
        Reason.NOT_FOUND,
        "no photo " + ref + " in the artifact store; upload it with a multipart POST /v1/avatars");
  }

  private static boolean startsWith(byte[] head, int n, byte[] magic) {
    return n >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }

  /** RIFF....WEBP */
  private static boolean isWebp(byte[] head, int n) {
    return n >= 12
        && head[0] == 'R'
        && head[1] == 'I'
        && head[2] == 'F'
        && head[3] == 'F'
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P';
  }
}
