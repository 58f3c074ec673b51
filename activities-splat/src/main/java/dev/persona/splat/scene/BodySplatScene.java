package dev.persona.splat.scene;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.ShapedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.procedural.BodyPart;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.math.Rotations;
import dev.persona.core.mesh.VertexNormals;
import dev.persona.splat.gaussian.Gaussians;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A deterministic, body-shaped Gaussian scene for the rasterizer benchmark: what a trained avatar
 * looks like to the rasterizer (a thin shell of flat, mostly opaque Gaussians over a whole body)
 * without training one.
 *
 * <p>How it is made:
 *
 * <ol>
 *   <li>The built-in procedural body in a mild A-pose (shoulders lowered by {@value
 *       #ARM_LOWERING_RADIANS} rad from the T-pose), so the body fills a portrait frame.
 *   <li>Centres sampled uniformly over the skin: a triangle with probability proportional to its
 *       area, then a uniform point in it ({@code sqrt} barycentric warp, Turk 1990).
 *   <li>Each Gaussian lies flat in the tangent plane: its third axis along the interpolated vertex
 *       normal, its first axis the triangle's first edge projected on the plane and turned by a
 *       random angle. Tangential standard deviations {@value #TANGENT_SIGMA_PER_SPACING} times the
 *       mean sample spacing {@code sqrt(area / N)} (so neighbours overlap and the skin is closed)
 *       with random size and anisotropy, the normal one {@value #THICKNESS_RATIO} of that.
 *   <li>Base colour from the body part under the sample (skin, shirt, trousers, shoes) with a
 *       little noise; higher SH coefficients small and non-zero ({@value #SH_REST_AMPLITUDE}) so
 *       view-dependent shading is exercised; opacity mostly high ({@value #OPAQUE_FRACTION} of them
 *       in 0.85..0.99, the rest in 0.2..0.85).
 *   <li>A front camera (on +z, looking at the centre of the Gaussians' bounding box) with a {@value
 *       #VERTICAL_FOV_DEGREES} degree vertical field of view, just far enough that every Gaussian,
 *       out to three standard deviations, lies inside the image with a {@value #FRAME_MARGIN}
 *       margin.
 * </ol>
 *
 * One {@link SplittableRandom} drawn in a fixed order, and {@link StrictMath} for every
 * transcendental function, make the scene a function of the options and the body alone.
 */
public final class BodySplatScene {
  private BodySplatScene() {}

  /** How far the shoulders are lowered from the T-pose: about 57 degrees, a relaxed A-pose. */
  static final double ARM_LOWERING_RADIANS = 1.0;

  /** Tangential standard deviation per mean sample spacing. */
  static final double TANGENT_SIGMA_PER_SPACING = 0.6;

  /** Normal standard deviation per tangential one: flat discs, as trained surface splats are. */
  static final double THICKNESS_RATIO = 0.1;

  /** Range of the random higher SH coefficients, +-. */
  static final double SH_REST_AMPLITUDE = 0.05;

  /** Share of Gaussians with opacity 0.85..0.99. */
  static final double OPAQUE_FRACTION = 0.9;

  /** Vertical field of view of the camera. */
  public static final double VERTICAL_FOV_DEGREES = 45;

  /** Share of each image half-extent left empty around the body. */
  static final double FRAME_MARGIN = 0.05;

  /**
   * Linear RGB per {@link BodyPart} ordinal {@code [parts*3]}: skin, a blue shirt with short
   * sleeves, dark trousers, brown shoes.
   */
  static float[] partPalette() {
    BodyPart[] parts = BodyPart.values();
    float[] palette = new float[parts.length * 3];
    for (BodyPart part : parts) {
      float[] rgb =
          switch (part) {
            case HEAD, NECK, LEFT_FOREARM, RIGHT_FOREARM, LEFT_HAND, RIGHT_HAND ->
                new float[] {0.80f, 0.58f, 0.46f};
            case TORSO, LEFT_UPPER_ARM, RIGHT_UPPER_ARM -> new float[] {0.18f, 0.32f, 0.68f};
            case HIPS, LEFT_THIGH, RIGHT_THIGH, LEFT_SHIN, RIGHT_SHIN ->
                new float[] {0.22f, 0.22f, 0.26f};
            case LEFT_FOOT, RIGHT_FOOT -> new float[] {0.40f, 0.22f, 0.10f};
          };
      System.arraycopy(rgb, 0, palette, part.ordinal() * 3, 3);
    }
    return palette;
  }

  /** The scene on a freshly built procedural body (one to two seconds for the body). */
  public static BenchScene generate(BodySplatSceneOptions options) {
    return generate(ProceduralBody.create(), options);
  }

  /**
   * The scene on a given procedural body (pass one body to make several scenes cheaply).
   *
   * @return Gaussians in world metres (y up, the body facing +z) and the front camera
   */
  public static BenchScene generate(ProceduralBody body, BodySplatSceneOptions options) {
    BodyModel model = body.model();
    double[] vertices = posedVertices(model);
    int[] faces = model.faces();
    int[] labels = body.partLabels();
    float[] floatVertices = new float[vertices.length];
    for (int i = 0; i < vertices.length; i++) {
      floatVertices[i] = (float) vertices[i];
    }
    float[] normals = new float[vertices.length];
    VertexNormals.compute(floatVertices, faces, normals);

    int triangles = faces.length / 3;
    double[] cumulativeArea = new double[triangles];
    double total = 0;
    for (int t = 0; t < triangles; t++) {
      total += triangleArea(vertices, faces, t);
      cumulativeArea[t] = total;
    }

    int n = options.gaussians();
    Gaussians g = new Gaussians(n, options.shDegree(), 0);
    float[] means = g.means();
    float[] logScales = g.logScales();
    float[] rotations = g.rotations();
    float[] opacity = g.opacityLogits();
    float[] sh = g.sh();
    int k = g.shCoefficients();
    double sigma = TANGENT_SIGMA_PER_SPACING * Math.sqrt(total / n);
    SplittableRandom random = new SplittableRandom(options.seed());
    float[] palette = partPalette();
    double[] normal = new double[3];
    double[] tangent = new double[3];
    double[] bitangent = new double[3];
    double[] frame = new double[9];
    double[] quaternion = new double[4];
    for (int i = 0; i < n; i++) {
      int t = Arrays.binarySearch(cumulativeArea, random.nextDouble() * total);
      t = Math.min(t >= 0 ? t : -t - 1, triangles - 1);
      int a = faces[t * 3];
      int b = faces[t * 3 + 1];
      int c = faces[t * 3 + 2];
      double s = Math.sqrt(random.nextDouble());
      double r = random.nextDouble();
      double wa = 1 - s;
      double wb = s * (1 - r);
      double wc = s * r;
      for (int x = 0; x < 3; x++) {
        means[i * 3 + x] =
            (float)
                (wa * vertices[a * 3 + x] + wb * vertices[b * 3 + x] + wc * vertices[c * 3 + x]);
        normal[x] = wa * normals[a * 3 + x] + wb * normals[b * 3 + x] + wc * normals[c * 3 + x];
        tangent[x] = vertices[b * 3 + x] - vertices[a * 3 + x];
      }
      tangentFrame(normal, tangent, bitangent, random.nextDouble() * 2 * Math.PI, frame);
      Rotations.matrixToQuaternion(frame, 0, quaternion, 0);
      for (int q = 0; q < 4; q++) {
        rotations[i * 4 + q] = (float) quaternion[q];
      }

      double size = sigma * StrictMath.exp(random.nextDouble(-0.25, 0.25));
      double anisotropy = StrictMath.exp(random.nextDouble(-0.3, 0.3));
      logScales[i * 3] = (float) StrictMath.log(size * anisotropy);
      logScales[i * 3 + 1] = (float) StrictMath.log(size / anisotropy);
      logScales[i * 3 + 2] = (float) StrictMath.log(size * THICKNESS_RATIO);

      double alpha =
          random.nextDouble() < OPAQUE_FRACTION
              ? random.nextDouble(0.85, 0.99)
              : random.nextDouble(0.2, 0.85);
      opacity[i] = (float) StrictMath.log(alpha / (1 - alpha));

      int nearest = wa >= wb && wa >= wc ? a : (wb >= wc ? b : c);
      int part = labels[nearest] * 3;
      g.setBaseColor(
          i,
          palette[part] + (float) random.nextDouble(-0.04, 0.04),
          palette[part + 1] + (float) random.nextDouble(-0.04, 0.04),
          palette[part + 2] + (float) random.nextDouble(-0.04, 0.04));
      for (int j = 3; j < k * 3; j++) {
        sh[i * k * 3 + j] = (float) random.nextDouble(-SH_REST_AMPLITUDE, SH_REST_AMPLITUDE);
      }
    }
    return new BenchScene(g, frontCamera(g, options.width(), options.height()));
  }

  /** The body's vertices {@code [V*3]}, world metres, in the mild A-pose. */
  static double[] posedVertices(BodyModel model) {
    BodyRig rig = new BodyRig(model);
    ShapedBody shaped = rig.shape(new double[0], new double[0]);
    double[] pose = new double[model.jointCount() * 3];
    // Rotating the left arm (along +x) about -z and the right one (along -x) about +z lowers both.
    pose[SmplxJoints.index("left_shoulder") * 3 + 2] = -ARM_LOWERING_RADIANS;
    pose[SmplxJoints.index("right_shoulder") * 3 + 2] = ARM_LOWERING_RADIANS;
    PosedBody posed = rig.newPosedBody();
    rig.pose(shaped, pose, new double[3], posed);
    return posed.vertices();
  }

  private static double triangleArea(double[] v, int[] faces, int t) {
    int a = faces[t * 3] * 3;
    int b = faces[t * 3 + 1] * 3;
    int c = faces[t * 3 + 2] * 3;
    double abx = v[b] - v[a];
    double aby = v[b + 1] - v[a + 1];
    double abz = v[b + 2] - v[a + 2];
    double acx = v[c] - v[a];
    double acy = v[c + 1] - v[a + 1];
    double acz = v[c + 2] - v[a + 2];
    double x = aby * acz - abz * acy;
    double y = abz * acx - abx * acz;
    double z = abx * acy - aby * acx;
    return 0.5 * Math.sqrt(x * x + y * y + z * z);
  }

  /**
   * The Gaussian's axes as the columns of a row-major rotation {@code dest [9]}: the first the
   * tangent turned by {@code angle} about the normal, the second normal x first, the third the unit
   * normal; right-handed, so {@link Rotations#matrixToQuaternion} applies. {@code normal} and
   * {@code tangent} are overwritten (normalised, projected); {@code bitangent [3]} is scratch.
   */
  static void tangentFrame(
      double[] normal, double[] tangent, double[] bitangent, double angle, double[] dest) {
    if (!normalize(normal)) {
      normal[0] = 0;
      normal[1] = 0;
      normal[2] = 1;
    }
    double along = tangent[0] * normal[0] + tangent[1] * normal[1] + tangent[2] * normal[2];
    for (int x = 0; x < 3; x++) {
      tangent[x] -= along * normal[x];
    }
    if (!normalize(tangent)) {
      // Any direction perpendicular to the normal: n x (1, 0, 0), or n x (0, 1, 0) when the
      // normal is nearly along x.
      boolean alongX = Math.abs(normal[0]) >= 0.5;
      tangent[0] = alongX ? -normal[2] : 0;
      tangent[1] = alongX ? 0 : normal[2];
      tangent[2] = alongX ? normal[0] : -normal[1];
      normalize(tangent);
    }
    cross(normal, tangent, bitangent);
    double cos = StrictMath.cos(angle);
    double sin = StrictMath.sin(angle);
    for (int x = 0; x < 3; x++) {
      double first = cos * tangent[x] + sin * bitangent[x];
      double second = -sin * tangent[x] + cos * bitangent[x];
      dest[x * 3] = first;
      dest[x * 3 + 1] = second;
      dest[x * 3 + 2] = normal[x];
    }
  }

  /**
   * The front camera: on +z looking at the centre of the means' bounding box, world +y up, at the
   * smallest distance that keeps every mean, widened by three of its largest standard deviations,
   * inside the image with {@link #FRAME_MARGIN}.
   */
  static PinholeCamera frontCamera(Gaussians g, int width, int height) {
    float[] means = g.means();
    float[] logScales = g.logScales();
    int n = g.count();
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; i < n; i++) {
      for (int x = 0; x < 3; x++) {
        min[x] = Math.min(min[x], means[i * 3 + x]);
        max[x] = Math.max(max[x], means[i * 3 + x]);
      }
    }
    double[] centre = {0.5 * (min[0] + max[0]), 0.5 * (min[1] + max[1]), 0.5 * (min[2] + max[2])};
    double focal = 0.5 * height / StrictMath.tan(Math.toRadians(VERTICAL_FOV_DEGREES) / 2);
    // A point at offset (dx, dy, dz) from the centre has depth distance - dz and projects
    // focal * |dx| / depth pixels from the image centre; that must stay within the half-size
    // less the margin.
    double halfWidth = 0.5 * width * (1 - FRAME_MARGIN);
    double halfHeight = 0.5 * height * (1 - FRAME_MARGIN);
    double distance = 0;
    for (int i = 0; i < n; i++) {
      double reach =
          3
              * StrictMath.exp(
                  Math.max(logScales[i * 3], Math.max(logScales[i * 3 + 1], logScales[i * 3 + 2])));
      double dx = Math.abs(means[i * 3] - centre[0]) + reach;
      double dy = Math.abs(means[i * 3 + 1] - centre[1]) + reach;
      double dz = means[i * 3 + 2] - centre[2] + reach;
      distance = Math.max(distance, dz + focal * dx / halfWidth);
      distance = Math.max(distance, dz + focal * dy / halfHeight);
    }
    return PinholeCamera.orbit(centre, distance, 0, 0, width, height, VERTICAL_FOV_DEGREES);
  }

  private static boolean normalize(double[] v) {
    double length = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (!(length > 1e-12)) {
      return false;
    }
    v[0] /= length;
    v[1] /= length;
    v[2] /= length;
    return true;
  }

  private static void cross(double[] a, double[] b, double[] dest) {
    dest[0] = a[1] * b[2] - a[2] * b[1];
    dest[1] = a[2] * b[0] - a[0] * b[2];
    dest[2] = a[0] * b[1] - a[1] * b[0];
  }
}
