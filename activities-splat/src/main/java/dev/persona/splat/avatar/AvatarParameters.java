package dev.persona.splat.avatar;

import dev.persona.splat.optim.ParameterGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the avatar learns, as flat float arrays in named groups, so that {@link
 * dev.persona.splat.optim.Adam} and the checkpoint codec take them as they are. The same class
 * holds the gradients ({@link #zerosLike()}): same names, same shapes.
 *
 * <p>Groups, in order ({@code N} Gaussians, {@code D} = 1 isotropic or 3 anisotropic log-scales,
 * {@code K} SH coefficients per channel):
 *
 * <ul>
 *   <li>{@code meanOffset [N*3]}: the learned static offset of each Gaussian's canonical mean,
 *       metres, model frame (PERSONA's {@code mean_offset}); starts at 0;
 *   <li>{@code logScale [N*D]}: natural-log standard deviation, metres (PERSONA's {@code scale});
 *   <li>{@code rotation [N*4]}: canonical quaternion (w, x, y, z), unnormalised; only when
 *       anisotropic (an isotropic Gaussian has no orientation);
 *   <li>{@code sh [N*K*3]}: colour as {@link dev.persona.splat.gaussian.Gaussians#sh()}, {@code
 *       sh[(i*K + k)*3 + c]} (PERSONA's {@code rgb} at K = 1, up to the activation: here colour =
 *       max(0, 0.2821 sh_0 + 0.5), PERSONA's sigmoid(rgb));
 *   <li>{@code opacityLogit [N]}: only when opacity is learned;
 *   <li>{@code triplane [3*R*R*C]}: {@link dev.persona.splat.triplane.TriplaneField}'s layout;
 *   <li>{@code mlp [P]}: {@link dev.persona.splat.nn.Mlp}'s flat layout.
 * </ul>
 */
public final class AvatarParameters {
  public static final String MEAN_OFFSET = "meanOffset";
  public static final String LOG_SCALE = "logScale";
  public static final String ROTATION = "rotation";
  public static final String SH = "sh";
  public static final String OPACITY_LOGIT = "opacityLogit";
  public static final String TRIPLANE = "triplane";
  public static final String MLP = "mlp";

  /**
   * Opacity logit of the fixed opacity: sigmoid(20) = 1 - 2e-9, which is 1.0 in float, while
   * staying finite as the rasterizer requires.
   */
  public static final float FIXED_OPACITY_LOGIT = 20f;

  /**
   * Initial logit of a learned opacity, ln(0.99/0.01): as opaque as the rasterizer's alpha clamp
   * (0.99) while the sigmoid's slope (0.0099) still lets it learn.
   */
  public static final float INITIAL_OPACITY_LOGIT = (float) Math.log(99.0);

  /** Floor of the initial scale, metres, for isolated vertices (no incident edge). */
  static final double MIN_INITIAL_SCALE = 1e-4;

  /**
   * PERSONA's learning-rate factor for scale and colour relative to the base rate ({@code
   * cfg.lr*10} in its {@code get_optimizable_params}).
   */
  public static final double SCALE_COLOR_RATE_FACTOR = 10.0;

  /** A named group: its name and its live array. */
  public record Group(String name, float[] values) {}

  private final int count;
  private final int scaleDimensions;
  private final int shCoefficients;
  private final float[] meanOffset;
  private final float[] logScale;
  private final float[] rotation;
  private final float[] sh;
  private final float[] opacityLogit;
  private final float[] triplane;
  private final float[] mlp;

  /**
   * Zero-filled groups of the given shapes.
   *
   * @param count Gaussians N
   * @param scaleDimensions D, 1 or 3
   * @param rotations whether there is a rotation group
   * @param shCoefficients K
   * @param opacity whether there is an opacity group
   * @param triplaneLength length of the triplane array
   * @param mlpLength length of the MLP array
   */
  public AvatarParameters(
      int count,
      int scaleDimensions,
      boolean rotations,
      int shCoefficients,
      boolean opacity,
      int triplaneLength,
      int mlpLength) {
    if (scaleDimensions != 1 && scaleDimensions != 3) {
      throw new IllegalArgumentException("scaleDimensions must be 1 or 3, got " + scaleDimensions);
    }
    this.count = count;
    this.scaleDimensions = scaleDimensions;
    this.shCoefficients = shCoefficients;
    meanOffset = new float[Math.multiplyExact(count, 3)];
    logScale = new float[Math.multiplyExact(count, scaleDimensions)];
    rotation = rotations ? new float[Math.multiplyExact(count, 4)] : null;
    sh = new float[Math.multiplyExact(count, shCoefficients * 3)];
    opacityLogit = opacity ? new float[count] : null;
    triplane = new float[triplaneLength];
    mlp = new float[mlpLength];
  }

  /** Zero-filled groups of this one's shapes (a gradient buffer). */
  public AvatarParameters zerosLike() {
    return new AvatarParameters(
        count,
        scaleDimensions,
        rotation != null,
        shCoefficients,
        opacityLogit != null,
        triplane.length,
        mlp.length);
  }

  /** A deep copy. */
  public AvatarParameters copy() {
    AvatarParameters c = zerosLike();
    List<Group> from = groups();
    List<Group> to = c.groups();
    for (int g = 0; g < from.size(); g++) {
      float[] src = from.get(g).values();
      System.arraycopy(src, 0, to.get(g).values(), 0, src.length);
    }
    return c;
  }

  /** Sets every group to zero (before accumulating a new gradient). */
  public void clear() {
    for (Group g : groups()) {
      Arrays.fill(g.values(), 0f);
    }
  }

  /** The groups present, in the order of the class comment. */
  public List<Group> groups() {
    List<Group> list = new ArrayList<>(7);
    list.add(new Group(MEAN_OFFSET, meanOffset));
    list.add(new Group(LOG_SCALE, logScale));
    if (rotation != null) {
      list.add(new Group(ROTATION, rotation));
    }
    list.add(new Group(SH, sh));
    if (opacityLogit != null) {
      list.add(new Group(OPACITY_LOGIT, opacityLogit));
    }
    list.add(new Group(TRIPLANE, triplane));
    list.add(new Group(MLP, mlp));
    return List.copyOf(list);
  }

  /**
   * Optimiser groups pairing these values with {@code gradients}, at PERSONA's rates: {@code
   * baseRate} (paper: 1e-3) for everything but log-scale and colour, which get ten times it.
   */
  public List<ParameterGroup> optimizerGroups(AvatarParameters gradients, double baseRate) {
    List<Group> values = groups();
    List<Group> grads = gradients.groups();
    if (values.size() != grads.size()) {
      throw new IllegalArgumentException("gradients have other groups than the parameters");
    }
    List<ParameterGroup> out = new ArrayList<>(values.size());
    for (int g = 0; g < values.size(); g++) {
      String name = values.get(g).name();
      boolean fast = name.equals(LOG_SCALE) || name.equals(SH);
      out.add(
          new ParameterGroup(
              name,
              values.get(g).values(),
              grads.get(g).values(),
              fast ? baseRate * SCALE_COLOR_RATE_FACTOR : baseRate));
    }
    return List.copyOf(out);
  }

  public int count() {
    return count;
  }

  /** D: 1 (isotropic) or 3. */
  public int scaleDimensions() {
    return scaleDimensions;
  }

  /** K, SH coefficients per channel. */
  public int shCoefficients() {
    return shCoefficients;
  }

  /** {@code [N*3]} metres. */
  public float[] meanOffset() {
    return meanOffset;
  }

  /** {@code [N*D]}. */
  public float[] logScale() {
    return logScale;
  }

  /** {@code [N*4]} or null when isotropic. */
  public float[] rotation() {
    return rotation;
  }

  /** {@code [N*K*3]}. */
  public float[] sh() {
    return sh;
  }

  /** {@code [N]} or null when opacity is fixed. */
  public float[] opacityLogit() {
    return opacityLogit;
  }

  /** The triplane planes. */
  public float[] triplane() {
    return triplane;
  }

  /** The MLP's flat parameters. */
  public float[] mlp() {
    return mlp;
  }
}
