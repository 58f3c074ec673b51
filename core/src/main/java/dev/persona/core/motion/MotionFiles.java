package dev.persona.core.motion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.SmplxParamsJson;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.io.NpyArray;
import dev.persona.core.io.Npz;
import dev.persona.core.math.Rotations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Motions from files, and the choice between a built-in motion and a file.
 *
 * <ul>
 *   <li>{@code .json}: either a list of SMPL-X parameter objects (as {@link SmplxParamsJson} reads
 *       them), taken as already at the requested frame rate, or {@code {"frame_rate": R, "frames":
 *       [...]}}, resampled from R;
 *   <li>{@code .npz}: AMASS's layout ({@code poses [T, 156]} SMPL+H or {@code [T, 165]} SMPL-X,
 *       axis-angle; {@code trans [T, 3]} metres; optional {@code betas}; {@code mocap_frame_rate}
 *       or, in SMPL+H files, {@code mocap_framerate}), resampled from its rate. SMPL+H poses have
 *       no jaw or eyes: those stay zero, and its 15+15 hand joints fill SMPL-X's. AMASS is z-up;
 *       {@link #readAmass(Path, double, boolean)} with {@code zUp} turns it to our y-up world
 *       (global orientation and translation rotated by -90 degrees about x; the body's pelvis
 *       height then differs from AMASS's by a constant, which framing absorbs).
 * </ul>
 */
public final class MotionFiles {
  private MotionFiles() {}

  /** The frame rate renders use unless told otherwise. */
  public static final double DEFAULT_FRAME_RATE = 30;

  /** More frames than this (about an hour at 30 fps) are refused before they are built. */
  public static final int MAX_FRAMES = 120_000;

  /** The largest motion archive read, element bytes: an hour of SMPL-X at 120 fps in float64. */
  static final long MAX_NPZ_BYTES = 1L << 30;

  /** Poses per frame in an SMPL+H AMASS file: 52 joints (body 22, hands 15 + 15). */
  static final int SMPLH_POSE = 156;

  private static final int BODY_WITH_ROOT = SmplxJoints.BODY_JOINTS + 1;

  /**
   * A built-in motion by name, else a motion file.
   *
   * @param nameOrFile {@code turn}, {@code walk}, ... ({@link BuiltInMotion}) or a {@code .json} /
   *     {@code .npz} path
   * @param frameRate frames per second of the result
   * @throws InvalidInputException NOT_FOUND when it is neither a built-in name nor an existing file
   *     (the message lists the built-in names), and as {@link #read} throws
   */
  public static Motion resolve(String nameOrFile, double frameRate) throws IOException {
    Optional<BuiltInMotion> builtIn = BuiltInMotion.byName(nameOrFile);
    if (builtIn.isPresent()) {
      return builtIn.get().motion(frameRate);
    }
    Path file = Path.of(nameOrFile);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          Reason.NOT_FOUND,
          "motion '"
              + nameOrFile
              + "' is neither a built-in motion ("
              + String.join(", ", BuiltInMotion.names())
              + ") nor an existing file");
    }
    return read(file, frameRate);
  }

  /**
   * Reads a motion file by its extension ({@code .json} or {@code .npz}); AMASS archives are taken
   * as z-up.
   *
   * @param frameRate frames per second of the result
   * @throws InvalidInputException UNSUPPORTED for another extension; NOT_FOUND, MALFORMED, CORRUPT,
   *     TOO_LARGE naming the file and what is wrong
   */
  public static Motion read(Path file, double frameRate) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      return readJson(file, frameRate);
    }
    if (name.endsWith(".npz")) {
      return readAmass(file, frameRate, true);
    }
    throw new InvalidInputException(
        Reason.UNSUPPORTED, file + ": a motion file must be .json or .npz (AMASS)");
  }

  /** A JSON motion, see the class comment. */
  public static Motion readJson(Path file, double frameRate) {
    JsonNode root = JsonFiles.read(file);
    String source = file.toString();
    JsonNode list = root;
    double sourceRate = frameRate;
    if (root.isObject()) {
      JsonNode rate = root.get("frame_rate");
      if (rate == null || !rate.isNumber() || !(rate.doubleValue() > 0)) {
        throw new InvalidInputException(
            Reason.MALFORMED, source + ": \"frame_rate\" must be a positive number");
      }
      sourceRate = rate.doubleValue();
      list = root.get("frames");
    }
    if (list == null || !list.isArray()) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          source
              + ": a motion is a list of SMPL-X parameter objects, or an object with"
              + " \"frame_rate\" and \"frames\"; got "
              + JsonFiles.describe(list));
    }
    if (list.isEmpty()) {
      throw new InvalidInputException(Reason.MALFORMED, source + ": the motion has no frames");
    }
    if (list.size() > MAX_FRAMES) {
      throw new InvalidInputException(
          Reason.TOO_LARGE, source + ": " + list.size() + " frames, more than " + MAX_FRAMES);
    }
    List<SmplxParams> frames = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      frames.add(SmplxParamsJson.fromJson(list.get(i), source + " frame " + i));
    }
    Motion motion = new Motion(file.getFileName().toString(), sourceRate, frames);
    return sourceRate == frameRate ? motion : motion.resample(frameRate);
  }

  /**
   * An AMASS-style archive, resampled to {@code frameRate}.
   *
   * @param zUp whether the archive's world is z-up (AMASS's is): it is then turned to y-up
   * @throws InvalidInputException as {@link Npz#read} throws; MALFORMED naming the key for a
   *     missing array, a wrong shape, frame counts that disagree, a non-finite value or a
   *     non-positive frame rate; TOO_LARGE beyond {@link #MAX_FRAMES}
   */
  public static Motion readAmass(Path file, double frameRate, boolean zUp) throws IOException {
    String source = file.toString();
    // Skip AMASS's string arrays (gender, surface_model_type) that this reader has no use for.
    Map<String, NpyArray> a = Npz.read(file, MAX_NPZ_BYTES, true);
    NpyArray poses = require(a, "poses", source);
    NpyArray trans = require(a, "trans", source);
    int[] shape = poses.shape();
    int width = shape.length == 2 ? shape[1] : -1;
    if (width != SMPLH_POSE && width != SmplxJoints.COUNT * 3) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          source
              + ": poses must be [T, 156] (SMPL+H) or [T, 165] (SMPL-X), got "
              + Arrays.toString(shape));
    }
    int frames = shape[0];
    if (frames < 1) {
      throw new InvalidInputException(Reason.MALFORMED, source + ": poses has no frames");
    }
    if (frames > MAX_FRAMES) {
      throw new InvalidInputException(
          Reason.TOO_LARGE, source + ": " + frames + " frames, more than " + MAX_FRAMES);
    }
    if (!Arrays.equals(trans.shape(), new int[] {frames, 3})) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          source
              + ": trans must be ["
              + frames
              + ", 3] to match poses, got "
              + Arrays.toString(trans.shape()));
    }
    double rate = frameRate(a, source);
    double[] betas =
        a.containsKey("betas") ? finite(a.get("betas"), "betas", source) : new double[0];
    if (betas.length > SmplxParamsJson.MAX_COEFFICIENTS) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": betas has " + betas.length + " values, too many");
    }
    double[] p = finite(poses, "poses", source);
    double[] t = finite(trans, "trans", source);
    double[] up = new double[9];
    Rotations.axisAngleToMatrix(new double[] {-Math.PI / 2, 0, 0}, 0, up, 0);
    double[] m = new double[27];
    List<SmplxParams> out = new ArrayList<>(frames);
    for (int f = 0; f < frames; f++) {
      double[] pose = new double[SmplxJoints.COUNT * 3];
      if (width == SmplxJoints.COUNT * 3) {
        System.arraycopy(p, f * width, pose, 0, width);
      } else {
        // SMPL+H: root and body (22), then left hand and right hand; SMPL-X puts jaw and eyes
        // between the body and the hands.
        System.arraycopy(p, f * width, pose, 0, BODY_WITH_ROOT * 3);
        System.arraycopy(
            p,
            f * width + BODY_WITH_ROOT * 3,
            pose,
            SmplxJoints.LEFT_HAND_FIRST * 3,
            2 * SmplxJoints.HAND_JOINTS * 3);
      }
      double[] transl = Arrays.copyOfRange(t, f * 3, f * 3 + 3);
      if (zUp) {
        Rotations.axisAngleToMatrix(pose, 0, m, 0);
        Rotations.multiply(up, 0, m, 0, m, 9);
        Rotations.matrixToAxisAngle(m, 9, pose, 0);
        double[] turned = new double[3];
        Rotations.transform(up, 0, transl, 0, turned, 0);
        transl = turned;
      }
      out.add(SmplxParams.fromFullPose(betas, new double[0], pose, transl));
    }
    Motion motion = new Motion(file.getFileName().toString(), rate, out);
    return rate == frameRate ? motion : motion.resample(frameRate);
  }

  private static double frameRate(Map<String, NpyArray> a, String source) {
    NpyArray r =
        a.containsKey("mocap_frame_rate") ? a.get("mocap_frame_rate") : a.get("mocap_framerate");
    if (r == null) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": no mocap_frame_rate (or mocap_framerate)");
    }
    double[] v = r.toDoubles();
    if (v.length != 1 || !(v[0] > 0) || Double.isInfinite(v[0])) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": mocap_frame_rate must be one positive number");
    }
    return v[0];
  }

  private static NpyArray require(Map<String, NpyArray> a, String key, String source) {
    NpyArray array = a.get(key);
    if (array == null) {
      throw new InvalidInputException(Reason.MALFORMED, source + ": no '" + key + "' array");
    }
    return array;
  }

  private static double[] finite(NpyArray array, String key, String source) {
    double[] v = array.toDoubles();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new InvalidInputException(
            Reason.MALFORMED, source + ": " + key + " element " + i + " is not a finite number");
      }
    }
    return v;
  }
}
