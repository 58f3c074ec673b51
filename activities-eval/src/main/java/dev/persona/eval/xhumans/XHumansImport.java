package dev.persona.eval.xhumans;

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
import dev.persona.core.io.NpyArray;
import dev.persona.core.io.Npz;
import dev.persona.core.progress.ProgressListener;
import dev.persona.eval.pickle.NumpyArray;
import dev.persona.eval.pickle.PickleReader;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Converts an X-Humans subject (Shen et al., X-Avatar, CVPR 2023) into this project's dataset
 * layout: the first frame of the first training take becomes the {@code photo}, the other training
 * frames {@code train}, every test take's frames {@code test}.
 *
 * <pre>
 * SUBJECT/{train,test}/TakeN/render/image/color_NNNNNN.png   the frames (sorted by name)
 * SUBJECT/{train,test}/TakeN/render/depth/depth_NNNNNN.tiff  depth in metres, 0 off the person
 * SUBJECT/{train,test}/TakeN/render/cameras.npz              intrinsic (3, 3); extrinsic (N, 3, 4)
 *                                                            or (N, 4, 4), world to camera (OpenCV
 *                                                            axes), one per image in name order
 * SUBJECT/{train,test}/TakeN/SMPLX/mesh-fNNNNN_smplx.pkl     SMPL-X parameters of frame NNNNN
 * </pre>
 *
 * The mask is where the depth is positive and finite. SMPL-X parameters are read from the pickles'
 * numeric arrays ({@link PickleReader}); hand poses are full axis-angle (45 values), and absent
 * parameters (eyes, jaw, expression) are zero.
 */
public final class XHumansImport {
  private static final Pattern IMAGE = Pattern.compile("color_(\\d+)\\.png");
  private static final Pattern SMPLX = Pattern.compile("mesh-f(\\d+)_smplx\\.pkl");
  private static final Pattern TAKE = Pattern.compile("Take(\\d+)");

  private XHumansImport() {}

