package dev.persona.eval.neuman;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetWriter;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.progress.ProgressListener;
import dev.persona.eval.colmap.ColmapModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Converts a NeuMan sequence (Jiang et al., ECCV 2022) with SMPL-X fits in ExAvatar's layout into
 * this project's dataset layout.
 *
 * <pre>
 * SEQ/images/NNNNN.png                          the frames
 * SEQ/masks/NNNNN.png                           person masks, white = person (ExAvatar's), or
 * SEQ/segmentations/NNNNN.png                   NeuMan's own, black = person
 * SEQ/sparse/{cameras,images}.bin               the COLMAP model ({@link ColmapModel#read}:
 *   or SEQ/sparse/{cameras,images}.txt          binary when both .bin files are there, else text)
 * SEQ/smplx_optimized/smplx_params/N.json       SMPL-X per frame (root_pose, body_pose, jaw_pose,
 *                                               leye_pose, reye_pose, lhand_pose, rhand_pose,
 *                                               expr, trans), in COLMAP's world
 * SEQ/smplx_optimized/shape_param.json          the subject's betas (optional)
 * SEQ/{train,test}_split.txt                    optional: the frames of each split, one file name
 *                                               a line
 * </pre>
 *
 * The first training frame becomes the {@code photo}; without split files every frame is a training
 * frame. NeuMan's own SMPL fits are not SMPL-X and are not read.
 */
public final class NeuManImport {
  private NeuManImport() {}

  /**
   * Writes {@code sequence} as a dataset in {@code out}.
   *
   * @throws InvalidInputException NOT_FOUND for missing images, masks, cameras or SMPL-X files; as
   *     {@link ColmapModel#read} throws
   */
  public static Dataset convert(Path sequence, Path out, ProgressListener progress)
      throws IOException {
    Path imagesDir = sequence.resolve("images");
    if (!Files.isDirectory(imagesDir)) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, sequence + ": no images/ folder (not a NeuMan sequence)");
    }
    List<String> names;
    try (Stream<Path> s = Files.list(imagesDir)) {
      names =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".png"))
              .sorted()
              .toList();
    }
    Map<String, PinholeCamera> cameras = ColmapModel.read(sequence.resolve("sparse"));
    Set<String> test = split(sequence.resolve("test_split.txt"));
    Set<String> train = split(sequence.resolve("train_split.txt"));
    double[] betas = betas(sequence.resolve("smplx_optimized").resolve("shape_param.json"));
    DatasetWriter writer = DatasetWriter.create(out);
    boolean photo = true;
    int id = 0;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      boolean isTest = test.contains(name);
      if (!isTest && !train.isEmpty() && !train.contains(name)) {
        continue;
      }
      progress.progress(i, names.size(), "importing " + name);
      PinholeCamera camera = cameras.get(name);
      if (camera == null) {
        throw new InvalidInputException(
            Reason.NOT_FOUND,
            sequence.resolve("sparse") + ": the COLMAP model has no pose for " + name);
      }
      Image image = ImageIo.read(imagesDir.resolve(name));
      FrameSplit split = isTest ? FrameSplit.TEST : photo ? FrameSplit.PHOTO : FrameSplit.TRAIN;
      ObjectNode extra = JsonFiles.object();
      extra.put("source_image", name);
      writer.addFrame(
          String.format(Locale.ROOT, "%05d", id++),
          split,
          camera,
          smplx(sequence, name, betas),
          image,
          mask(sequence, name),
          extra);
      photo &= isTest;
    }
    writer.put("source", JsonFiles.nodes().textNode("neuman " + sequence.getFileName()));
    progress.progress(names.size(), names.size(), "imported " + id + " frames");
    return writer.finish();
  }

  private static Image mask(Path sequence, String name) throws IOException {
    Path exAvatar = sequence.resolve("masks").resolve(name);
    if (Files.isRegularFile(exAvatar)) {
      return ImageIo.readMask(exAvatar);
    }
    Path neuman = sequence.resolve("segmentations").resolve(name);
    if (!Files.isRegularFile(neuman)) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, sequence + ": no mask for " + name + " in masks/ or segmentations/");
    }
    Image m = ImageIo.readMask(neuman);
    float[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = 1 - d[i];
    }
    return m;
  }

  private static SmplxParams smplx(Path sequence, String imageName, double[] betas) {
    String stem = imageName.substring(0, imageName.lastIndexOf('.'));
    int frame;
    try {
      frame = Integer.parseInt(stem);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          Reason.MALFORMED, imageName + ": NeuMan frames are named by number");
    }
    Path file =
        sequence.resolve("smplx_optimized").resolve("smplx_params").resolve(frame + ".json");
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          Reason.NOT_FOUND,
          file + " not found: NeuMan needs SMPL-X fits in ExAvatar's smplx_optimized layout");
    }
    JsonNode j = JsonFiles.read(file);
    return new SmplxParams(
        betas,
        numbers(j, "expr", -1, file),
        numbers(j, "root_pose", 3, file),
        numbers(j, "body_pose", SmplxJoints.BODY_JOINTS * 3, file),
        numbers(j, "jaw_pose", 3, file),
        numbers(j, "leye_pose", 3, file),
        numbers(j, "reye_pose", 3, file),
        numbers(j, "lhand_pose", SmplxJoints.HAND_JOINTS * 3, file),
        numbers(j, "rhand_pose", SmplxJoints.HAND_JOINTS * 3, file),
        numbers(j, "trans", 3, file));
  }

  /** The flattened numbers of {@code key}; absent: zeros (none when {@code length} < 0). */
  private static double[] numbers(JsonNode j, String key, int length, Path file) {
    JsonNode n = j.get(key);
    if (n == null) {
      if (key.equals("root_pose") || key.equals("body_pose") || key.equals("trans")) {
        throw new InvalidInputException(Reason.MALFORMED, file + ": no '" + key + "'");
      }
      return new double[Math.max(0, length)];
    }
    double[] v = JsonFiles.flatNumbers(n, file + " '" + key + "'", 1000);
    if (length >= 0 && v.length != length) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          file + ": '" + key + "' has " + v.length + " values, expected " + length);
    }
    return v;
  }

  private static double[] betas(Path file) {
    return Files.isRegularFile(file)
        ? JsonFiles.flatNumbers(JsonFiles.read(file), file.toString(), 1000)
        : new double[0];
  }

  private static Set<String> split(Path file) throws IOException {
    Set<String> names = new HashSet<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
    }
    return names;
  }
}
