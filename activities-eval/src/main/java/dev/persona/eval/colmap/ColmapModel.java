package dev.persona.eval.colmap;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.camera.PinholeCamera;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A COLMAP sparse model, text ({@code cameras.txt}, {@code images.txt}) or binary ({@code
 * cameras.bin}, {@code images.bin}), as the pinhole camera of every registered image. Both forms
 * are described in COLMAP's "Output format" documentation ({@code doc/format.rst}); the binary one
 * is defined by {@code src/colmap/scene/reconstruction_io_binary.cc}.
 *
 * <p>Cameras: SIMPLE_PINHOLE ({@code f cx cy}) and PINHOLE ({@code fx fy cx cy}), and the
 * distortion models SIMPLE_RADIAL, RADIAL and OPENCV when their distortion coefficients are all
 * zero (undistorted data saved under those names); other models are refused. COLMAP's pixel
 * convention matches ours: the centre of the top-left pixel is (0.5, 0.5).
 *
 * <p>Images: a quaternion {@code (qw, qx, qy, qz)} and translation that map world to camera, {@code
 * x_cam = R(q) x_world + t}, in OpenCV axes, which is {@link PinholeCamera}'s world-to-camera
 * matrix as it stands; a camera id; a name (a path relative to the image folder). The images' 2D
 * points are skipped.
 */
public final class ColmapModel {
  private ColmapModel() {}

  /**
   * The binary files are read whole into memory; this refuses anything larger than a Java array can
   * hold (about 2 GiB), far above a real model's cameras and images files.
   */
  static final long MAX_BINARY_BYTES = Integer.MAX_VALUE - 8;

  /**
   * COLMAP's camera models by binary model id (the ordinal), with their parameter counts: ids 0-10
   * as in COLMAP's older {@code src/colmap/camera/models.h}, 11-17 as added in the current {@code
   * src/colmap/sensor/models.h} ({@code CameraModelId}). Every model is listed, not only the
   * accepted ones, so that a real model a reader cannot use is refused as UNSUPPORTED by name, and
   * only an id COLMAP never wrote is MALFORMED.
   */
  private enum Model {
    SIMPLE_PINHOLE(3),
    PINHOLE(4),
    SIMPLE_RADIAL(4),
    RADIAL(5),
    OPENCV(8),
    OPENCV_FISHEYE(8),
    FULL_OPENCV(12),
    FOV(5),
    SIMPLE_RADIAL_FISHEYE(4),
    RADIAL_FISHEYE(5),
    THIN_PRISM_FISHEYE(12),
    RAD_TAN_THIN_PRISM_FISHEYE(16),
    SIMPLE_DIVISION(4),
    DIVISION(5),
    SIMPLE_FISHEYE(3),
    FISHEYE(4),
    EUCM(6),
    EQUIRECTANGULAR(2);

    final int params;

    Model(int params) {
      this.params = params;
    }
  }

  private record Intrinsics(int width, int height, double fx, double fy, double cx, double cy) {}

  /**
   * Reads the model in {@code folder}: the binary form when both {@code cameras.bin} and {@code
   * images.bin} are there, else the text form. Binary wins because it is what COLMAP writes by
   * default and holds every number exactly; a text form beside it is normally a converted copy of
   * the same model.
   *
   * @return image name to camera, in the files' image order
   * @throws InvalidInputException NOT_FOUND when neither form is complete; otherwise as {@link
   *     #readBinary} or {@link #readText} throws
   */
  public static Map<String, PinholeCamera> read(Path folder) throws IOException {
    if (Files.isRegularFile(folder.resolve("cameras.bin"))
        && Files.isRegularFile(folder.resolve("images.bin"))) {
      return readBinary(folder);
    }
    if (!Files.isRegularFile(folder.resolve("cameras.txt"))
        && !Files.isRegularFile(folder.resolve("images.txt"))) {
      throw new InvalidInputException(
          Reason.NOT_FOUND,
          folder + ": no COLMAP model (cameras.bin and images.bin, or cameras.txt and images.txt)");
    }
    return readText(folder);
  }

