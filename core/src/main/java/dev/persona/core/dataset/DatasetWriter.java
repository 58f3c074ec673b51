package dev.persona.core.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.SmplxParamsJson;
import dev.persona.core.camera.CameraJson;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a dataset folder (layout in {@link DatasetLayout}) one frame at a time. Each frame's
 * image, mask and parameters are written as soon as the frame is added, each file atomically;
 * {@link #finish()} then writes {@code cameras.json} and, last, {@code dataset.json}. A folder
 * without {@code dataset.json} is therefore recognisably unfinished, and one with it is complete.
 *
 * <p>{@link #append(Dataset)} rewrites an existing dataset: its {@code dataset.json} keeps every
 * key this class does not know (top-level keys, and extra keys inside frame entries) and its {@code
 * cameras.json} keeps cameras of other frames. Until {@code finish()} the old description stays in
 * place, so an interrupted append leaves the old, consistent dataset (plus unlisted files). Not
 * thread-safe: add frames from one thread.
 */
public final class DatasetWriter {
  private final Path folder;
  private final ObjectNode description;
  private final ObjectNode cameras;
  private final Map<String, ObjectNode> frames = new TreeMap<>();
  private String photoId;
  private boolean finished;

  private DatasetWriter(Path folder, ObjectNode description, ObjectNode cameras) {
    this.folder = folder;
    this.description = description;
    this.cameras = cameras;
  }

  /**
   * Starts a new dataset in {@code folder} (created if needed).
   *
   * @throws IllegalStateException when the folder already holds a {@code dataset.json}: use {@link
   *     #append} to change an existing dataset
   */
  public static DatasetWriter create(Path folder) throws IOException {
    if (Files.exists(DatasetLayout.description(folder))) {
      throw new IllegalStateException(
          folder + " already holds a dataset; open it and append, or choose another folder");
    }
    Files.createDirectories(folder);
    for (String sub :
        new String[] {DatasetLayout.IMAGES, DatasetLayout.MASKS, DatasetLayout.SMPLX}) {
      Files.createDirectories(folder.resolve(sub));
    }
    return new DatasetWriter(folder, JsonFiles.object(), JsonFiles.object());
  }

  /** Continues an existing dataset: its frames stay, new frames are added or replace old ones. */
  public static DatasetWriter append(Dataset dataset) {
    Path folder = dataset.folder();
    JsonNode cameras = JsonFiles.read(DatasetLayout.cameras(folder));
    DatasetWriter writer =
        new DatasetWriter(folder, dataset.description(), ((ObjectNode) cameras).deepCopy());
    for (String id : dataset.frameIds()) {
      writer.frames.put(id, dataset.frameEntry(id));
    }
    writer.photoId = dataset.photoId();
    return writer;
  }

  public Path folder() {
    return folder;
  }

  /**
   * Sets a top-level key of {@code dataset.json} other than {@code photo} and {@code frames}
   * (generator settings, subject metadata, ...).
   */
  public DatasetWriter put(String key, JsonNode value) {
    if (key.equals("photo") || key.equals("frames")) {
      throw new IllegalArgumentException("\"" + key + "\" is managed by the writer");
    }
    description.set(key, value);
    return this;
  }

  /** Adds a frame with no extra keys in its {@code dataset.json} entry. */
  public void addFrame(
      String id,
      FrameSplit split,
      PinholeCamera camera,
      SmplxParams params,
      Image image,
      Image mask)
      throws IOException {
    addFrame(id, split, camera, params, image, mask, JsonFiles.object());
  }

  /**
   * Writes a frame's image, mask and parameters and records its split and camera.
   *
   * @param id five digits; a frame with this id already present is replaced
   * @param image linear RGB or RGBA, the camera's size, written as 8-bit sRGB PNG
   * @param mask one channel, coverage in [0, 1], the camera's size, written linearly as 8-bit PNG
   * @param extra further keys of the frame's {@code dataset.json} entry (not {@code split})
   * @throws IllegalArgumentException for a bad id, a second photo frame, or mismatched sizes
   */
  public void addFrame(
      String id,
      FrameSplit split,
      PinholeCamera camera,
      SmplxParams params,
      Image image,
      Image mask,
      ObjectNode extra)
      throws IOException {
    if (finished) {
      throw new IllegalStateException("the dataset is finished");
    }
    if (!FrameIds.isValid(id)) {
      throw new IllegalArgumentException("frame id must be five digits, got \"" + id + "\"");
    }
    if (split == FrameSplit.PHOTO && photoId != null && !photoId.equals(id)) {
      throw new IllegalArgumentException(
          "frame " + photoId + " is already the photo; a dataset has one photo frame");
    }
    if (extra.has("split")) {
      throw new IllegalArgumentException("extra keys must not set \"split\"");
    }
    checkSize(id, camera, image, "image");
    checkSize(id, camera, mask, "mask");
    if (mask.channels() != 1) {
      throw new IllegalArgumentException("frame " + id + ": the mask must have one channel");
    }
    ImageIo.writePng(DatasetLayout.image(folder, id), image);
    ImageIo.writePng(DatasetLayout.mask(folder, id), mask);
    SmplxParamsJson.write(DatasetLayout.params(folder, id), params);
    ObjectNode entry = JsonFiles.object();
    entry.put("split", split.jsonName());
    entry.setAll(extra);
    if (photoId != null && photoId.equals(id) && split != FrameSplit.PHOTO) {
      photoId = null;
    }
    if (split == FrameSplit.PHOTO) {
      photoId = id;
    }
    frames.put(id, entry);
    cameras.set(id, CameraJson.toJson(camera));
  }

  private static void checkSize(String id, PinholeCamera camera, Image image, String what) {
    if (image.width() != camera.width() || image.height() != camera.height()) {
      throw new IllegalArgumentException(
          "frame "
              + id
              + ": the "
              + what
              + " is "
              + image.width()
              + "x"
              + image.height()
              + " but the camera "
              + camera.width()
              + "x"
              + camera.height());
    }
  }

  /**
   * Writes {@code cameras.json}, then {@code dataset.json} (frames in ascending id order, {@code
   * photo} and {@code frames} first), and opens the result.
   *
   * @throws IllegalStateException when no photo frame was added
   */
  public Dataset finish() throws IOException {
    if (photoId == null) {
      throw new IllegalStateException(folder + ": a dataset needs a photo frame");
    }
    ObjectNode root = JsonFiles.object();
    root.put("photo", photoId);
    ObjectNode frameNode = root.putObject("frames");
    for (Map.Entry<String, ObjectNode> frame : frames.entrySet()) {
      frameNode.set(frame.getKey(), frame.getValue());
    }
    for (Map.Entry<String, JsonNode> property : description.properties()) {
      if (!property.getKey().equals("photo") && !property.getKey().equals("frames")) {
        root.set(property.getKey(), property.getValue());
      }
    }
    JsonFiles.write(DatasetLayout.cameras(folder), sortedCameras());
    JsonFiles.write(DatasetLayout.description(folder), root);
    finished = true;
    try {
      return Dataset.open(folder);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          Reason.CORRUPT,
          folder + ": the dataset just written does not open: " + e.getMessage(),
          e);
    }
  }

  private ObjectNode sortedCameras() {
    Map<String, JsonNode> sorted = new TreeMap<>();
    for (Map.Entry<String, JsonNode> camera : cameras.properties()) {
      sorted.put(camera.getKey(), camera.getValue());
    }
    ObjectNode node = JsonFiles.object();
    node.setAll(sorted);
    return node;
  }
}
