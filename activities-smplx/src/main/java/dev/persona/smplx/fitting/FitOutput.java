package dev.persona.smplx.fitting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.dataset.DatasetWriter;
import dev.persona.core.dataset.FrameIds;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.FileTrees;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.smplx.perception.PersonMask;
import dev.persona.smplx.perception.PoseLandmarks;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a fit as a dataset folder ({@code docs/formats/dataset.md}) that the avatar trainer and
 * the synthesis stage read directly: frame {@code 00000}, split {@code photo}, with the photo, its
 * mask, its camera and the fitted SMPL-X parameters; beside them {@value #LANDMARKS_FILE} (the 33
 * landmarks used), {@value #OVERLAY_FILE} ({@link FitOverlay}) and {@value #FIT_FILE} (per-stage
 * losses, errors, IoU, warnings, times).
 *
 * <p>Atomic: everything is written into a hidden sibling folder, which is then renamed to the
 * output folder; on failure the sibling is removed, so the output is either whole or absent.
 */
public final class FitOutput {
  public static final String LANDMARKS_FILE = "landmarks.json";
  public static final String OVERLAY_FILE = "overlay.png";
  public static final String FIT_FILE = "fit.json";

  private FitOutput() {}

  /**
   * Writes the fit to {@code folder}, which must not exist or be an empty folder.
   *
   * @param mask the person's mask used, or {@code null}: then the fitted body's coverage is written
   *     as the frame's mask
   * @param landmarkSource where the landmarks came from ({@code blazepose}, {@code openpose:...})
   * @param times extra wall-clock figures for {@value #FIT_FILE} (seconds, e.g. perception)
   * @throws FileAlreadyExistsException when {@code folder} exists and is not an empty folder
   */
  public static void write(
      Path folder,
      Image photo,
      PersonMask mask,
      PoseLandmarks landmarks,
      String landmarkSource,
      BodyModel model,
      FitResult fit,
      Map<String, Double> times)
      throws IOException {
    Path target = folder.toAbsolutePath().normalize();
    requireFree(target);
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
    try {
      openUp(temp);
      DatasetWriter writer = DatasetWriter.create(temp);
      Image maskImage = mask != null ? mask.probability() : coverage(model, fit);
      ObjectNode describe = JsonFiles.object();
      describe.put("body_model", model.name());
      describe.put("landmarks", landmarkSource);
      writer.put("fit", describe);
      ObjectNode extra = JsonFiles.object();
      extra.put("source", "fit");
      writer.addFrame(
          FrameIds.of(0), FrameSplit.PHOTO, fit.camera(), fit.params(), photo, maskImage, extra);
      JsonFiles.write(temp.resolve(LANDMARKS_FILE), landmarksJson(landmarks, landmarkSource));
      ImageIo.writePng(
          temp.resolve(OVERLAY_FILE),
          FitOverlay.draw(
              photo, model, fit, LandmarkTargets.of(landmarks, photo.width(), photo.height())));
      JsonFiles.write(temp.resolve(FIT_FILE), fitJson(fit, model, landmarkSource, times));
      writer.finish();
      if (Files.isDirectory(target)) {
        Files.delete(target);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        FileTrees.delete(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** A temporary folder is owner-only; the output is an ordinary folder (rwxr-xr-x). */
  private static void openUp(Path folder) throws IOException {
    try {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder keeps the platform's default permissions.
      return;
    }
  }

  private static void requireFree(Path target) throws IOException {
    if (Files.isDirectory(target)) {
      try (Stream<Path> entries = Files.list(target)) {
        if (entries.findAny().isEmpty()) {
          return;
        }
      }
    } else if (!Files.exists(target)) {
      return;
    }
    throw new FileAlreadyExistsException(
        target.toString(), null, "the output folder exists and is not empty; choose another");
  }

  private static Image coverage(BodyModel model, FitResult fit) {
    PosedBody body = new BodyRig(model).forward(fit.params());
    return new MeshRasterizer(RasterOptions.defaults().withSamples(2))
        .rasterize(RasterMesh.of(body.verticesAsFloats(null), model.faces()), fit.camera())
        .coverageImage();
  }

  /** The 33 landmarks as {@code {"source", "landmarks": [{name, x, y, z, visibility, ...}]}}. */
  public static ObjectNode landmarksJson(PoseLandmarks landmarks, String source) {
    ObjectNode root = JsonFiles.object();
    root.put("source", source);
    root.put("count", PoseLandmarks.COUNT);
    ArrayNode list = root.putArray("landmarks");
    for (int i = 0; i < PoseLandmarks.COUNT; i++) {
      ObjectNode l = list.addObject();
      l.put("name", PoseLandmarks.NAMES.get(i));
      l.put("x", landmarks.x(i));
      l.put("y", landmarks.y(i));
      l.put("z", landmarks.z()[i]);
      l.put("visibility", landmarks.visibility(i));
      l.put("presence", landmarks.presence(i));
      if (landmarks.hasWorld()) {
        ArrayNode w = l.putArray("world");
        for (int a = 0; a < 3; a++) {
          w.add(landmarks.world(i, a));
        }
      }
    }
    return root;
  }

  private static ObjectNode fitJson(
      FitResult fit, BodyModel model, String landmarkSource, Map<String, Double> times) {
    ObjectNode root = JsonFiles.object();
    root.put("body_model", model.name());
    root.put("landmarks", landmarkSource);
    root.put("focal_px", fit.camera().fx());
    root.put("landmark_error_px", fit.landmarkErrorPx());
    root.put("joint_error_px", fit.jointErrorPx());
    root.put("joint_error_fraction_of_height", fit.jointErrorPx() / fit.camera().height());
    if (Double.isNaN(fit.silhouetteIou())) {
      root.putNull("silhouette_iou");
    } else {
      root.put("silhouette_iou", fit.silhouetteIou());
    }
    ArrayNode warnings = root.putArray("warnings");
    fit.warnings().forEach(warnings::add);
    ArrayNode stages = root.putArray("stages");
    for (StageReport s : fit.stages()) {
      ObjectNode o = stages.addObject();
      o.put("name", s.name());
      o.put("iterations", s.iterations());
      o.put("initial_loss", s.initialCost());
      o.put("final_loss", s.finalCost());
      ObjectNode terms = o.putObject("terms");
      for (int t = 0; t < FitObjective.TERM_NAMES.length; t++) {
        terms.put(FitObjective.TERM_NAMES[t], s.termCosts()[t]);
      }
      o.put("seconds", s.seconds());
    }
    ObjectNode t = root.putObject("times_s");
    times.forEach(t::put);
    t.put("fit", fit.seconds());
    return root;
  }
}