  /**
   * Converts {@code subject} into a dataset at {@code out}.
   *
   * @param stride keep every {@code stride}-th frame of each take (1: all)
   * @throws InvalidInputException NOT_FOUND for missing takes, cameras, depth or parameters;
   *     MALFORMED when the cameras do not match the images; as {@link PickleReader} throws
   */
  public static Dataset convert(Path subject, Path out, int stride, ProgressListener progress)
      throws IOException {
    if (stride < 1) {
      throw new IllegalArgumentException("stride must be >= 1, got " + stride);
    }
    List<Path> trainTakes = takes(subject.resolve("train"));
    List<Path> testTakes = takes(subject.resolve("test"));
    if (trainTakes.isEmpty()) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, subject + ": no train/Take* folders (not an X-Humans subject)");
    }
    DatasetWriter writer = DatasetWriter.create(out);
    int[] next = {0};
    boolean photo = true;
    List<Path> all = new ArrayList<>(trainTakes);
    all.addAll(testTakes);
    for (int t = 0; t < all.size(); t++) {
      Path take = all.get(t);
      boolean test = t >= trainTakes.size();
      progress.progress(t, all.size(), "importing " + subject.relativize(take));
      photo = importTake(subject, take, test, photo, stride, writer, next);
    }
    writer.put("source", JsonFiles.nodes().textNode("x-humans " + subject.getFileName()));
    progress.progress(all.size(), all.size(), "imported " + next[0] + " frames");
    return writer.finish();
  }

  private static boolean importTake(
      Path subject,
      Path take,
      boolean test,
      boolean photo,
      int stride,
      DatasetWriter writer,
      int[] next)
      throws IOException {
    Path render = take.resolve("render");
    List<Path> images = listMatching(render.resolve("image"), IMAGE);
    if (images.isEmpty()) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, render.resolve("image") + ": no color_*.png");
    }
    Map<Integer, Path> params = new HashMap<>();
    for (Path p : listMatching(take.resolve("SMPLX"), SMPLX)) {
      Matcher m = SMPLX.matcher(p.getFileName().toString());
      if (m.matches()) {
        params.put(Integer.parseInt(m.group(1)), p);
      }
    }
    Path camerasFile = render.resolve("cameras.npz");
    if (!Files.isRegularFile(camerasFile)) {
      throw new InvalidInputException(Reason.NOT_FOUND, camerasFile + " not found");
    }
    Map<String, NpyArray> cameras = Npz.read(camerasFile);
    double[] k = array(cameras, "intrinsic", camerasFile).toDoubles();
    NpyArray extrinsic = array(cameras, "extrinsic", camerasFile);
    int[] es = extrinsic.shape();
    if (k.length != 9
        || es.length != 3
        || es[0] != images.size()
        || es[2] != 4
        || (es[1] != 3 && es[1] != 4)) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          camerasFile
              + ": expected intrinsic (3, 3) and extrinsic ("
              + images.size()
              + ", 3 or 4, 4) for "
              + images.size()
              + " images");
    }
    double[] e = extrinsic.toDoubles();
    String takeName = subject.relativize(take).toString().replace('\\', '/');
    for (int i = 0; i < images.size(); i += stride) {
      Path imageFile = images.get(i);
      Matcher m = IMAGE.matcher(imageFile.getFileName().toString());
      if (!m.matches()) {
        continue;
      }
      int frame = Integer.parseInt(m.group(1));
      Path pkl = params.get(frame);
      if (pkl == null) {
        throw new InvalidInputException(
            Reason.NOT_FOUND, take.resolve("SMPLX") + ": no parameters for frame " + frame);
      }
      Image image = ImageIo.read(imageFile);
      Path depthFile =
          render.resolve("depth").resolve(String.format(Locale.ROOT, "depth_%s.tiff", m.group(1)));
      Image mask = depthMask(depthFile, image.width(), image.height());
      double[] w2c = new double[16];
      System.arraycopy(e, i * es[1] * 4, w2c, 0, 12);
      w2c[15] = 1;
      PinholeCamera camera =
          new PinholeCamera(image.width(), image.height(), k[0], k[4], k[2], k[5], w2c);
      FrameSplit split = test ? FrameSplit.TEST : photo ? FrameSplit.PHOTO : FrameSplit.TRAIN;
      ObjectNode extra = JsonFiles.object();
      extra.put("take", takeName);
      extra.put("frame", frame);
      writer.addFrame(
          String.format(Locale.ROOT, "%05d", next[0]++),
          split,
          camera,
          smplx(pkl),
          image,
          mask,
          extra);
      photo = false;
    }
    return photo;
  }

  /** The SMPL-X parameters in one X-Humans pickle. */
  public static SmplxParams smplx(Path pkl) throws IOException {
    Object root = PickleReader.read(pkl);
    if (!(root instanceof Map<?, ?> map)) {
      throw new InvalidInputException(
          Reason.MALFORMED, pkl + ": expected a dict of SMPL-X parameters");
    }
    return new SmplxParams(
        values(map, "betas", -1, pkl),
        values(map, "expression", -1, pkl),
        values(map, "global_orient", 3, pkl),
        values(map, "body_pose", SmplxJoints.BODY_JOINTS * 3, pkl),
        values(map, "jaw_pose", 3, pkl),
        values(map, "leye_pose", 3, pkl),
        values(map, "reye_pose", 3, pkl),
        values(map, "left_hand_pose", SmplxJoints.HAND_JOINTS * 3, pkl),
        values(map, "right_hand_pose", SmplxJoints.HAND_JOINTS * 3, pkl),
        values(map, "transl", 3, pkl));
  }

  /**
   * The flattened array {@code key}; absent: zeros ({@code length} of them, none when {@code
   * length} < 0), except the root's orientation and translation, which must be there.
   */
  private static double[] values(Map<?, ?> map, String key, int length, Path pkl) {
    Object v = map.get(key);
    if (v == null) {
      if (key.equals("global_orient") || key.equals("body_pose") || key.equals("transl")) {
        throw new InvalidInputException(Reason.MALFORMED, pkl + ": no '" + key + "'");
      }
      return new double[Math.max(0, length)];
    }
    if (!(v instanceof NumpyArray a)) {
      throw new InvalidInputException(Reason.MALFORMED, pkl + ": '" + key + "' is not an array");
    }
    double[] d = a.values();
    if (length >= 0 && d.length != length) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          pkl + ": '" + key + "' has " + d.length + " values, expected " + length);
    }
    return d;
  }

  /** Where the depth map is positive and finite: 1, else 0. */
  static Image depthMask(Path file, int width, int height) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, file + " not found (the mask comes from it)");
    }
    BufferedImage depth = ImageIO.read(file.toFile());
    if (depth == null) {
      throw new InvalidInputException(Reason.WRONG_FORMAT, file + " is not a readable TIFF");
    }
    if (depth.getWidth() != width || depth.getHeight() != height) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          file
              + " is "
              + depth.getWidth()
              + "x"
              + depth.getHeight()
              + ", the image "
              + width
              + "x"
              + height);
    }
    Raster r = depth.getRaster();
    Image mask = new Image(width, height, 1);
    float[] m = mask.data();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        float d = r.getSampleFloat(x, y, 0);
        m[y * width + x] = d > 0 && Float.isFinite(d) ? 1f : 0f;
      }
    }
    return mask;
  }

  private static NpyArray array(Map<String, NpyArray> npz, String key, Path file) {
    NpyArray a = npz.get(key);
    if (a == null) {
      throw new InvalidInputException(Reason.MALFORMED, file + ": no '" + key + "' array");
    }
    return a;
  }

  /** Take folders in numeric order (Take2 before Take10); none when the folder is absent. */
  private static List<Path> takes(Path split) throws IOException {
    if (!Files.isDirectory(split)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(split)) {
      return s.filter(Files::isDirectory)
          .filter(p -> TAKE.matcher(p.getFileName().toString()).matches())
          .sorted((a, b) -> Integer.compare(takeNumber(a), takeNumber(b)))
          .toList();
    }
  }

  private static int takeNumber(Path take) {
    Matcher m = TAKE.matcher(take.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
  }

  private static List<Path> listMatching(Path folder, Pattern pattern) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(Reason.NOT_FOUND, folder + " not found");
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> pattern.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }
}
