package dev.persona.eval.colmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A COLMAP sparse model written by tests in both of COLMAP's forms from the same numbers: text as
 * COLMAP's {@code doc/format.rst} shows it, binary as {@code WriteCamerasBinary} and {@code
 * WriteImagesBinary} write it (little-endian). Doubles go to text through {@link Double#toString},
 * which reads back exactly, so both forms hold the same values.
 */
public final class ColmapTestModel {
  private ColmapTestModel() {}

  /** A camera: COLMAP id, model name and binary model id, size, parameters. */
  public record Camera(
      long id, String model, int modelId, long width, long height, double[] params) {
    public static Camera of(long id, String model, int modelId, long w, long h, double... params) {
      return new Camera(id, model, modelId, w, h, params);
    }
  }

  /** A 2D point of an image: pixel position and its 3D point id (-1: none). */
  public record Point(double x, double y, long point3D) {}

  /** A registered image: id, world-to-camera (qw, qx, qy, qz) and t, camera id, name, points. */
  public record Image(
      long id, double[] q, double[] t, long cameraId, String name, List<Point> points) {}

  public static void writeText(Path folder, List<Camera> cameras, List<Image> images)
      throws IOException {
    Files.createDirectories(folder);
    StringBuilder c = new StringBuilder("# Camera list with one line of data per camera:\n");
    for (Camera k : cameras) {
      c.append(k.id)
          .append(' ')
          .append(k.model)
          .append(' ')
          .append(k.width)
          .append(' ')
          .append(k.height)
          .append(' ')
          .append(numbers(k.params))
          .append('\n');
    }
    Files.writeString(folder.resolve("cameras.txt"), c, StandardCharsets.UTF_8);
    StringBuilder m = new StringBuilder("# Image list with two lines of data per image:\n");
    for (Image i : images) {
      m.append(i.id)
          .append(' ')
          .append(numbers(i.q))
          .append(' ')
          .append(numbers(i.t))
          .append(' ')
          .append(i.cameraId)
          .append(' ')
          .append(i.name)
          .append('\n');
      m.append(
              i.points.stream()
                  .map(p -> p.x + " " + p.y + " " + p.point3D)
                  .collect(Collectors.joining(" ")))
          .append('\n');
    }
    Files.writeString(folder.resolve("images.txt"), m, StandardCharsets.UTF_8);
  }

  public static void writeBinary(Path folder, List<Camera> cameras, List<Image> images)
      throws IOException {
    Files.createDirectories(folder);
    Files.write(folder.resolve("cameras.bin"), camerasBin(cameras));
    Files.write(folder.resolve("images.bin"), imagesBin(images));
  }

  /** uint64 count; per camera uint32 id, int32 model id, uint64 width, height, double params. */
  public static byte[] camerasBin(List<Camera> cameras) {
    ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(cameras.size());
    for (Camera k : cameras) {
      b.putInt((int) k.id).putInt(k.modelId).putLong(k.width).putLong(k.height);
      for (double p : k.params) {
        b.putDouble(p);
      }
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  /**
   * uint64 count; per image uint32 id, double q[4] t[3], uint32 camera id, NUL-terminated UTF-8
   * name, uint64 point count, (double x, double y, int64 point3D id) per point.
   */
  public static byte[] imagesBin(List<Image> images) {
    ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(images.size());
    for (Image i : images) {
      b.putInt((int) i.id);
      for (double v : i.q) {
        b.putDouble(v);
      }
      for (double v : i.t) {
        b.putDouble(v);
      }
      b.putInt((int) i.cameraId).put(i.name.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
      b.putLong(i.points.size());
      for (Point p : i.points) {
        b.putDouble(p.x).putDouble(p.y).putLong(p.point3D);
      }
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  private static String numbers(double[] v) {
    return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(" "));
  }
}
