package dev.persona.core.body;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.NpyArray;
import dev.persona.core.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes a {@link BodyModel} as an {@code .npz} in the official SMPL-X layout ({@code
 * SMPLX_NEUTRAL.npz} and friends): {@code v_template (V,3)}, {@code f (F,3)}, {@code shapedirs
 * (V,3,S)}, {@code posedirs (V,3,9(J-1))}, {@code J_regressor (J,V)} dense, {@code kintree_table
 * (2,J)}, {@code weights (V,J)}, optionally {@code vt (T,2)} with {@code ft (F,3)}, and {@code
 * hands_components{l,r} (K,45)} with {@code hands_mean{l,r} (45)}. Any numeric dtype is accepted
 * (the official files are float64 and uint32/int64); other keys ({@code lmk_faces_idx}, pickled
 * {@code part2num}, ...) are ignored.
 *
 * <p>The split of {@code shapedirs}' {@code S} columns into betas and expression: our files carry
 * 0-d integer keys {@code num_betas} and {@code num_expression}; without them the columns are read
 * as {@code smplx} does for the files it knows: {@code S <= 10} all betas; {@code 10 < S <= 20} the
 * legacy 10 betas plus {@code S - 10} expression; {@code 20 < S <= 300} all betas (SMPL's shape
 * space); {@code S > 300} 300 betas plus {@code S - 300} expression (SMPL-X 2020: 400 = 300 + 100).
 *
 * <p>The root's parent in {@code kintree_table} is taken as -1 whatever the file stores there
 * ({@code 0xFFFFFFFF} as uint32 or int64, or -1), as {@code smplx} does.
 */
public final class BodyModelNpz {
  private BodyModelNpz() {}

  /** SMPL's and SMPL-X's legacy shape-space size: the first 10 columns are betas. */
  private static final int LEGACY_BETAS = 10;

  /** SMPL-X's full shape-space size; columns beyond it are expression. */
  private static final int SHAPE_SPACE = 300;

  private static final int HAND_POSE = SmplxJoints.HAND_JOINTS * 3;

  /**
   * Reads a body model.
   *
   * @param npz an SMPL-X-layout {@code .npz}; its file name without extension becomes the name
   * @throws InvalidInputException NOT_FOUND, WRONG_FORMAT (not a zip), CORRUPT, TOO_LARGE as {@link
   *     Npz#read} throws them; MALFORMED for a missing key or a wrong shape, naming the key
   */
  public static BodyModel read(Path npz) throws IOException {
    Map<String, NpyArray> a = Npz.read(npz, Npz.DEFAULT_MAX_TOTAL_BYTES, true);
    String file = npz.toString();
    NpyArray template = require(a, file, "v_template");
    int v = extent(template, file, "v_template", 2, 0);
    check(template, file, "v_template", v, 3);
    NpyArray kintree = require(a, file, "kintree_table");
    int j = extent(kintree, file, "kintree_table", 2, 1);
    check(kintree, file, "kintree_table", 2, j);
    if (j < 1) {
      throw malformed(file, "kintree_table has no joints");
    }
    NpyArray faces = require(a, file, "f");
    int f = extent(faces, file, "f", 2, 0);
    check(faces, file, "f", f, 3);
    NpyArray shapeDirs = require(a, file, "shapedirs");
    int s = extent(shapeDirs, file, "shapedirs", 3, 2);
    check(shapeDirs, file, "shapedirs", v, 3, s);
    int p = (j - 1) * 9;
    check(require(a, file, "posedirs"), file, "posedirs", v, 3, p);
    check(require(a, file, "J_regressor"), file, "J_regressor", j, v);
    check(require(a, file, "weights"), file, "weights", v, j);

    int[] split = shapeSplit(a, file, s);
    long[] tree = kintree.toLongs();
    int[] parents = new int[j];
    parents[0] = -1;
    for (int i = 1; i < j; i++) {
      long parent = tree[i];
      if (parent < 0 || parent >= i) {
        throw malformed(
            file,
            "kintree_table gives joint "
                + i
                + " the parent "
                + parent
                + "; parents must come before their children");
      }
      parents[i] = (int) parent;
    }

    float[] uvs = null;
    int[] uvFaces = null;
    if (a.containsKey("vt") || a.containsKey("ft")) {
      NpyArray vt = require(a, file, "vt");
      NpyArray ft = require(a, file, "ft");
      check(vt, file, "vt", extent(vt, file, "vt", 2, 0), 2);
      check(ft, file, "ft", f, 3);
      uvs = vt.toFloats();
      uvFaces = ft.toInts();
    }
    float[][] hands = new float[4][];
    String[] handKeys = {"hands_componentsl", "hands_componentsr", "hands_meanl", "hands_meanr"};
    for (int side = 0; side < 2; side++) {
      String components = handKeys[side];
      String mean = handKeys[side + 2];
      if (a.containsKey(components) || a.containsKey(mean)) {
        NpyArray c = require(a, file, components);
        check(c, file, components, extent(c, file, components, 2, 0), HAND_POSE);
        check(require(a, file, mean), file, mean, HAND_POSE);
        hands[side] = c.toFloats();
        hands[side + 2] = a.get(mean).toFloats();
      }
    }
    String name = npz.getFileName().toString().replaceFirst("\\.npz$", "");
    try {
      return new BodyModel(
          name,
          template.toFloats(),
          faces.toInts(),
          shapeDirs.toFloats(),
          split[0],
          split[1],
          a.get("posedirs").toFloats(),
          a.get("J_regressor").toFloats(),
          parents,
          a.get("weights").toFloats(),
          uvs,
          uvFaces,
          hands[0],
          hands[1],
          hands[2],
          hands[3]);
    } catch (IllegalArgumentException e) {
      // BodyModel's own checks (face indices in range, ...) name the npz key in their message.
      throw new InvalidInputException(Reason.MALFORMED, file + ": " + e.getMessage(), e);
    }
  }