  /**
   * Reads {@code folder/cameras.txt} ({@code CAMERA_ID MODEL WIDTH HEIGHT PARAMS...} a line) and
   * {@code folder/images.txt} (two lines per image: {@code IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID
   * NAME}, then the 2D points).
   *
   * @return image name to camera, in {@code images.txt}'s order
   * @throws InvalidInputException NOT_FOUND for a missing file; MALFORMED for a bad line or an
   *     unknown camera id; UNSUPPORTED for a camera model with distortion
   */
  public static Map<String, PinholeCamera> readText(Path folder) throws IOException {
    Map<Long, Intrinsics> cameras = new HashMap<>();
    Path camerasFile = folder.resolve("cameras.txt");
    for (String line : lines(camerasFile)) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 5) {
        throw malformed(camerasFile, line);
      }
      try {
        double[] p = new double[f.length - 4];
        for (int i = 0; i < p.length; i++) {
          p[i] = Double.parseDouble(f[4 + i]);
        }
        cameras.put(
            Long.parseLong(f[0]),
            intrinsics(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), p, camerasFile));
      } catch (NumberFormatException e) {
        throw malformed(camerasFile, line);
      }
    }
    Path imagesFile = folder.resolve("images.txt");
    List<String> imageLines = lines(imagesFile);
    Map<String, PinholeCamera> out = new LinkedHashMap<>();
    // Data lines alternate: the pose line, then the points line (which may be empty, and then
    // lines() has dropped it); a pose line has exactly 10 fields ending in a name.
    for (String line : imageLines) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 10 || !looksLikePose(f)) {
        continue;
      }
      try {
        double[] q = {
          Double.parseDouble(f[1]),
          Double.parseDouble(f[2]),
          Double.parseDouble(f[3]),
          Double.parseDouble(f[4])
        };
        double[] t = {Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7])};
        out.put(f[9], camera(cameras, Long.parseLong(f[8]), f[9], q, t, imagesFile));
      } catch (NumberFormatException e) {
        throw malformed(imagesFile, line);
      }
    }
    return out;
  }

  /**
   * Reads {@code folder/cameras.bin} and {@code folder/images.bin}, little-endian throughout
   * (COLMAP's {@code ReadCamerasBinary} and {@code ReadImagesBinary}).
   *
   * <pre>
   * cameras.bin  uint64 count; per camera: uint32 camera_id, int32 model_id, uint64 width,
   *              uint64 height, double params[n(model_id)]
   * images.bin   uint64 count; per image: uint32 image_id, double qw qx qy qz tx ty tz,
   *              uint32 camera_id, UTF-8 name ending in a NUL byte, uint64 num_points2D,
   *              num_points2D x (double x, double y, int64 point3D_id)
   * </pre>
   *
   * @return image name to camera, in {@code images.bin}'s order
   * @throws InvalidInputException NOT_FOUND for a missing file; TOO_LARGE for a file over {@link
   *     #MAX_BINARY_BYTES}; MALFORMED for a truncated or inconsistent file (a count beyond the
   *     file's end, a name without its NUL, an unknown model or camera id, bytes after the last
   *     entry); UNSUPPORTED for a camera model with distortion
   */
  public static Map<String, PinholeCamera> readBinary(Path folder) throws IOException {
    Map<Long, Intrinsics> cameras = new HashMap<>();
    Bytes c = Bytes.of(folder.resolve("cameras.bin"));
    // The smallest camera: 4 + 4 + 8 + 8 header bytes and EQUIRECTANGULAR's 2 doubles.
    long numCameras = c.count(24 + 2 * 8, "cameras");
    for (long i = 0; i < numCameras; i++) {
      long id = c.u32();
      int modelId = c.i32();
      long width = c.u64("width");
      long height = c.u64("height");
      if (modelId < 0 || modelId >= Model.values().length) {
        throw new InvalidInputException(
            Reason.MALFORMED, c.file + ": camera " + id + " has unknown model id " + modelId);
      }
      Model model = Model.values()[modelId];
      double[] p = new double[model.params];
      for (int k = 0; k < p.length; k++) {
        p[k] = c.f64();
      }
      cameras.put(id, intrinsics(model.name(), width, height, p, c.file));
    }
    c.end("camera");
    Map<String, PinholeCamera> out = new LinkedHashMap<>();
    Bytes m = Bytes.of(folder.resolve("images.bin"));
    // The smallest image: id, 7 doubles, camera id, a name's NUL, the count of its 2D points.
    long numImages = m.count(4 + 7 * 8 + 4 + 1 + 8, "images");
    for (long i = 0; i < numImages; i++) {
      m.u32();
      double[] q = {m.f64(), m.f64(), m.f64(), m.f64()};
      double[] t = {m.f64(), m.f64(), m.f64()};
      long cameraId = m.u32();
      String name = m.name();
      m.skip(m.count(3 * 8, "2D points of " + name), 3 * 8);
      out.put(name, camera(cameras, cameraId, name, q, t, m.file));
    }
    m.end("image");
    return out;
  }

  /** A pose line: integer id, seven numbers, integer camera id, a name. */
  private static boolean looksLikePose(String[] f) {
    return f[0].matches("\\d+") && f[8].matches("\\d+") && !f[9].matches("-?[0-9.eE+-]+");
  }

  /** The 4x4 row-major world-to-camera matrix of a COLMAP (w, x, y, z) quaternion and t. */
  static double[] pose(double[] q, double[] t) {
    double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    double w = q[0] / n;
    double x = q[1] / n;
    double y = q[2] / n;
    double z = q[3] / n;
    return new double[] {
      1 - 2 * (y * y + z * z),
      2 * (x * y - w * z),
      2 * (x * z + w * y),
      t[0],
      2 * (x * y + w * z),
      1 - 2 * (x * x + z * z),
      2 * (y * z - w * x),
      t[1],
      2 * (x * z - w * y),
      2 * (y * z + w * x),
      1 - 2 * (x * x + y * y),
      t[2],
      0,
      0,
      0,
      1
    };
  }

  /** The camera of one image, from either form's numbers. */
  private static PinholeCamera camera(
      Map<Long, Intrinsics> cameras,
      long cameraId,
      String name,
      double[] q,
      double[] t,
      Path file) {
    Intrinsics k = cameras.get(cameraId);
    if (k == null) {
      throw new InvalidInputException(
          Reason.MALFORMED, file + ": image " + name + " uses unknown camera " + cameraId);
    }
    double n = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3];
    if (!(n > 0) || !Double.isFinite(n) || !Double.isFinite(t[0] + t[1] + t[2])) {
      throw new InvalidInputException(
          Reason.MALFORMED, file + ": image " + name + " has no valid rotation and translation");
    }
    return new PinholeCamera(k.width, k.height, k.fx, k.fy, k.cx, k.cy, pose(q, t));
  }

  /**
   * The intrinsics of a camera model by COLMAP name, the rules both forms share.
   *
   * @throws InvalidInputException MALFORMED for a wrong parameter count, size or focal length;
   *     UNSUPPORTED for a model that is not pinhole or has non-zero distortion
   */
  private static Intrinsics intrinsics(
      String modelName, long width, long height, double[] p, Path file) {
    String model = modelName.toUpperCase(Locale.ROOT);
    if (width <= 0 || width > Integer.MAX_VALUE || height <= 0 || height > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          Reason.MALFORMED, file + ": camera size " + width + "x" + height);
    }
    Intrinsics k =
        switch (model) {
          case "SIMPLE_PINHOLE" -> {
            need(p, Model.SIMPLE_PINHOLE, file);
            yield new Intrinsics((int) width, (int) height, p[0], p[0], p[1], p[2]);
          }
          case "PINHOLE" -> {
            need(p, Model.PINHOLE, file);
            yield new Intrinsics((int) width, (int) height, p[0], p[1], p[2], p[3]);
          }
          case "SIMPLE_RADIAL", "RADIAL" -> {
            need(p, Model.valueOf(model), file);
            undistorted(p, 3, model, file);
            yield new Intrinsics((int) width, (int) height, p[0], p[0], p[1], p[2]);
          }
          case "OPENCV" -> {
            need(p, Model.OPENCV, file);
            undistorted(p, 4, model, file);
            yield new Intrinsics((int) width, (int) height, p[0], p[1], p[2], p[3]);
          }
          default ->
              throw new InvalidInputException(
                  Reason.UNSUPPORTED,
                  file
                      + ": camera model "
                      + model
                      + " (undistort the images first: colmap"
                      + " image_undistorter)");
        };
    if (!(k.fx > 0) || !(k.fy > 0) || !Double.isFinite(k.fx * k.fy + k.cx + k.cy)) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          file + ": " + model + " camera with focal lengths " + k.fx + ", " + k.fy);
    }
    return k;
  }

  private static void need(double[] p, Model model, Path file) {
    if (p.length != model.params) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          file + ": " + model + " takes " + model.params + " parameters, got " + p.length);
    }
  }

  private static void undistorted(double[] p, int from, String model, Path file) {
    for (int i = from; i < p.length; i++) {
      if (p[i] != 0) {
        throw new InvalidInputException(
            Reason.UNSUPPORTED,
            file
                + ": "
                + model
                + " camera with distortion (undistort the images first: colmap"
                + " image_undistorter)");
      }
    }
  }

  /** The file's lines that are neither comments nor blank. */
  private static List<String> lines(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(Reason.NOT_FOUND, file + " not found");
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }

  private static InvalidInputException malformed(Path file, String line) {
    return new InvalidInputException(
        Reason.MALFORMED, file + ": cannot read the line '" + line.strip() + "'");
  }

  /**
   * A whole binary file as a little-endian buffer whose every read first checks that the bytes are
   * there, so a truncated or garbage file is a MALFORMED error rather than a buffer underflow, and
   * every count is checked against the bytes left before anything is allocated for it.
   */
  private static final class Bytes {
    final Path file;
    private final ByteBuffer b;

    private Bytes(Path file, ByteBuffer b) {
      this.file = file;
      this.b = b;
    }

    static Bytes of(Path file) throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException(Reason.NOT_FOUND, file + " not found");
      }
      long size = Files.size(file);
      if (size > MAX_BINARY_BYTES) {
        throw new InvalidInputException(
            Reason.TOO_LARGE,
            file + " has " + size + " bytes, more than a COLMAP model file can sensibly hold");
      }
      return new Bytes(
          file, ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN));
    }

    private void have(long bytes, String what) {
      if (b.remaining() < bytes) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            file
                + ": truncated at byte "
                + b.position()
                + " ("
                + what
                + " needs "
                + bytes
                + " bytes, "
                + b.remaining()
                + " left)");
      }
    }

    long u32() {
      have(4, "a uint32");
      return Integer.toUnsignedLong(b.getInt());
    }

    int i32() {
      have(4, "an int32");
      return b.getInt();
    }

    /** A uint64; one past {@link Long#MAX_VALUE} is no sane size or count and is refused. */
    long u64(String what) {
      have(8, what);
      long v = b.getLong();
      if (v < 0) {
        throw new InvalidInputException(
            Reason.MALFORMED, file + ": " + what + " " + Long.toUnsignedString(v));
      }
      return v;
    }

    double f64() {
      have(8, "a double");
      return b.getDouble();
    }

    /** A uint64 count of entries of at least {@code minBytes} each, that the rest can hold. */
    long count(long minBytes, String what) {
      long n = u64("the number of " + what);
      if (n > b.remaining() / minBytes) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            file
                + ": "
                + n
                + " "
                + what
                + " cannot fit in the "
                + b.remaining()
                + " bytes left (truncated or not a COLMAP binary model)");
      }
      return n;
    }

    void skip(long n, long bytesEach) {
      b.position(b.position() + (int) (n * bytesEach));
    }

    /** A NUL-terminated UTF-8 name. */
    String name() {
      int start = b.position();
      int end = start;
      while (end < b.limit() && b.get(end) != 0) {
        end++;
      }
      if (end == b.limit()) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            file + ": truncated at byte " + start + " (an image name without its NUL terminator)");
      }
      ByteBuffer bytes = b.slice(start, end - start);
      b.position(end + 1);
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(bytes)
            .toString();
      } catch (CharacterCodingException e) {
        throw new InvalidInputException(
            Reason.MALFORMED, file + ": the image name at byte " + start + " is not UTF-8", e);
      }
    }

    /** Refuses bytes after the last entry: the count and the entries disagree. */
    void end(String what) {
      if (b.hasRemaining()) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            file
                + ": "
                + b.remaining()
                + " bytes after the last "
                + what
                + " (not a COLMAP model)");
      }
    }
  }
}
