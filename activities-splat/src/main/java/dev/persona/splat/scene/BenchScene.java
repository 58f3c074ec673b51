package dev.persona.splat.scene;

import dev.persona.core.camera.CameraJson;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.io.PlyFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A rasterizer benchmark scene: Gaussians and the camera that views them. On disk a folder with
 * {@value #SCENE_FILE} (the standard 3DGS layout, {@link PlyFormat}) and {@value #CAMERA_FILE}
 * ({@link CameraJson}: OpenCV axes, pixel centres at +0.5), as {@code docs/formats/splats.md}
 * describes.
 */
public record BenchScene(Gaussians gaussians, PinholeCamera camera) {
  /** The Gaussians' file in a scene folder. */
  public static final String SCENE_FILE = "scene.ply";

  /** The camera's file in a scene folder. */
  public static final String CAMERA_FILE = "camera.json";

  /**
   * Reads a scene folder.
   *
   * @throws dev.persona.core.InvalidInputException when either file is malformed
   * @throws IOException when a file is missing or unreadable
   */
  public static BenchScene read(Path folder) throws IOException {
    Gaussians gaussians = PlyFormat.read(folder.resolve(SCENE_FILE));
    PinholeCamera camera = CameraJson.read(folder.resolve(CAMERA_FILE));
    return new BenchScene(gaussians, camera);
  }

  /** Writes the scene folder (created if needed), each file atomically. */
  public void write(Path folder) throws IOException {
    Files.createDirectories(folder);
    PlyFormat.write(folder.resolve(SCENE_FILE), gaussians);
    CameraJson.write(folder.resolve(CAMERA_FILE), camera);
  }
}