  /** {@code [betas, expression]} column counts; see the class doc. */
  private static int[] shapeSplit(Map<String, NpyArray> a, String file, int s) {
    if (a.containsKey("num_betas") || a.containsKey("num_expression")) {
      int betas = scalar(require(a, file, "num_betas"), file, "num_betas");
      int expression = scalar(require(a, file, "num_expression"), file, "num_expression");
      if (betas < 0 || expression < 0 || betas + expression != s) {
        throw malformed(
            file,
            "num_betas "
                + betas
                + " + num_expression "
                + expression
                + " must equal the "
                + s
                + " columns of shapedirs");
      }
      return new int[] {betas, expression};
    }
    if (s <= LEGACY_BETAS) {
      return new int[] {s, 0};
    }
    if (s <= 2 * LEGACY_BETAS) {
      return new int[] {LEGACY_BETAS, s - LEGACY_BETAS};
    }
    if (s <= SHAPE_SPACE) {
      return new int[] {s, 0};
    }
    return new int[] {SHAPE_SPACE, s - SHAPE_SPACE};
  }

  private static int scalar(NpyArray array, String file, String key) {
    if (array.size() != 1) {
      throw malformed(file, key + " must be a single integer, got shape " + shapeOf(array));
    }
    return array.toInts()[0];
  }

  /**
   * Writes a body model in the layout {@link #read} reads: float32 arrays, int32 {@code f}/{@code
   * ft}, int64 {@code kintree_table} with -1 for the root, and {@code num_betas}/{@code
   * num_expression}. The file is replaced atomically.
   */
  public static void write(Path npz, BodyModel model) throws IOException {
    int v = model.vertexCount();
    int j = model.jointCount();
    int s = model.shapeCount() + model.expressionCount();
    Map<String, NpyArray> a = new LinkedHashMap<>();
    a.put("v_template", NpyArray.ofFloats(model.templateVertices(), v, 3));
    a.put("f", NpyArray.ofInts(model.faces(), model.faceCount(), 3));
    a.put("shapedirs", NpyArray.ofFloats(model.shapeDirs(), v, 3, s));
    a.put("posedirs", NpyArray.ofFloats(model.poseDirs(), v, 3, model.poseInputCount()));
    a.put("J_regressor", NpyArray.ofFloats(model.jointRegressor(), j, v));
    long[] kintree = new long[2 * j];
    for (int i = 0; i < j; i++) {
      kintree[i] = model.parents()[i];
      kintree[j + i] = i;
    }
    a.put("kintree_table", NpyArray.ofLongs(kintree, 2, j));
    a.put("weights", NpyArray.ofFloats(model.skinWeights(), v, j));
    if (model.hasUvs()) {
      a.put("vt", NpyArray.ofFloats(model.uvs(), model.uvs().length / 2, 2));
      a.put("ft", NpyArray.ofInts(model.uvFaces(), model.faceCount(), 3));
    }
    putHand(a, "l", model.handComponentsLeft(), model.handMeanLeft());
    putHand(a, "r", model.handComponentsRight(), model.handMeanRight());
    a.put("num_betas", NpyArray.ofInts(new int[] {model.shapeCount()}));
    a.put("num_expression", NpyArray.ofInts(new int[] {model.expressionCount()}));
    Npz.write(npz, a);
  }

  private static void putHand(
      Map<String, NpyArray> a, String side, float[] components, float[] mean) {
    if (components != null && mean != null) {
      a.put("hands_components" + side, NpyArray.ofFloats(components, components.length / 45, 45));
      a.put("hands_mean" + side, NpyArray.ofFloats(mean, mean.length));
    }
  }

  private static NpyArray require(Map<String, NpyArray> a, String file, String key) {
    NpyArray array = a.get(key);
    if (array == null) {
      throw malformed(file, "missing key " + key);
    }
    return array;
  }

  /** Extent {@code axis} of an array that must have {@code rank} dimensions. */
  private static int extent(NpyArray array, String file, String key, int rank, int axis) {
    int[] shape = array.shape();
    if (shape.length != rank) {
      throw malformed(
          file, key + " must have " + rank + " dimensions, got shape " + shapeOf(array));
    }
    return shape[axis];
  }

  private static void check(NpyArray array, String file, String key, int... expected) {
    if (!Arrays.equals(array.shape(), expected)) {
      throw malformed(
          file, key + " must have shape " + Arrays.toString(expected) + ", got " + shapeOf(array));
    }
  }

  private static String shapeOf(NpyArray array) {
    return Arrays.toString(array.shape());
  }

  private static InvalidInputException malformed(String file, String message) {
    return new InvalidInputException(Reason.MALFORMED, file + ": " + message);
  }
}
