package dev.persona.splat.avatar.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyModelNpz;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.SmplxParamsJson;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.io.NpyArray;
import dev.persona.core.io.Npz;
import dev.persona.core.io.Sha256;
import dev.persona.splat.avatar.AvatarOptions;
import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.CanonicalAvatar;
import dev.persona.splat.avatar.OffsetField;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.io.PlyFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained (or fresh) avatar on disk: one folder, self-contained, versioned; the layout is
 * documented in {@code docs/formats/avatar-bundle.md}.
 *
 * <pre>
 * avatar.json      format, version, producer, options, betas, counts, sha256 of every other file
 * body.npz         the body model, SMPL-X's npz layout ({@link BodyModelNpz})
 * canonical.ply    the avatar at the zero pose as standard 3DGS Gaussians ({@link PlyFormat})
 * parameters.npz   every {@link AvatarParameters} group by name, float32
 * skinning.npz     per-Gaussian skinning weights, joint parents, hand/face flags (for others)
 * </pre>
 *
 * <p>Reading rebuilds the avatar with {@link CanonicalAvatar#create} from the stored body, betas
 * and options, checks it against the stored counts, and loads the parameters: the result poses to
 * the same Gaussians, bit for bit, as the avatar that was written. {@code canonical.ply} and {@code
 * skinning.npz} are for viewers and other tools; reading checks their hashes but does not use them.
 *
 * <p>Writing is atomic at the bundle level: an existing {@code avatar.json} is removed first, each
 * data file is written atomically, and {@code avatar.json}, which lists their hashes, comes last;
 * so a folder without {@code avatar.json} is an unfinished bundle and one with it is complete.
 *
 * @param avatar the rebuilt avatar
 * @param parameters its learned parameters
 * @param producer what wrote the bundle (free text)
 */
public record AvatarBundle(CanonicalAvatar avatar, AvatarParameters parameters, String producer) {
  /** The value of {@code format} in {@code avatar.json}. */
  public static final String FORMAT = "persona-avatar";

  /** The layout version this code writes and reads. */
  public static final int VERSION = 1;

  public static final String DESCRIPTION = "avatar.json";
  public static final String BODY = "body.npz";
  public static final String CANONICAL = "canonical.ply";
  public static final String PARAMETERS = "parameters.npz";
  public static final String SKINNING = "skinning.npz";

  /** The data files, in the order they are written and listed. */
  public static final List<String> FILES = List.of(BODY, CANONICAL, PARAMETERS, SKINNING);

  /** The largest parameters archive read, element bytes (the paper's avatar needs about 20 MB). */
  static final long MAX_PARAMETER_BYTES = 1L << 30;

  /**
   * Writes a bundle into {@code folder} (created if needed; an existing bundle there is replaced).
   *
   * @param parameters shapes as {@link AvatarPoser#initialParameters} gives for {@code avatar}
   * @param producer free text naming what wrote it (program, version, run)
   */
  public static void write(
      Path folder, CanonicalAvatar avatar, AvatarParameters parameters, String producer)
      throws IOException {
    AvatarPoser poser = new AvatarPoser(avatar);
    AvatarParameters expected = shapesFor(avatar);
    checkShapes(expected, parameters);
    Files.createDirectories(folder);
    Files.deleteIfExists(folder.resolve(DESCRIPTION));
    BodyModelNpz.write(folder.resolve(BODY), avatar.model());
    PlyFormat.write(folder.resolve(CANONICAL), canonicalGaussians(poser, parameters));
    Npz.write(folder.resolve(PARAMETERS), parameterArrays(avatar, parameters));
    Npz.write(folder.resolve(SKINNING), skinningArrays(avatar));

    ObjectNode root = JsonFiles.object();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("producer", producer);
    root.set("options", BundleOptions.toJson(avatar.options()));
    ArrayNode betas = root.putArray("betas");
    for (double b : avatar.shaped().betas()) {
      betas.add(b);
    }
    root.set("counts", counts(avatar, parameters));
    ObjectNode files = root.putObject("files");
    for (String name : FILES) {
      Path file = folder.resolve(name);
      ObjectNode entry = files.putObject(name);
      entry.put("bytes", Files.size(file));
      entry.put("sha256", Sha256.of(file));
    }
    JsonFiles.write(folder.resolve(DESCRIPTION), root);
  }

  /**
   * Reads a bundle.
   *
   * @throws InvalidInputException naming the file and the problem: NOT_FOUND for a missing folder
   *     or file; WRONG_FORMAT when {@code avatar.json} is not an avatar bundle's; UNSUPPORTED for
   *     another version; CORRUPT when a file's size or sha256 differs from {@code avatar.json}'s;
   *     MALFORMED for missing or invalid keys, a body or parameters that do not fit the stored
   *     counts and options; and as {@link BodyModelNpz#read} and {@link Npz#read} throw
   */
  public static AvatarBundle read(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, folder + ": no avatar bundle here (not a folder)");
    }
    Path descriptionFile = folder.resolve(DESCRIPTION);
    if (!Files.isRegularFile(descriptionFile)) {
      throw new InvalidInputException(
          Reason.NOT_FOUND,
          descriptionFile + ": file not found (not an avatar bundle, or an unfinished one)");
    }
    JsonNode root = JsonFiles.read(descriptionFile);
    String source = descriptionFile.toString();
    if (!root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
      throw new InvalidInputException(
          Reason.WRONG_FORMAT,
          source + ": not an avatar bundle (\"format\" is not \"" + FORMAT + "\")");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isInt()) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": \"version\" must be an integer");
    }
    if (version.intValue() != VERSION) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED,
          source
              + ": bundle version "
              + version.intValue()
              + "; this reader knows version "
              + VERSION);
    }
    verifyFiles(folder, root.get("files"), source);

    AvatarOptions options = BundleOptions.fromJson(root.get("options"), source);
    double[] betas =
        JsonFiles.flatNumbers(
            root.get("betas"), "betas in " + source, SmplxParamsJson.MAX_COEFFICIENTS);
    BodyModel body = BodyModelNpz.read(folder.resolve(BODY));
    CanonicalAvatar avatar;
    try {
      avatar = CanonicalAvatar.create(body, betas, options);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          folder.resolve(BODY) + ": cannot build the avatar: " + e.getMessage(),
          e);
    }
    AvatarParameters parameters = shapesFor(avatar);
    JsonNode counts = root.get("counts");
    if (counts == null || !counts.equals(counts(avatar, parameters))) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          source
              + ": the rebuilt avatar's counts "
              + counts(avatar, parameters)
              + " differ from the stored "
              + counts);
    }
    loadParameters(folder.resolve(PARAMETERS), avatar, parameters);
    JsonNode producer = root.get("producer");
    return new AvatarBundle(avatar, parameters, producer == null ? "" : producer.asText());
  }

  /**
   * The Gaussians {@code canonical.ply} holds: the avatar posed at the zero pose (zero expression,
   * no translation), which is its canonical space: the shaped template plus the learned mean
   * offsets and the pose-driven offsets at rest, the learned scales, rotations, colours and
   * opacities. Metres, the body's model frame (y up, facing +z).
   */
  public static Gaussians canonicalGaussians(AvatarPoser poser, AvatarParameters parameters) {
    return poser.pose(parameters, SmplxParams.zero()).gaussians();
  }

  /** Zero-filled parameters of the shapes {@code avatar} needs. */
  static AvatarParameters shapesFor(CanonicalAvatar avatar) {
    AvatarOptions o = avatar.options();
    OffsetField field = new OffsetField(avatar);
    return new AvatarParameters(
        avatar.count(),
        o.scaleDimensions(),
        o.anisotropicScale(),
        Gaussians.shCoefficients(o.shDegree()),
        o.learnOpacity(),
        field.triplane().parameterCount(),
        field.mlp().parameterCount());
  }

  private static void checkShapes(AvatarParameters expected, AvatarParameters actual) {
    List<AvatarParameters.Group> e = expected.groups();
    List<AvatarParameters.Group> a = actual.groups();
    boolean same = e.size() == a.size();
    for (int g = 0; same && g < e.size(); g++) {
      same =
          e.get(g).name().equals(a.get(g).name())
              && e.get(g).values().length == a.get(g).values().length;
    }
    if (!same) {
      throw new IllegalArgumentException(
          "the parameters do not have the avatar's groups and shapes");
    }
  }

  private static ObjectNode counts(CanonicalAvatar avatar, AvatarParameters p) {
    ObjectNode c = JsonFiles.object();
    c.put("gaussians", avatar.count());
    c.put("joints", avatar.jointCount());
    c.put("body_vertices", avatar.model().vertexCount());
    c.put("body_faces", avatar.model().faceCount());
    ObjectNode groups = c.putObject("parameters");
    for (AvatarParameters.Group g : p.groups()) {
      groups.put(g.name(), g.values().length);
    }
    return c;
  }

  /** Each group as float32 with its natural shape (see the format document). */
  private static Map<String, NpyArray> parameterArrays(CanonicalAvatar avatar, AvatarParameters p) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (AvatarParameters.Group g : p.groups()) {
      arrays.put(g.name(), NpyArray.ofFloats(g.values(), shapeOf(avatar, p, g)));
    }
    return arrays;
  }

  private static int[] shapeOf(
      CanonicalAvatar avatar, AvatarParameters p, AvatarParameters.Group g) {
    int n = p.count();
    AvatarOptions o = avatar.options();
    return switch (g.name()) {
      case AvatarParameters.MEAN_OFFSET -> new int[] {n, 3};
      case AvatarParameters.LOG_SCALE -> new int[] {n, p.scaleDimensions()};
      case AvatarParameters.ROTATION -> new int[] {n, 4};
      case AvatarParameters.SH -> new int[] {n, p.shCoefficients(), 3};
      case AvatarParameters.OPACITY_LOGIT -> new int[] {n};
      case AvatarParameters.TRIPLANE ->
          new int[] {3, o.triplaneResolution(), o.triplaneResolution(), o.triplaneChannels()};
      default -> new int[] {g.values().length};
    };
  }

  private static Map<String, NpyArray> skinningArrays(CanonicalAvatar avatar) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    int n = avatar.count();
    int j = avatar.jointCount();
    arrays.put("weights", NpyArray.ofFloats(avatar.skinWeights(), n, j));
    arrays.put("parents", NpyArray.ofInts(avatar.model().parents(), j));
    byte[] free = new byte[n];
    for (int i = 0; i < n; i++) {
      free[i] = (byte) (avatar.offsetFree()[i] ? 1 : 0);
    }
    arrays.put("offset_free", NpyArray.ofBytes(free, n));
    arrays.put("faces", NpyArray.ofInts(avatar.mesh().faces(), avatar.mesh().faceCount(), 3));
    return arrays;
  }

  private static void loadParameters(Path file, CanonicalAvatar avatar, AvatarParameters into)
      throws IOException {
    Map<String, NpyArray> arrays = Npz.read(file, MAX_PARAMETER_BYTES);
    for (AvatarParameters.Group g : into.groups()) {
      NpyArray a = arrays.remove(g.name());
      if (a == null) {
        throw new InvalidInputException(Reason.MALFORMED, file + ": no '" + g.name() + "' array");
      }
      int[] shape = shapeOf(avatar, into, g);
      if (a.dtype() != NpyArray.DType.FLOAT32 || !Arrays.equals(a.shape(), shape)) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            file + ": '" + g.name() + "' must be float32 " + Arrays.toString(shape) + ", got " + a);
      }
      float[] values = a.toFloats();
      System.arraycopy(values, 0, g.values(), 0, values.length);
    }
    if (!arrays.isEmpty()) {
      throw new InvalidInputException(
          Reason.MALFORMED, file + ": groups the avatar's options do not have: " + arrays.keySet());
    }
  }

  private static void verifyFiles(Path folder, JsonNode files, String source) throws IOException {
    if (files == null || !files.isObject()) {
      throw new InvalidInputException(Reason.MALFORMED, source + ": no \"files\" object");
    }
    for (String name : FILES) {
      JsonNode entry = files.get(name);
      if (entry == null
          || !entry.path("sha256").isTextual()
          || !entry.path("bytes").canConvertToLong()) {
        throw new InvalidInputException(
            Reason.MALFORMED, source + ": \"files\" lacks the size and sha256 of " + name);
      }
      Path file = folder.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException(Reason.NOT_FOUND, file + ": file not found");
      }
      long bytes = Files.size(file);
      if (bytes != entry.get("bytes").asLong()) {
        throw new InvalidInputException(
            Reason.CORRUPT,
            file
                + ": "
                + bytes
                + " bytes, avatar.json says "
                + entry.get("bytes").asLong()
                + " (truncated or replaced)");
      }
      if (!Sha256.of(file).equals(entry.get("sha256").asText())) {
        throw new InvalidInputException(
            Reason.CORRUPT, file + ": sha256 differs from avatar.json's (damaged or replaced)");
      }
    }
  }
}
