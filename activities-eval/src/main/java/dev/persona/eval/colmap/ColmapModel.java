package dev.persona.eval.colmap;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.camera.PinholeCamera;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A COLMAP sparse model in its text form ({@code cameras.txt}, {@code images.txt}; COLMAP's "Output
 * format" documentation), as the pinhole camera of every registered image.
 *
 * <p>{@code cameras.txt}: {@code CAMERA_ID MODEL WIDTH HEIGHT PARAMS...}; SIMPLE_PINHOLE ({@code f
 * cx cy}) and PINHOLE ({@code fx fy cx cy}), and the distortion models SIMPLE_RADIAL, RADIAL and
 * OPENCV when their distortion coefficients are all zero (undistorted data saved under those
 * names). COLMAP's pixel convention matches ours: the centre of the top-left pixel is (0.5, 0.5).
 *
 * <p>{@code images.txt}: two lines per image, {@code IMAGE_ID QW QX QY QZ TX TY TZ CAMERA_ID NAME}
 * and the image's 2D points (ignored); the unit quaternion and translation map world to camera,
 * {@code x_cam = R(q) x_world + t}, in OpenCV axes, which is {@link PinholeCamera}'s
 * world-to-camera matrix as it stands.
 */
public final class ColmapModel {
  private ColmapModel() {}

  private record Intrinsics(int width, int height, double fx, double fy, double cx, double cy) {}

  /**
   * Reads {@code folder/cameras.txt} and {@code folder/images.txt}.
   *
   * @return image name to camera, in {@code images.txt}'s order
   * @throws InvalidInputException NOT_FOUND for a missing file; MALFORMED for a bad line or an
   *     unknown camera id; UNSUPPORTED for a camera model with distortion
   */
  public static Map<String, PinholeCamera> readText(Path folder) throws IOException {
    Map<Integer, Intrinsics> cameras = new HashMap<>();
    Path camerasFile = folder.resolve("cameras.txt");
    for (String line : lines(camerasFile)) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 5) {
        throw malformed(camerasFile, line);
      }
      try {
        cameras.put(Integer.parseInt(f[0]), intrinsics(f, camerasFile));
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
        Intrinsics k = cameras.get(Integer.parseInt(f[8]));
        if (k == null) {
          throw new InvalidInputException(
              Reason.MALFORMED, imagesFile + ": image " + f[9] + " uses unknown camera " + f[8]);
        }
        out.put(f[9], new PinholeCamera(k.width, k.height, k.fx, k.fy, k.cx, k.cy, pose(q, t)));
      } catch (NumberFormatException e) {
        throw malformed(imagesFile, line);
      }
    }
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

  private static Intrinsics intrinsics(String[] f, Path file) {
    String model = f[1].toUpperCase(Locale.ROOT);
    int width = Integer.parseInt(f[2]);
    int height = Integer.parseInt(f[3]);
    double[] p = new double[f.length - 4];
    for (int i = 0; i < p.length; i++) {
      p[i] = Double.parseDouble(f[4 + i]);
    }
    return switch (model) {
      case "SIMPLE_PINHOLE" -> {
        need(p, 3, model, file);
        yield new Intrinsics(width, height, p[0], p[0], p[1], p[2]);
      }
      case "PINHOLE" -> {
        need(p, 4, model, file);
        yield new Intrinsics(width, height, p[0], p[1], p[2], p[3]);
      }
      case "SIMPLE_RADIAL", "RADIAL" -> {
        need(p, model.equals("RADIAL") ? 5 : 4, model, file);
        undistorted(p, 3, model, file);
        yield new Intrinsics(width, height, p[0], p[0], p[1], p[2]);
      }
      case "OPENCV" -> {
        need(p, 8, model, file);
        undistorted(p, 4, model, file);
        yield new Intrinsics(width, height, p[0], p[1], p[2], p[3]);
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
  }

  private static void need(double[] p, int n, String model, Path file) {
    if (p.length != n) {
      throw new InvalidInputException(
          Reason.MALFORMED, file + ": " + model + " takes " + n + " parameters, got " + p.length);
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
}
