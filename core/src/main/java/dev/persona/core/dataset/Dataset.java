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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataset folder (layout in {@link DatasetLayout}), validated on {@link #open}: its description,
 * cameras and the presence of every frame's files are checked up front, while parameters, images
 * and masks are read only when asked for, one frame at a time. Immutable; safe to share between
 * threads.
 */
public final class Dataset {
  private final Path folder;
  private final ObjectNode description;
  private final String photoId;
  private final Map<String, FrameSplit> splits;
  private final Map<String, PinholeCamera> cameras;

  private Dataset(
      Path folder,
      ObjectNode description,
      String photoId,
      Map<String, FrameSplit> splits,
      Map<String, PinholeCamera> cameras) {
    this.folder = folder;
    this.description = description;
    this.photoId = photoId;
    this.splits = splits;
    this.cameras = cameras;
  }

  /**
   * Opens and validates a dataset folder.
   *
   * @throws InvalidInputException NOT_FOUND when the folder, {@code dataset.json} (a dataset still
   *     being written has none: the writer writes it last), {@code cameras.json} or any frame's
   *     image, mask or parameters file is missing; MALFORMED when a description is not as the
   *     layout says: no photo frame or more than one, a frame id not five digits, an unknown split,
   *     a frame without a camera
   */
  public static Dataset open(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(Reason.NOT_FOUND, folder + ": no such dataset folder");
    }
    Path descriptionFile = DatasetLayout.description(folder);
    if (!Files.isRegularFile(descriptionFile)) {
      boolean started =
          Files.exists(folder.resolve(DatasetLayout.IMAGES))
              || Files.exists(DatasetLayout.cameras(folder));
      throw new InvalidInputException(
          Reason.NOT_FOUND,
          descriptionFile
              + " is missing: "
              + (started
                  ? "the dataset is incomplete (its writer did not finish; dataset.json is"
                      + " written last)"
                  : "not a dataset folder"));
    }
    JsonNode root = JsonFiles.read(descriptionFile);
    String source = descriptionFile.toString();
    if (!root.isObject()) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": must be a JSON object, got " + JsonFiles.describe(root));
    }
    ObjectNode description = (ObjectNode) root;
    Map<String, FrameSplit> splits = readSplits(description, source);
    String photoId = readPhoto(description, splits, source);
    Map<String, PinholeCamera> cameras = readCameras(folder, splits);
    checkFiles(folder, splits);
    return new Dataset(
        folder,
        description,
        photoId,
        Collections.unmodifiableMap(splits),
        Collections.unmodifiableMap(cameras));
  }

  private static Map<String, FrameSplit> readSplits(ObjectNode description, String source) {
    JsonNode frames = description.get("frames");
    if (frames == null || !frames.isObject()) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          source
              + ": \"frames\" must be an object of frame id -> {\"split\": ...}, got "
              + JsonFiles.describe(frames));
    }
    Map<String, FrameSplit> splits = new TreeMap<>();
    for (Map.Entry<String, JsonNode> frame : frames.properties()) {
      String id = FrameIds.check(frame.getKey(), source);
      JsonNode entry = frame.getValue();
      JsonNode split = entry.isObject() ? entry.get("split") : null;
      if (split == null || !split.isTextual()) {
        throw new InvalidInputException(
            Reason.MALFORMED, source + ": frame " + id + " has no \"split\" string");
      }
      splits.put(id, FrameSplit.fromJsonName(split.textValue(), source + ", frame " + id));
    }
    return splits;
  }

  private static String readPhoto(
      ObjectNode description, Map<String, FrameSplit> splits, String source) {
    JsonNode photo = description.get("photo");
    if (photo == null || !photo.isTextual()) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": no \"photo\" frame id (the input photograph)");
    }
    String photoId = FrameIds.check(photo.textValue(), source + ", \"photo\"");
    if (splits.get(photoId) != FrameSplit.PHOTO) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          source
              + ": \"photo\" names frame "
              + photoId
              + (splits.containsKey(photoId)
                  ? ", whose split is not \"photo\""
                  : ", which is not among the frames"));
    }
    for (Map.Entry<String, FrameSplit> frame : splits.entrySet()) {
      if (frame.getValue() == FrameSplit.PHOTO && !frame.getKey().equals(photoId)) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            source + ": frames " + photoId + " and " + frame.getKey() + " both have split photo");
      }
    }
    return photoId;
  }

  private static Map<String, PinholeCamera> readCameras(
      Path folder, Map<String, FrameSplit> splits) {
    Path file = DatasetLayout.cameras(folder);
    JsonNode root = JsonFiles.read(file);
    if (!root.isObject()) {
      throw new InvalidInputException(
          Reason.MALFORMED, file + ": must be an object of frame id -> camera");
    }
    Map<String, PinholeCamera> cameras = new TreeMap<>();
    for (String id : splits.keySet()) {
      JsonNode camera = root.get(id);
      if (camera == null) {
        throw new InvalidInputException(Reason.MALFORMED, file + ": no camera for frame " + id);
      }
      cameras.put(id, CameraJson.fromJson(camera, file + ", frame " + id));
    }
    return cameras;
  }

  private static void checkFiles(Path folder, Map<String, FrameSplit> splits) {
    List<String> missing = new ArrayList<>();
    int count = 0;
    for (String id : splits.keySet()) {
      for (Path file :
          new Path[] {
            DatasetLayout.image(folder, id),
            DatasetLayout.mask(folder, id),
            DatasetLayout.params(folder, id)
          }) {
        if (!Files.isRegularFile(file)) {
          count++;
          if (missing.size() < 5) {
            missing.add(folder.relativize(file).toString());
          }
        }
      }
    }
    if (count > 0) {
      throw new InvalidInputException(
          Reason.NOT_FOUND,
          folder
              + ": "
              + count
              + " file(s) of frames listed in dataset.json are missing: "
              + String.join(", ", missing)
              + (count > missing.size() ? ", ..." : ""));
    }
  }

  public Path folder() {
    return folder;
  }

  /** The id of the input photograph's frame. */
  public String photoId() {
    return photoId;
  }

  /** Every frame id, in ascending order. */
  public List<String> frameIds() {
    return List.copyOf(splits.keySet());
  }

  /** The ids of the frames with one of the given splits, in ascending order. */
  public List<String> frameIds(FrameSplit... wanted) {
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, FrameSplit> frame : splits.entrySet()) {
      for (FrameSplit split : wanted) {
        if (frame.getValue() == split) {
          ids.add(frame.getKey());
          break;
        }
      }
    }
    return ids;
  }

  /** The frames training may read: the photo and the train frames, in ascending order. */
  public List<String> trainingFrameIds() {
    return frameIds(FrameSplit.PHOTO, FrameSplit.TRAIN);
  }

  public boolean contains(String id) {
    return splits.containsKey(id);
  }

  public FrameSplit split(String id) {
    return splits.get(known(id));
  }

  public PinholeCamera camera(String id) {
    return cameras.get(known(id));
  }

  /** Reads the frame's SMPL-X parameters ({@code smplx/NNNNN.json}). */
  public SmplxParams params(String id) {
    return SmplxParamsJson.read(DatasetLayout.params(folder, known(id)));
  }

  /**
   * Reads the frame's image: linear float RGB (or RGBA if the file has alpha).
   *
   * @throws InvalidInputException as {@link ImageIo#read} throws them, or MALFORMED when the image
   *     is not the camera's size
   */
  public Image image(String id) throws IOException {
    Path file = DatasetLayout.image(folder, known(id));
    Image image = ImageIo.read(file);
    checkSize(id, file, image);
    return image;
  }

  /**
   * Reads the frame's mask: one channel, coverage in [0, 1].
   *
   * @throws InvalidInputException as {@link ImageIo#readMask} throws them, or MALFORMED when the
   *     mask is not the camera's size
   */
  public Image mask(String id) throws IOException {
    Path file = DatasetLayout.mask(folder, known(id));
    Image mask = ImageIo.readMask(file);
    checkSize(id, file, mask);
    return mask;
  }

  public Path imageFile(String id) {
    return DatasetLayout.image(folder, known(id));
  }

  public Path maskFile(String id) {
    return DatasetLayout.mask(folder, known(id));
  }

  public Path paramsFile(String id) {
    return DatasetLayout.params(folder, known(id));
  }

  /** A copy of the whole {@code dataset.json}, including keys this class does not interpret. */
  public ObjectNode description() {
    return description.deepCopy();
  }

  /** A copy of the frame's entry in {@code dataset.json} ({@code split} and any other keys). */
  public ObjectNode frameEntry(String id) {
    return ((ObjectNode) description.get("frames").get(known(id))).deepCopy();
  }

  private void checkSize(String id, Path file, Image image) {
    PinholeCamera camera = cameras.get(id);
    if (image.width() != camera.width() || image.height() != camera.height()) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          file
              + ": "
              + image.width()
              + "x"
              + image.height()
              + ", but frame "
              + id
              + "'s camera is "
              + camera.width()
              + "x"
              + camera.height());
    }
  }

  private String known(String id) {
    if (!splits.containsKey(id)) {
      throw new IllegalArgumentException(folder + " has no frame " + id);
    }
    return id;
  }
}
