package dev.persona.smplx.models;

import dev.persona.smplx.models.ModelUnavailableException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BlazePose models from the npm package {@code @mediapipe/pose} {@value #VERSION} (Apache-2.0),
 * fetched once into a cache folder and reused after.
 *
 * <p>On first use the package tarball is downloaded from the npm registry ({@link #TARBALL}), its
 * bytes checked against the pinned npm {@code dist.integrity} SHA-512 ({@link #INTEGRITY}), and the
 * models extracted into {@link #folder()}: the three landmark models as they are, and the pose
 * detector out of {@code pose_solution_packed_assets.data} at the byte range the package's own
 * loader script names (checked to start a TFLite flatbuffer, identifier {@code TFL3}). Every
 * extracted file is checked against a pinned size and SHA-256 and written atomically (temporary
 * file, then rename), so a crash never leaves a half-written model behind. A lock file serialises
 * concurrent fetches by several processes.
 *
 * <p>Offline use: put the tarball ({@value #TARBALL_FILE}) or the extracted model files into the
 * folder by hand; they are checked the same way and used without any network access. See {@code
 * docs/models.md}.
 *
 * <p>Thread-safe.
 */
public final class MediaPipePoseModels {
  /** The npm package version the hashes below belong to. */
  public static final String VERSION = "0.5.1675469404";

  /** Where the package comes from. */
  public static final URI TARBALL =
      URI.create("https://registry.npmjs.org/@mediapipe/pose/-/pose-" + VERSION + ".tgz");

  /** The registry's {@code dist.integrity} of {@link #TARBALL}: SHA-512 of the .tgz, base64. */
  public static final String INTEGRITY =
      "sha512-DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ==";

  /** The tarball's file name, when dropped into the cache folder by hand. */
  public static final String TARBALL_FILE = "pose-" + VERSION + ".tgz";

  /** The cache sub-folder for this package version. */
  public static final String FOLDER_NAME = "mediapipe-pose-" + VERSION;

  private static final String PACKED_ASSETS = "package/pose_solution_packed_assets.data";
  private static final String PACKED_LOADER = "package/pose_solution_packed_assets_loader.js";
  private static final Pattern DETECTOR_RANGE =
      Pattern.compile(
          "\"filename\"\\s*:\\s*\"[^\"]*/pose_detection\\.tflite\"\\s*,\\s*\"start\"\\s*:\\s*(\\d+)"
              + "\\s*,\\s*\"end\"\\s*:\\s*(\\d+)");

  /** The model files this package provides, with their pinned sizes and SHA-256. */
  public enum ModelFile {
    /** BlazePose detector, (1,224,224,3) in [-1,1] to (1,2254,12) boxes and (1,2254,1) scores. */
    DETECTOR(
        "pose_detection.tflite",
        null,
        2_962_288,
        "a63c614bef30d35947f13be361820b1e4e3bec9cfeebf4d11216a18373108e85"),
    /** BlazePose GHUM landmark model, lite. */
    LANDMARK_LITE(
        "pose_landmark_lite.tflite",
        "package/pose_landmark_lite.tflite",
        2_819_824,
        "f17bfbecadb61c3be1baa8b8d851cc6619c870a87167b32848ad20db306b9d61"),
    /** BlazePose GHUM landmark model, full (the default). */
    LANDMARK_FULL(
        "pose_landmark_full.tflite",
        "package/pose_landmark_full.tflite",
        6_440_512,
        "e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f"),
    /** BlazePose GHUM landmark model, heavy (most accurate, slowest). */
    LANDMARK_HEAVY(
        "pose_landmark_heavy.tflite",
        "package/pose_landmark_heavy.tflite",
        27_709_200,
        "59e42d71bcd44cbdbabc419f0ff76686595fd265419566bd4009ef703ea8e1fe");

    private final String fileName;
    private final String tarPath;
    private final long size;
    private final String sha256;

    ModelFile(String fileName, String tarPath, long size, String sha256) {
      this.fileName = fileName;
      this.tarPath = tarPath;
      this.size = size;
      this.sha256 = sha256;
    }

    public String fileName() {
      return fileName;
    }

    public long size() {
      return size;
    }

    public String sha256() {
      return sha256;
    }
  }

  private final Path folder;
  private final URI source;
  private final Duration timeout;
  private final Map<ModelFile, Path> verified = new EnumMap<>(ModelFile.class);

  /** The default cache: {@code ModelCache.root()/}{@value #FOLDER_NAME}, from {@link #TARBALL}. */
  public static MediaPipePoseModels inDefaultCache() {
    return new MediaPipePoseModels(ModelCache.root().resolve(FOLDER_NAME), TARBALL);
  }

  /**
   * @param folder the folder the model files live in (created when needed)
   * @param source where to fetch the tarball from ({@link #TARBALL}, or a mirror serving the same
   *     bytes: the integrity check still applies)
   */
  public MediaPipePoseModels(Path folder, URI source) {
    this.folder = folder.toAbsolutePath();
    this.source = source;
    this.timeout = Duration.ofMinutes(5);
  }

  public Path folder() {
    return folder;
  }

  /**
   * The path of {@code file}, checked against its pinned size and SHA-256, fetching and extracting
   * the package first when the folder does not hold a good copy.
   *
   * @throws ModelUnavailableException when it cannot be had; the message says how to provide it by
   *     hand
   */
  public synchronized Path ensure(ModelFile file) throws ModelUnavailableException {
    Path known = verified.get(file);
    if (known != null) {
      return known;
    }
    Path target = folder.resolve(file.fileName());
    if (!isGood(target, file)) {
      populate();
      if (!isGood(target, file)) {
        throw new ModelUnavailableException(
            Kind.CONTENT_MISSING,
            file.fileName() + " could not be extracted into " + folder + ". " + howToFix());
      }
    }
    verified.put(file, target);
    return target;
  }

  /** Whether {@code file} is already in the folder with the right hash (never fetches). */
  public boolean isCached(ModelFile file) {
    return isGood(folder.resolve(file.fileName()), file);
  }

  private void populate() throws ModelUnavailableException {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new ModelUnavailableException(
          Kind.CACHE_UNWRITABLE,
          "cannot create the model cache folder "
              + folder
              + " ("
              + e.getMessage()
              + "); set "
              + ModelCache.ENV
              + " to a writable folder",
          e);
    }
    try (FileChannel channel =
        FileChannel.open(
            folder.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        fetchAndExtractHoldingLock();
      } finally {
        lock.release();
      }
    } catch (ModelUnavailableException e) {
      throw e;
    } catch (IOException e) {
      throw new ModelUnavailableException(
          Kind.CACHE_UNWRITABLE,
          "cannot write the models into " + folder + " (" + e + "). " + howToFix(),
          e);
    }
  }

  private void fetchAndExtractHoldingLock() throws IOException {
    boolean allGood = true;
    for (ModelFile f : ModelFile.values()) {
      allGood &= isGood(folder.resolve(f.fileName()), f);
    }
    if (allGood) {
      return; // another process finished while we waited for the lock
    }
    Path tarball = folder.resolve(TARBALL_FILE);
    boolean downloaded = false;
    if (!Files.isRegularFile(tarball)) {
      download(tarball);
      downloaded = true;
    } else if (!INTEGRITY.equals(integrityOf(tarball))) {
      throw new ModelUnavailableException(
          Kind.INTEGRITY_MISMATCH,
          tarball
              + " is not the pinned package (its SHA-512 differs from "
              + INTEGRITY
              + "); delete it. "
              + howToFix());
    }
    extract(tarball);
    if (downloaded) {
      Files.deleteIfExists(tarball);
    }
  }

  private void download(Path tarball) throws ModelUnavailableException {
    Path tmp = null;
    try {
      tmp = Files.createTempFile(folder, "." + TARBALL_FILE + ".", ".part");
      HttpClient client =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .connectTimeout(Duration.ofSeconds(20))
              .build();
      HttpRequest request =
          HttpRequest.newBuilder(source)
              .timeout(timeout)
              .header("User-Agent", "persona (model fetch)")
              .GET()
              .build();
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest sha512 = digest("SHA-512");
      try (InputStream body = new DigestInputStream(response.body(), sha512);
          OutputStream out = Files.newOutputStream(tmp)) {
        if (response.statusCode() != 200) {
          throw new ModelUnavailableException(
              Kind.DOWNLOAD_FAILED,
              "fetching " + source + " answered HTTP " + response.statusCode() + ". " + howToFix());
        }
        body.transferTo(out);
      }
      String integrity = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
      if (!INTEGRITY.equals(integrity)) {
        throw new ModelUnavailableException(
            Kind.INTEGRITY_MISMATCH,
            "the package fetched from "
                + source
                + " has integrity "
                + integrity
                + ", expected "
                + INTEGRITY
                + " (a proxy or mirror changed it?). "
                + howToFix());
      }
      move(tmp, tarball);
    } catch (ModelUnavailableException e) {
      throw e;
    } catch (IOException e) {
      throw new ModelUnavailableException(
          Kind.DOWNLOAD_FAILED,
          "cannot fetch the BlazePose models from " + source + " (" + e + "). " + howToFix(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelUnavailableException(
          Kind.DOWNLOAD_FAILED, "interrupted while fetching " + source, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: a stray .part file is harmless
        }
      }
    }
  }

  private void extract(Path tarball) throws IOException {
    byte[] packed = null;
    String loader = null;
    try (InputStream raw = Files.newInputStream(tarball);
        TarGzReader tar = new TarGzReader(raw)) {
      for (TarGzReader.Entry e = tar.next(); e != null; e = tar.next()) {
        if (e.name().equals(PACKED_ASSETS)) {
          packed = tar.content();
          continue;
        }
        if (e.name().equals(PACKED_LOADER)) {
          loader = new String(tar.content(), StandardCharsets.UTF_8);
          continue;
        }
        for (ModelFile f : ModelFile.values()) {
          if (e.name().equals(f.tarPath)) {
            writeChecked(f, tar.content());
          }
        }
      }
    }
    if (packed == null || loader == null) {
      throw new ModelUnavailableException(
          Kind.CONTENT_MISSING,
          "the package has no " + PACKED_ASSETS + " or " + PACKED_LOADER + ". " + howToFix());
    }
    writeChecked(ModelFile.DETECTOR, detectorBytes(packed, loader));
  }

  /**
   * The detector's bytes out of the packed assets: the range the loader script names, checked to be
   * inside the file and to start a TFLite flatbuffer (file identifier {@code TFL3} at byte 4).
   */
  static byte[] detectorBytes(byte[] packed, String loaderScript) throws ModelUnavailableException {
    Matcher m = DETECTOR_RANGE.matcher(loaderScript);
    if (!m.find()) {
      throw new ModelUnavailableException(
          Kind.CONTENT_MISSING, "the packed-assets loader names no pose_detection.tflite");
    }
    long start = Long.parseLong(m.group(1));
    long end = Long.parseLong(m.group(2));
    if (start < 0 || end > packed.length || end - start < 8) {
      throw new ModelUnavailableException(
          Kind.CONTENT_MISSING,
          "pose_detection.tflite range "
              + start
              + ".."
              + end
              + " lies outside the packed assets ("
              + packed.length
              + " bytes)");
    }
    byte[] model = Arrays.copyOfRange(packed, (int) start, (int) end);
    if (model[4] != 'T' || model[5] != 'F' || model[6] != 'L' || model[7] != '3') {
      throw new ModelUnavailableException(
          Kind.CONTENT_MISSING,
          "bytes " + start + ".." + end + " of the packed assets are not a TFLite model");
    }
    return model;
  }

  private void writeChecked(ModelFile f, byte[] bytes) throws IOException {
    String sha = HexFormat.of().formatHex(digest("SHA-256").digest(bytes));
    if (bytes.length != f.size || !sha.equals(f.sha256)) {
      throw new ModelUnavailableException(
          Kind.INTEGRITY_MISMATCH,
          f.fileName()
              + " in the package has "
              + bytes.length
              + " bytes, SHA-256 "
              + sha
              + "; expected "
              + f.size
              + ", "
              + f.sha256);
    }
    Path target = folder.resolve(f.fileName());
    Path tmp = Files.createTempFile(folder, "." + f.fileName() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      readableByAll(tmp);
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Temporary files are private to the user; a shared model cache need not be. */
  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep its defaults
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean isGood(Path path, ModelFile f) {
    try {
      if (!Files.isRegularFile(path) || Files.size(path) != f.size) {
        return false;
      }
      MessageDigest sha = digest("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(sha.digest()).equals(f.sha256);
    } catch (IOException e) {
      return false;
    }
  }

  private static String integrityOf(Path file) throws IOException {
    MessageDigest sha = digest("SHA-512");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return "sha512-" + Base64.getEncoder().encodeToString(sha.digest());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }

  private String howToFix() {
    return "To install by hand: download "
        + TARBALL
        + " and put it into "
        + folder
        + " as "
        + TARBALL_FILE
        + " (or put the extracted "
        + ModelFile.DETECTOR.fileName()
        + " and pose_landmark_*.tflite there); set "
        + ModelCache.ENV
        + " to use another folder. See docs/models.md.";
  }
}
