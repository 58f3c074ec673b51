package dev.persona.splat.avatar;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.ShapedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.mesh.MeshAdjacency;
import dev.persona.core.mesh.MeshSubdivision;
import dev.persona.core.mesh.Subdivided;
import dev.persona.core.mesh.TriangleMesh;
import dev.persona.splat.gaussian.Gaussians;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed structure of the animatable avatar in its canonical (rest) space, as ExAvatar (Moon et
 * al. 2024, Sec. 4.1) and PERSONA (Sim &amp; Moon 2025, Sec. 3.2) build it: one Gaussian per vertex
 * of the body template subdivided {@code levels} times, each carrying the body's per-vertex data
 * through the subdivision ({@link Subdivided#interpolate}: original vertices keep theirs, each edge
 * midpoint gets its two parents' mean).
 *
 * <p>Per Gaussian ({@code N = V_levels}, {@code J} = the body's joints, SMPL-X's 55):
 *
 * <ul>
 *   <li>{@code canonicalMeans [N*3]}: the shaped template ({@code v_template + shapedirs . betas},
 *       the subject's betas, zero expression, zero pose) subdivided; metres, the body's model frame
 *       (y up, facing +z);
 *   <li>{@code skinWeights [N*J]}: linear-blend-skinning weights, rows summing to 1 (up to float
 *       rounding); also held as sparse rows for posing;
 *   <li>{@code dominantJoint [N]}: the joint with the largest weight (the lowest index on ties);
 *   <li>{@code offsetFree [N]}: hand and face Gaussians, which get no pose-driven offsets (PERSONA
 *       zeroes them there: hand and face poses barely deform clothing and are not diverse in the
 *       training frames). Exactly: the sum of the Gaussian's weights on the hand joints (both
 *       wrists and all 30 finger joints) or on the face joints (head, jaw, both eyes) is at least
 *       {@link AvatarOptions#handFaceWeight()} (default 0.5: mostly moved by them). PERSONA uses
 *       SMPL-X's MANO and FLAME vertex lists instead; a generic body has only its weights;
 *   <li>{@code meanEdgeLength [N]}: the mean length of the edges of the triangles around the vertex
 *       in the subdivided mesh, metres; the initial scale (PERSONA: the root mean squared distance
 *       to the 3 nearest Gaussians, about the same on a regular mesh).
 * </ul>
 *
 * <p>Pose correctives and expressions are not carried as blend shapes (at two levels SMPL-X's
 * posedirs would take about 1 GB): they are linear in the vertices, so the poser applies them on
 * the coarse body and carries the resulting offsets through the same subdivision, which gives the
 * same result.
 *
 * <p>Immutable by contract: accessors return the internal arrays.
 */
public final class CanonicalAvatar {
  /** SMPL-X's wrists, the root of each hand. */
  static final int LEFT_WRIST = 20;

  static final int RIGHT_WRIST = 21;

  /** SMPL-X's head joint. */
  static final int HEAD = 15;

  private final BodyModel model;
  private final BodyRig rig;
  private final ShapedBody shaped;
  private final AvatarOptions options;
  private final List<Subdivided> subdivisions;
  private final TriangleMesh mesh;
  private final int count;
  private final int jointCount;
  private final float[] canonicalMeans;
  private final float[] skinWeights;
  private final int[] weightStart;
  private final int[] weightJoint;
  private final float[] weightValue;
  private final int[] dominantJoint;
  private final boolean[] offsetFree;
  private final int[] offsetGaussians;
  private final float[] meanEdgeLength;
  private final PoseFeatures poseFeatures;

  private CanonicalAvatar(
      BodyModel model,
      BodyRig rig,
      ShapedBody shaped,
      AvatarOptions options,
      List<Subdivided> subdivisions,
      TriangleMesh mesh,
      float[] skinWeights) {
    this.model = model;
    this.rig = rig;
    this.shaped = shaped;
    this.options = options;
    this.subdivisions = List.copyOf(subdivisions);
    this.mesh = mesh;
    this.count = mesh.vertexCount();
    this.jointCount = model.jointCount();
    this.canonicalMeans = mesh.positions();
    this.skinWeights = skinWeights;
    int nonZero = 0;
    for (float w : skinWeights) {
      if (w != 0f) {
        nonZero++;
      }
    }
    weightStart = new int[count + 1];
    weightJoint = new int[nonZero];
    weightValue = new float[nonZero];
    dominantJoint = new int[count];
    offsetFree = new boolean[count];
    int k = 0;
    int free = 0;
    for (int i = 0; i < count; i++) {
      weightStart[i] = k;
      float best = Float.NEGATIVE_INFINITY;
      double face = 0;
      double hand = 0;
      for (int j = 0; j < jointCount; j++) {
        float w = skinWeights[i * jointCount + j];
        if (w > best) {
          best = w;
          dominantJoint[i] = j;
        }
        if (w != 0f) {
          weightJoint[k] = j;
          weightValue[k] = w;
          k++;
          if (isHandJoint(j)) {
            hand += w;
          } else if (isFaceJoint(j)) {
            face += w;
          }
        }
      }
      offsetFree[i] = hand >= options.handFaceWeight() || face >= options.handFaceWeight();
      if (offsetFree[i]) {
        free++;
      }
    }
    weightStart[count] = k;
    offsetGaussians = new int[count - free];
    for (int i = 0, a = 0; i < count; i++) {
      if (!offsetFree[i]) {
        offsetGaussians[a++] = i;
      }
    }
    meanEdgeLength = meanEdgeLengths(mesh);
    poseFeatures = new PoseFeatures(model.parents(), dominantJoint, options.poseRing());
  }

  /**
   * Builds the avatar of one subject.
   *
   * @param model an SMPL-X-layout body (55 joints)
   * @param betas {@code [B]} the subject's shape, {@code B <= model.shapeCount()} (from the photo
   *     frame's SMPL-X fit)
   * @throws IllegalArgumentException when the body does not have SMPL-X's 55 joints
   */
  public static CanonicalAvatar create(BodyModel model, double[] betas, AvatarOptions options) {
    if (model.jointCount() != SmplxJoints.COUNT) {
      throw new IllegalArgumentException(
          "the avatar needs SMPL-X's 55 joints; body "
              + model.name()
              + " has "
              + model.jointCount());
    }
    BodyRig rig = new BodyRig(model);
    ShapedBody shaped = rig.shape(betas, new double[0]);
    float[] positions = toFloats(shaped.restVertices());
    float[] weights = model.skinWeights();
    TriangleMesh mesh = new TriangleMesh(positions, model.faces());
    List<Subdivided> subdivisions = new ArrayList<>();
    for (int level = 0; level < options.subdivisionLevels(); level++) {
      Subdivided s = MeshSubdivision.subdivide(mesh);
      weights = s.interpolate(weights, model.jointCount());
      mesh = s.mesh();
      subdivisions.add(s);
    }
    if (options.subdivisionLevels() == 0) {
      weights = weights.clone();
    }
    return new CanonicalAvatar(model, rig, shaped, options, subdivisions, mesh, weights);
  }

  /** Whether joint j belongs to a hand: a wrist or a finger joint. */
  static boolean isHandJoint(int j) {
    return j == LEFT_WRIST || j == RIGHT_WRIST || j >= SmplxJoints.LEFT_HAND_FIRST;
  }

  /** Whether joint j belongs to the face: head, jaw or an eye. */
  static boolean isFaceJoint(int j) {
    return j == HEAD
        || j == SmplxJoints.JAW
        || j == SmplxJoints.LEFT_EYE
        || j == SmplxJoints.RIGHT_EYE;
  }

  /**
   * Carries a per-vertex attribute of the body template through the avatar's subdivisions.
   *
   * @param attribute {@code [V*stride]} on the template's vertices
   * @return {@code [N*stride]} on the Gaussians (a new array, also at 0 levels)
   */
  public float[] subdivide(float[] attribute, int stride) {
    float[] a = attribute;
    for (Subdivided s : subdivisions) {
      a = s.interpolate(a, stride);
    }
    return a == attribute ? attribute.clone() : a;
  }

  /**
   * Fresh learnable parameters: mean offsets 0 (the Gaussians on the template), log-scales from
   * {@link #meanEdgeLength()}, identity canonical rotations, colour grey 0.5 (SH all zero), opacity
   * logit {@link AvatarParameters#INITIAL_OPACITY_LOGIT} when learned, triplane 0 (as PERSONA) and
   * the MLP initialised from {@code seed} with its output layer zero, so pose-driven offsets start
   * at exactly zero.
   */
  public AvatarParameters initialParameters(OffsetField field, long seed) {
    AvatarParameters p =
        new AvatarParameters(
            count,
            options.scaleDimensions(),
            options.anisotropicScale(),
            Gaussians.shCoefficients(options.shDegree()),
            options.learnOpacity(),
            field.triplane().parameterCount(),
            field.mlp().parameterCount());
    int d = options.scaleDimensions();
    float[] logScale = p.logScale();
    for (int i = 0; i < count; i++) {
      float s = (float) Math.log(Math.max(meanEdgeLength[i], AvatarParameters.MIN_INITIAL_SCALE));
      for (int c = 0; c < d; c++) {
        logScale[i * d + c] = s;
      }
    }
    if (p.rotation() != null) {
      for (int i = 0; i < count; i++) {
        p.rotation()[i * 4] = 1f;
      }
    }
    if (p.opacityLogit() != null) {
      Arrays.fill(p.opacityLogit(), AvatarParameters.INITIAL_OPACITY_LOGIT);
    }
    field.mlp().initialise(p.mlp(), seed);
    return p;
  }

  /** For each vertex, the mean length of the edges of its incident triangles, metres. */
  private static float[] meanEdgeLengths(TriangleMesh mesh) {
    int n = mesh.vertexCount();
    float[] p = mesh.positions();
    int[] f = mesh.faces();
    double[] sum = new double[n];
    int[] edges = new int[n];
    for (int t = 0; t < f.length; t += 3) {
      for (int e = 0; e < 3; e++) {
        int a = f[t + e];
        int b = f[t + (e + 1) % 3];
        double dx = p[a * 3] - p[b * 3];
        double dy = p[a * 3 + 1] - p[b * 3 + 1];
        double dz = p[a * 3 + 2] - p[b * 3 + 2];
        double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
        sum[a] += len;
        sum[b] += len;
        edges[a]++;
        edges[b]++;
      }
    }
    float[] out = new float[n];
    for (int v = 0; v < n; v++) {
      out[v] = edges[v] == 0 ? 0f : (float) (sum[v] / edges[v]);
    }
    return out;
  }

  static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  public BodyModel model() {
    return model;
  }

  /** The rig over {@link #model()} the poser uses for forward kinematics. */
  public BodyRig rig() {
    return rig;
  }

  /** The subject's shaped body (betas, zero expression), coarse. */
  public ShapedBody shaped() {
    return shaped;
  }

  public AvatarOptions options() {
    return options;
  }

  /** The subdivided template (shaped), whose vertices are the Gaussians; for mesh regularisers. */
  public TriangleMesh mesh() {
    return mesh;
  }

  /** The mesh graph of {@link #mesh()} (computed on each call). */
  public MeshAdjacency adjacency() {
    return MeshAdjacency.of(mesh);
  }

  /** Gaussians N. */
  public int count() {
    return count;
  }

  /** Joints J of the body. */
  public int jointCount() {
    return jointCount;
  }

  /** {@code [N*3]} canonical means, metres, model frame. */
  public float[] canonicalMeans() {
    return canonicalMeans;
  }

  /** {@code [N*J]} dense skinning weights. */
  public float[] skinWeights() {
    return skinWeights;
  }

  /** {@code [N+1]} start of each Gaussian's non-zero weights in {@link #weightJoints()}. */
  int[] weightStart() {
    return weightStart;
  }

  /** The joint of each non-zero weight. */
  int[] weightJoints() {
    return weightJoint;
  }

  /** The value of each non-zero weight. */
  float[] weightValues() {
    return weightValue;
  }

  /** {@code [N]} joint of the largest weight. */
  public int[] dominantJoint() {
    return dominantJoint;
  }

  /** {@code [N]} true for hand and face Gaussians (no pose-driven offsets). */
  public boolean[] offsetFree() {
    return offsetFree;
  }

  /** Indices of the Gaussians that do get pose-driven offsets, ascending. */
  public int[] offsetGaussians() {
    return offsetGaussians;
  }

  /** {@code [N]} mean incident edge length, metres. */
  public float[] meanEdgeLength() {
    return meanEdgeLength;
  }

  public PoseFeatures poseFeatures() {
    return poseFeatures;
  }

  /** The centre of the canonical means (PERSONA centres its triplane cube there), metres. */
  public double[] centre() {
    double[] c = new double[3];
    for (int i = 0; i < count; i++) {
      for (int a = 0; a < 3; a++) {
        c[a] += canonicalMeans[i * 3 + a];
      }
    }
    for (int a = 0; a < 3; a++) {
      c[a] /= Math.max(count, 1);
    }
    return c;
  }
}
