package dev.persona.core.dataset.synth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.ShapedBody;
import dev.persona.core.body.SmplxJoints;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetWriter;
import dev.persona.core.dataset.FrameIds;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.ContactSheet;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.image.ImageResize;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.mesh.VertexNormals;
import dev.persona.core.progress.ProgressListener;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.core.raster.RasterResult;
import dev.persona.core.raster.Shading;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates a synthetic subject: a body of a given shape wearing a procedural (or given) texture,
 * rendered as a dataset folder ({@link Dataset}) with ground-truth SMPL-X parameters and cameras.
 *
 * <ul>
 *   <li>Frame {@code 00000}, split {@code photo}: the input photograph, a front view (azimuth 0,
 *       eye level) in an A-pose or relaxed standing pose, the whole body in frame.
 *   <li>{@code poses x views} {@code train} frames: each pose drawn from a {@link PoseFamily}
 *       (cycling through them) with random perturbation, seen from {@code views} azimuths evenly
 *       spread around the body (offset randomly per pose) at elevations of -5 to 15 degrees.
 *   <li>{@code testPoses} {@code test} frames: poses from a separate random stream, each redrawn
 *       until it differs from every training pose by more than {@link #MIN_TEST_POSE_DISTANCE} (RMS
 *       over the body joints' axis-angle components), from uniformly random azimuths.
 * </ul>
 *
 * <p>Cameras frame the posed body: a pinhole with a {@value #VERTICAL_FOV_DEGREES}-degree vertical
 * field of view on an orbit around the centre of the posed bounding box, at the smallest distance
 * that keeps all eight box corners (hence every vertex and joint) inside the image with a {@value
 * #MARGIN} margin on each side.
 *
 * <p>Lighting: one distant light fixed in the world, above and in front of the body (direction
 * toward it {@code (0.3, 0.8, 0.5)}), Lambert shading {@code albedo * (0.55 + 0.45 max(0, n.l))}.
 * The high ambient term keeps shading variation within about +-25% of the albedo: enough that the
 * frames look lit like a photo, little enough that an avatar with a view- and pose-independent
 * colour can still match every frame closely (the real-photo case has baked-in lighting too). The
 * background is a flat light grey; the mask is the rendered coverage (alpha), and the image is the
 * shaded body composited over the background with that alpha.
 *
 * <p>With {@link SyntheticSubjectOptions#deformation()} above 0 the surface also bulges around bent
 * joints ({@link PoseDependentDeformation}), a pose-dependent change that skinning alone does not
 * give: the ground-truth SMPL-X parameters stay those of the skinned body, as a clothed person's
 * do.
 *
 * <p>Deterministic: the same body and options give byte-identical files. Besides the layout, the
 * folder holds {@code texture.png} (the albedo in UV space, when the body has UVs) and {@code
 * contact_sheet.png} (every frame in id order), and {@code dataset.json} carries the generator's
 * settings under {@code "synthetic"} and per frame its {@code pose_family}, {@code azimuth_deg} and
 * {@code elevation_deg}.
 */
public final class SyntheticSubject {
  private SyntheticSubject() {}

  /** Vertical field of view of every camera, degrees. */
  public static final double VERTICAL_FOV_DEGREES = 45;

  /** Fraction of the image kept free around the body's bounding box on each side. */
  public static final double MARGIN = 0.05;

  /** Light grey (sRGB 200), linear RGB. */
  public static final Rgb BACKGROUND = Rgb.ofSrgb(200, 200, 200);

  /** Direction toward the light, world axes (normalised by {@link Shading}). */
  private static final double[] TOWARDS_LIGHT = {0.3, 0.8, 0.5};

  private static final double AMBIENT = 0.55;
  private static final double DIFFUSE = 0.45;

  /** Radians, RMS over the 63 body-pose components: about 3 degrees per component. */
  public static final double MIN_TEST_POSE_DISTANCE = 0.05;

  public static final String TEXTURE_FILE = "texture.png";
  public static final String CONTACT_SHEET_FILE = "contact_sheet.png";

  /** The training pose families, cycled through in this order. */
  private static final PoseFamily[] TRAIN_FAMILIES = {
    PoseFamily.ARMS_DOWN,
    PoseFamily.WALK,
    PoseFamily.ARM_RAISE,
    PoseFamily.T_POSE,
    PoseFamily.REACH,
    PoseFamily.SQUAT,
    PoseFamily.A_POSE
  };

  /** One frame to render. */
  private record Shot(
      String id,
      FrameSplit split,
      PoseFamily family,
      double[] pose,
      double azimuth,
      double elevation) {}

  /**
   * Generates a subject on the built-in procedural body, painting by its own part labels.
   *
   * @see #generate(BodyModel, Limb[], SyntheticSubjectOptions, Path, ProgressListener)
   */
  public static Dataset generate(
      ProceduralBody body, SyntheticSubjectOptions options, Path folder, ProgressListener progress)
      throws IOException {
    return generate(body.model(), ProceduralLimbs.of(body), options, folder, progress);
  }

  /**
   * Generates the subject into {@code folder} (which must not hold a dataset yet).
   *
   * @param body any body in SMPL-X's layout with 55 joints; UVs are needed for a texture file
   * @param limbs {@code [V]} the limb of each vertex from the body's own part labels, or {@code
   *     null} to derive limbs from the rest-pose geometry (nearest bone)
   * @return the finished dataset
   * @throws IllegalArgumentException when a texture file is given for a body without UVs
   */
  public static Dataset generate(
      BodyModel body,
      Limb[] limbs,
      SyntheticSubjectOptions options,
      Path folder,
      ProgressListener progress)
      throws IOException {
    if (options.texture() != null && !body.hasUvs()) {
      throw new IllegalArgumentException(
          body.name() + " has no texture coordinates (vt/ft), so a UV texture cannot be applied");
    }
    long seed = options.seed();
    double[] betas = options.betas() != null ? options.betas() : randomBetas(body, seed);
    BodyRig rig = new BodyRig(body);
    ShapedBody shaped = rig.shape(betas, new double[0]);

    RestGeometry geometry = limbs != null ? RestGeometry.of(body, limbs) : RestGeometry.of(body);
    TexturePattern pattern = options.pattern();
    SurfacePaint paint =
        new SurfacePaint(
            geometry, Outfit.random(Hashing.hash(seed, 2, 0), pattern.fabric()), pattern.clothed());
    Image texture = null;
    if (options.texture() != null) {
      texture = ImageIo.read(options.texture());
    } else if (body.hasUvs()) {
      texture = UvTextureBaker.bake(body, paint, options.textureSize(), options.threads());
    }

    List<Shot> shots = plan(options, seed);
    DatasetWriter writer = DatasetWriter.create(folder);
    writer.put("synthetic", describe(body, options, betas));
    if (texture != null) {
      ImageIo.writePng(folder.resolve(TEXTURE_FILE), texture);
    }

    PoseDependentDeformation deformation =
        new PoseDependentDeformation(
            body, shaped.restVertices(), shaped.restJoints(), options.deformation());
    Renderer renderer = new Renderer(body, paint, texture, deformation, options);
    PosedBody posed = rig.newPosedBody();
    List<Image> sheet = new ArrayList<>();
    // Contact-sheet cells at most 192 pixels high, the frames' aspect kept; frames are shrunk as
    // they are made so the sheet does not hold every full-size frame in memory.
    double cellScale = Math.min(1.0, 192.0 / options.height());
    int cellWidth = Math.max(3, (int) Math.round(options.width() * cellScale));
    int cellHeight = Math.max(3, (int) Math.round(options.height() * cellScale));
    for (int i = 0; i < shots.size(); i++) {
      Shot shot = shots.get(i);
      progress.progress(i, shots.size(), "rendering frame " + shot.id());
      rig.pose(shaped, shot.pose(), new double[3], posed);
      PinholeCamera camera =
          frame(
              posed.vertices(),
              shot.azimuth(),
              shot.elevation(),
              options.width(),
              options.height());
      Image[] rendered = renderer.render(posed, camera);
      SmplxParams params =
          SmplxParams.fromFullPose(betas, new double[0], shot.pose(), new double[3]);
      ObjectNode extra = JsonFiles.object();
      extra.put("pose_family", shot.family().name().toLowerCase(Locale.ROOT));
      extra.put("azimuth_deg", shot.azimuth());
      extra.put("elevation_deg", shot.elevation());
      writer.addFrame(shot.id(), shot.split(), camera, params, rendered[0], rendered[1], extra);
      sheet.add(ImageResize.resize(rendered[0], cellWidth, cellHeight));
    }
    int columns = Math.max(1, Math.min(options.views() + 1, 8));
    ImageIo.writePng(
        folder.resolve(CONTACT_SHEET_FILE),
        ContactSheet.of(sheet, columns, cellWidth + 2, cellHeight + 2));
    Dataset dataset = writer.finish();
    progress.progress(shots.size(), shots.size(), "done");
    return dataset;
  }

  /** Betas {@code N(0, 0.8^2)} for up to the first 10 shape directions, from their own stream. */
  private static double[] randomBetas(BodyModel body, long seed) {
    SplittableRandom random = new SplittableRandom(Hashing.hash(seed, 1, 0));
    double[] betas = new double[Math.min(10, body.shapeCount())];
    for (int i = 0; i < betas.length; i++) {
      // Irwin-Hall (sum of 12 uniforms minus 6) approximates a standard normal, bounded at +-6.
      double sum = -6;
      for (int k = 0; k < 12; k++) {
        sum += random.nextDouble();
      }
      betas[i] = 0.8 * sum;
    }
    return betas;
  }

  /** The frames: the photo, then the training grid, then the held-out test frames. */
  private static List<Shot> plan(SyntheticSubjectOptions options, long seed) {
    List<Shot> shots = new ArrayList<>();
    SplittableRandom photoRandom = new SplittableRandom(Hashing.hash(seed, 5, 0));
    PoseFamily photoFamily = photoRandom.nextBoolean() ? PoseFamily.A_POSE : PoseFamily.ARMS_DOWN;
    double[] photoPose = PoseLibrary.pose(photoFamily, 0.25 * photoRandom.nextDouble());
    shots.add(new Shot(FrameIds.of(0), FrameSplit.PHOTO, photoFamily, photoPose, 0, 0));

    SplittableRandom train = new SplittableRandom(Hashing.hash(seed, 3, 0));
    List<double[]> trainPoses = new ArrayList<>();
    trainPoses.add(photoPose);
    int next = 1;
    for (int p = 0; p < options.poses(); p++) {
      PoseFamily family = TRAIN_FAMILIES[p % TRAIN_FAMILIES.length];
      double[] pose = PoseLibrary.sample(family, train);
      trainPoses.add(pose);
      double offset = train.nextDouble();
      for (int v = 0; v < options.views(); v++) {
        double azimuth = round(360.0 * (v + offset) / options.views());
        double elevation = round(-5 + 20 * train.nextDouble());
        shots.add(
            new Shot(FrameIds.of(next++), FrameSplit.TRAIN, family, pose, azimuth, elevation));
      }
    }

    // A disjoint stream: no test pose is a training pose by construction of the random numbers,
    // and the distance check below makes it so by measure as well.
    SplittableRandom test = new SplittableRandom(Hashing.hash(seed, 4, 0));
    int start = test.nextInt(TRAIN_FAMILIES.length);
    for (int t = 0; t < options.testPoses(); t++) {
      PoseFamily family = TRAIN_FAMILIES[(start + t) % TRAIN_FAMILIES.length];
      double[] pose = PoseLibrary.sample(family, test);
      for (int attempt = 0; attempt < 50 && tooClose(pose, trainPoses); attempt++) {
        pose = PoseLibrary.sample(family, test);
      }
      double azimuth = round(360.0 * test.nextDouble());
      double elevation = round(-5 + 25 * test.nextDouble());
      shots.add(new Shot(FrameIds.of(next++), FrameSplit.TEST, family, pose, azimuth, elevation));
    }
    return shots;
  }

  /** Rounds angles to 1e-6 degrees so that dataset.json shows short, exact decimals. */
  private static double round(double degrees) {
    return Math.rint(degrees * 1e6) / 1e6;
  }

  private static boolean tooClose(double[] pose, List<double[]> others) {
    for (double[] other : others) {
      if (bodyPoseDistance(pose, other) <= MIN_TEST_POSE_DISTANCE) {
        return true;
      }
    }
    return false;
  }

  /**
   * RMS difference of the body joints' (1..21) axis-angle components of two full poses, radians.
   */
  public static double bodyPoseDistance(double[] a, double[] b) {
    double sum = 0;
    int n = SmplxJoints.BODY_JOINTS * 3;
    for (int i = 3; i < 3 + n; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum / n);
  }

  /**
   * A camera on an orbit around the body's bounding-box centre, at the distance that fits the box.
   *
   * @param vertices {@code [V*3]} posed vertices, world metres
   */
  static PinholeCamera frame(
      double[] vertices, double azimuth, double elevation, int width, int height) {
    double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int i = 0; i < vertices.length; i += 3) {
      for (int c = 0; c < 3; c++) {
        min[c] = Math.min(min[c], vertices[i + c]);
        max[c] = Math.max(max[c], vertices[i + c]);
      }
    }
    double[] target = {0.5 * (min[0] + max[0]), 0.5 * (min[1] + max[1]), 0.5 * (min[2] + max[2])};
    PinholeCamera unit =
        PinholeCamera.orbit(target, 1, azimuth, elevation, width, height, VERTICAL_FOV_DEGREES);
    // A corner at camera-frame offset (x, y, z) from the target projects inside the kept part of
    // the image when f |x| / (d + z) <= (1 - 2 MARGIN) W / 2 (and likewise y): solve for d. The
    // constraints are linear in the point, so corners that satisfy them make the box satisfy them.
    double halfWidth = 0.5 * width * (1 - 2 * MARGIN);
    double halfHeight = 0.5 * height * (1 - 2 * MARGIN);
    double distance = 0.1;
    for (int corner = 0; corner < 8; corner++) {
      double dx = ((corner & 1) == 0 ? min[0] : max[0]) - target[0];
      double dy = ((corner & 2) == 0 ? min[1] : max[1]) - target[1];
      double dz = ((corner & 4) == 0 ? min[2] : max[2]) - target[2];
      double x =
          unit.worldToCamera(0, 0) * dx
              + unit.worldToCamera(0, 1) * dy
              + unit.worldToCamera(0, 2) * dz;
      double y =
          unit.worldToCamera(1, 0) * dx
              + unit.worldToCamera(1, 1) * dy
              + unit.worldToCamera(1, 2) * dz;
      double z =
          unit.worldToCamera(2, 0) * dx
              + unit.worldToCamera(2, 1) * dy
              + unit.worldToCamera(2, 2) * dz;
      distance = Math.max(distance, unit.fx() * Math.abs(x) / halfWidth - z);
      distance = Math.max(distance, unit.fy() * Math.abs(y) / halfHeight - z);
    }
    return PinholeCamera.orbit(
        target, distance, azimuth, elevation, width, height, VERTICAL_FOV_DEGREES);
  }

  private static ObjectNode describe(
      BodyModel body, SyntheticSubjectOptions options, double[] betas) {
    ObjectNode node = JsonFiles.object();
    node.put("generator", "persona synthetic subject");
    node.put("body", body.name());
    node.put("seed", options.seed());
    ArrayNode betaNode = node.putArray("betas");
    for (double b : betas) {
      betaNode.add(b);
    }
    if (options.texture() != null) {
      node.put("texture", options.texture().getFileName().toString());
    } else {
      node.put("pattern", options.pattern().cliName());
      node.put("texture_size", options.textureSize());
    }
    node.put("poses", options.poses());
    node.put("views", options.views());
    node.put("test_poses", options.testPoses());
    node.put("width", options.width());
    node.put("height", options.height());
    node.put("samples", options.samples());
    node.put("deformation_m", options.deformation());
    node.put("vertical_fov_deg", VERTICAL_FOV_DEGREES);
    ObjectNode light = node.putObject("light");
    ArrayNode direction = light.putArray("towards_light");
    for (double d : TOWARDS_LIGHT) {
      direction.add(d);
    }
    light.put("ambient", AMBIENT);
    light.put("diffuse", DIFFUSE);
    ArrayNode background = node.putArray("background_linear_rgb");
    background.add(BACKGROUND.r()).add(BACKGROUND.g()).add(BACKGROUND.b());
    return node;
  }

  /** Renders posed bodies: shading, texture or per-pixel paint, compositing, mask. */
  private static final class Renderer {
    private final BodyModel body;
    private final SurfacePaint paint;
    private final Image texture;
    private final PoseDependentDeformation deformation;
    private final MeshRasterizer rasterizer;
    private final Shading shading = new Shading(TOWARDS_LIGHT, AMBIENT, DIFFUSE);
    private final float[] vertices;
    private final float[] attributes;
    private final int channels;
    private RasterResult reuse;

    Renderer(
        BodyModel body,
        SurfacePaint paint,
        Image texture,
        PoseDependentDeformation deformation,
        SyntheticSubjectOptions options) {
      this.body = body;
      this.paint = paint;
      this.texture = texture;
      this.deformation = deformation;
      this.rasterizer =
          new MeshRasterizer(
              RasterOptions.defaults()
                  .withSamples(options.samples())
                  .withThreads(options.threads()));
      this.vertices = new float[body.vertexCount() * 3];
      // Normals, plus rest positions when there is no texture: then the paint is evaluated per
      // pixel at the interpolated rest-pose point instead of being looked up in a baked texture.
      this.channels = texture != null ? 3 : 6;
      this.attributes = new float[body.vertexCount() * channels];
      if (texture == null) {
        float[] rest = body.templateVertices();
        for (int v = 0; v < body.vertexCount(); v++) {
          System.arraycopy(rest, v * 3, attributes, v * 6 + 3, 3);
        }
      }
    }

    /** Returns {image RGB, mask}. */
    Image[] render(PosedBody posed, PinholeCamera camera) {
      posed.verticesAsFloats(vertices);
      float[] normals = new float[body.vertexCount() * 3];
      deformation.apply(posed, vertices, normals);
      VertexNormals.compute(vertices, body.faces(), normals);
      for (int v = 0; v < body.vertexCount(); v++) {
        System.arraycopy(normals, v * 3, attributes, v * channels, 3);
      }
      RasterMesh mesh = RasterMesh.of(vertices, body.faces()).withAttributes(attributes, channels);
      if (texture != null) {
        mesh = mesh.withTexture(body.uvs(), body.uvFaces(), texture);
      }
      RasterResult result = rasterizer.rasterize(mesh, camera, reuse);
      reuse = result;
      int pixels = camera.width() * camera.height();
      float[] rgb = new float[pixels * 3];
      float[] mask = new float[pixels];
      float[] coverage = result.coverage();
      float[] attr = result.attributes();
      float[] colour = result.color();
      int colourChannels = result.colorChannels();
      int[] ids = result.triangleIds();
      float[] bary = result.barycentrics();
      int[] faces = body.faces();
      double[] albedo = new double[6];
      for (int p = 0; p < pixels; p++) {
        float alpha = coverage[p];
        mask[p] = alpha;
        double r = BACKGROUND.r();
        double g = BACKGROUND.g();
        double b = BACKGROUND.b();
        if (alpha > 0) {
          int a = p * channels;
          double light = shading.intensity(attr[a], attr[a + 1], attr[a + 2]);
          if (colour != null) {
            int o = p * colourChannels;
            albedo[0] = colour[o];
            albedo[1] = colourChannels >= 3 ? colour[o + 1] : colour[o];
            albedo[2] = colourChannels >= 3 ? colour[o + 2] : colour[o];
          } else {
            int f = ids[p];
            int dominant =
                bary[p * 3] >= bary[p * 3 + 1]
                    ? (bary[p * 3] >= bary[p * 3 + 2] ? faces[f * 3] : faces[f * 3 + 2])
                    : (bary[p * 3 + 1] >= bary[p * 3 + 2] ? faces[f * 3 + 1] : faces[f * 3 + 2]);
            paint.paint(
                paint.geometry().limbOfVertex(dominant),
                attr[a + 3],
                attr[a + 4],
                attr[a + 5],
                albedo);
          }
          r = r * (1 - alpha) + Math.min(1, albedo[0] * light) * alpha;
          g = g * (1 - alpha) + Math.min(1, albedo[1] * light) * alpha;
          b = b * (1 - alpha) + Math.min(1, albedo[2] * light) * alpha;
        }
        rgb[p * 3] = (float) r;
        rgb[p * 3 + 1] = (float) g;
        rgb[p * 3 + 2] = (float) b;
      }
      return new Image[] {
        new Image(camera.width(), camera.height(), 3, rgb),
        new Image(camera.width(), camera.height(), 1, mask)
      };
    }
  }
}
