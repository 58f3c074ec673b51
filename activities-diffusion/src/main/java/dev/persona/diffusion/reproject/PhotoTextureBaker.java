package dev.persona.diffusion.reproject;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.core.image.TexturePadding;
import dev.persona.core.mesh.MeshAdjacency;
import dev.persona.core.mesh.VertexNormals;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.core.raster.RasterResult;
import dev.persona.diffusion.synthesis.FitPhoto;

/**
 * Textures the fitted body from the photo, in the body's UV space, in three passes.
 *
 * <ol>
 *   <li><b>Projection.</b> Each texel's surface point on the body posed as in the photo is
 *       projected into the photo. It counts as seen when nothing is in front of it (its camera
 *       depth is within {@link #DEPTH_TOLERANCE} plus {@value #DEPTH_SLACK_PIXELS} pixel footprints
 *       of the rasterizer's depth at that pixel), it faces the camera (cosine between its normal
 *       and the direction to the camera above {@value #MIN_FACING}) and the photo's mask is at
 *       least {@value #MIN_MASK} at the four pixels its bilinear lookup reads (so background never
 *       bleeds in at the silhouette). Its colour is the photo's, bilinearly sampled; its confidence
 *       the cosine: grazing views smear the photo over the surface.
 *   <li><b>Mirror.</b> A texel not seen takes the colour of the seen texel nearest (within {@value
 *       #MIRROR_RADIUS} m) to its left-right mirror point: the rest-pose position with x negated
 *       (rest bodies are symmetric about x = 0 and face +z). Confidence: {@value
 *       #MIRROR_CONFIDENCE} times the mirror texel's; clothes and people are only roughly
 *       symmetric.
 *   <li><b>Propagation.</b> What is left (typically the back, for a front photo) is filled over the
 *       mesh: every vertex touching seen or mirrored texels gets their confidence-weighted mean
 *       colour, and {@link SurfacePropagation} spreads those colours along the surface. A texel
 *       interpolates its triangle's vertex colours; its confidence {@value #PROPAGATED_CONFIDENCE}
 *       times {@code exp(-d / }{@value #PROPAGATION_LENGTH}{@code m)}, d the distance along the
 *       surface to the nearest seed.
 * </ol>
 *
 * <p>Texels outside every UV island are then padded from their neighbours ({@value #DILATION}
 * passes) so bilinear lookups along island borders do not pick up black.
 */
public final class PhotoTextureBaker {
  /** Depth tolerance of the visibility test, metres: the rasterizer's depth vs the texel's. */
  static final double DEPTH_TOLERANCE = 0.01;

  /** Extra depth tolerance in pixel footprints (slanted surfaces change depth across a pixel). */
  static final double DEPTH_SLACK_PIXELS = 2;

  /** Smallest cosine between normal and view direction for a texel to count as seen. */
  static final double MIN_FACING = 0.2;

  /** Smallest photo mask value at the pixels a seen texel reads. */
  static final double MIN_MASK = 0.99;

  /** Largest distance from a texel's mirror point to the seen texel it copies, metres. */
  static final double MIRROR_RADIUS = 0.01;

  static final float MIRROR_CONFIDENCE = 0.7f;
  static final float PROPAGATED_CONFIDENCE = 0.3f;
  static final double PROPAGATION_LENGTH = 0.1;

  /** Passes of padding around the UV islands. */
  static final int DILATION = 8;

  /** Largest texture side: {@code 4096^2} texels already hold about 700 MB of work arrays. */
  public static final int MAX_SIZE = 4096;

  private PhotoTextureBaker() {}

  /**
   * @param body the body model the fit belongs to; it must have UVs
   * @param photo the fitted photo
   * @param size texture side, texels
   * @param threads rasterizer threads; the result does not depend on it
   * @throws InvalidInputException UNSUPPORTED for a body without UVs, NO_PERSON when no part of the
   *     fitted body is seen in the photo
   */
  public static PhotoTexture bake(BodyModel body, FitPhoto photo, int size, int threads) {
    if (!body.hasUvs()) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED,
          body.name()
              + " has no texture coordinates (vt/ft): the reproject backend needs a UV"
              + " layout");
    }
    if (size < 8 || size > MAX_SIZE) {
      throw new IllegalArgumentException("texture size must be in 8.." + MAX_SIZE + ": " + size);
    }
    int[] faces = body.faces();
    int vertexCount = body.vertexCount();
    PosedBody posed = new BodyRig(body).forward(photo.params());
    double[] vertices = posed.vertices();
    float[] floatVertices = posed.verticesAsFloats(null);
    float[] floatNormals = new float[vertexCount * 3];
    VertexNormals.compute(floatVertices, faces, floatNormals);
    double[] normals = new double[vertexCount * 3];
    for (int i = 0; i < normals.length; i++) {
      normals[i] = floatNormals[i];
    }
    PinholeCamera camera = photo.camera();
    RasterResult raster =
        new MeshRasterizer(RasterOptions.defaults().withSamples(1).withThreads(threads))
            .rasterize(RasterMesh.of(floatVertices, faces), camera);

    UvTexels texels = UvTexels.of(body, size);
    int count = size * size;
    float[] colour = new float[count * 3];
    float[] confidence = new float[count];
    byte[] source = new byte[count];
    java.util.Arrays.fill(source, TexelSource.EMPTY.code());
    project(texels, faces, vertices, normals, camera, raster, photo, colour, confidence, source);

    double[] rest = new double[vertexCount * 3];
    float[] template = body.templateVertices();
    for (int i = 0; i < rest.length; i++) {
      rest[i] = template[i];
    }
    int seen = mirror(texels, faces, rest, colour, confidence, source);
    if (seen == 0) {
      throw new InvalidInputException(
          Reason.NO_PERSON,
          "no part of the fitted body is visible in the photo: check the fit's camera and mask");
    }
    propagate(texels, faces, rest, vertexCount, colour, confidence, source);
    boolean[] filled = new boolean[source.length];
    for (int t = 0; t < filled.length; t++) {
      filled[t] = source[t] != TexelSource.EMPTY.code();
    }
    TexturePadding.pad(colour, filled, size, DILATION);
    return new PhotoTexture(new Image(size, size, 3, colour), confidence, source);
  }

  /** Pass 1: texels seen in the photo; returns nothing, marks them {@link TexelSource#PHOTO}. */
  private static void project(
      UvTexels texels,
      int[] faces,
      double[] vertices,
      double[] normals,
      PinholeCamera camera,
      RasterResult raster,
      FitPhoto photo,
      float[] colour,
      float[] confidence,
      byte[] source) {
    int width = camera.width();
    int height = camera.height();
    float[] depth = raster.depth();
    float[] mask = photo.mask().data();
    float[] image = photo.image().data();
    int channels = photo.image().channels();
    double[] eye = camera.cameraCenter();
    double[] point = new double[3];
    double[] normal = new double[3];
    double[] cam = new double[3];
    int[] face = texels.face();
    for (int t = 0; t < face.length; t++) {
      if (face[t] < 0) {
        continue;
      }
      source[t] = TexelSource.PROPAGATED.code();
      texels.interpolate(t, faces, vertices, point);
      texels.interpolate(t, faces, normals, normal);
      camera.worldToCameraPoint(point[0], point[1], point[2], cam);
      if (cam[2] <= 0) {
        continue;
      }
      double u = camera.fx() * cam[0] / cam[2] + camera.cx();
      double v = camera.fy() * cam[1] / cam[2] + camera.cy();
      double vx = eye[0] - point[0];
      double vy = eye[1] - point[1];
      double vz = eye[2] - point[2];
      double nn = Math.sqrt(normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]);
      double vn = Math.sqrt(vx * vx + vy * vy + vz * vz);
      double facing = (normal[0] * vx + normal[1] * vy + normal[2] * vz) / (nn * vn);
      if (!(facing > MIN_FACING)) {
        continue;
      }
      // Bilinear lookup: pixel centres at integer + 0.5.
      double sx = u - 0.5;
      double sy = v - 0.5;
      int x0 = (int) Math.floor(sx);
      int y0 = (int) Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) {
        continue;
      }
      int p00 = y0 * width + x0;
      int p10 = p00 + 1;
      int p01 = p00 + width;
      int p11 = p01 + 1;
      double tolerance = DEPTH_TOLERANCE + DEPTH_SLACK_PIXELS * cam[2] / camera.fx();
      if (!sameSurface(depth, mask, p00, cam[2], tolerance)
          || !sameSurface(depth, mask, p10, cam[2], tolerance)
          || !sameSurface(depth, mask, p01, cam[2], tolerance)
          || !sameSurface(depth, mask, p11, cam[2], tolerance)) {
        continue;
      }
      double fx = sx - x0;
      double fy = sy - y0;
      double w00 = (1 - fx) * (1 - fy);
      double w10 = fx * (1 - fy);
      double w01 = (1 - fx) * fy;
      double w11 = fx * fy;
      for (int c = 0; c < 3; c++) {
        int k = Math.min(c, channels - 1);
        colour[t * 3 + c] =
            (float)
                (w00 * image[p00 * channels + k]
                    + w10 * image[p10 * channels + k]
                    + w01 * image[p01 * channels + k]
                    + w11 * image[p11 * channels + k]);
      }
      confidence[t] = (float) facing;
      source[t] = TexelSource.PHOTO.code();
    }
  }

  /**
   * Whether photo pixel {@code p} shows the texel's surface: the rasterizer's nearest surface there
   * is at the texel's depth (nothing in front, and not a different surface behind an edge) and the
   * photo's mask says person.
   */
  private static boolean sameSurface(
      float[] depth, float[] mask, int p, double z, double tolerance) {
    return Math.abs(depth[p] - z) <= tolerance && mask[p] >= MIN_MASK;
  }

  /** Pass 2: mirror fill; returns the number of texels seen in the photo. */
  private static int mirror(
      UvTexels texels,
      int[] faces,
      double[] rest,
      float[] colour,
      float[] confidence,
      byte[] source) {
    int[] face = texels.face();
    double[] restPoints = new double[face.length * 3];
    int[] seen = new int[face.length];
    int seenCount = 0;
    double[] point = new double[3];
    for (int t = 0; t < face.length; t++) {
      if (face[t] < 0) {
        continue;
      }
      texels.interpolate(t, faces, rest, point);
      System.arraycopy(point, 0, restPoints, t * 3, 3);
      if (source[t] == TexelSource.PHOTO.code()) {
        seen[seenCount++] = t;
      }
    }
    if (seenCount == 0) {
      return 0;
    }
    PointGrid grid = new PointGrid(restPoints, seen, seenCount, MIRROR_RADIUS);
    for (int t = 0; t < face.length; t++) {
      if (source[t] != TexelSource.PROPAGATED.code()) {
        continue;
      }
      int m = grid.nearest(-restPoints[t * 3], restPoints[t * 3 + 1], restPoints[t * 3 + 2]);
      if (m < 0) {
        continue;
      }
      System.arraycopy(colour, m * 3, colour, t * 3, 3);
      confidence[t] = MIRROR_CONFIDENCE * confidence[m];
      source[t] = TexelSource.MIRROR.code();
    }
    return seenCount;
  }

  /** Pass 3: propagation over the mesh to the texels neither seen nor mirrored. */
  private static void propagate(
      UvTexels texels,
      int[] faces,
      double[] rest,
      int vertexCount,
      float[] colour,
      float[] confidence,
      byte[] source) {
    int[] face = texels.face();
    float[] bary = texels.barycentrics();
    double[] sums = new double[vertexCount * 4];
    for (int t = 0; t < face.length; t++) {
      if (source[t] != TexelSource.PHOTO.code() && source[t] != TexelSource.MIRROR.code()) {
        continue;
      }
      for (int k = 0; k < 3; k++) {
        int v = faces[face[t] * 3 + k];
        double w = bary[t * 3 + k] * confidence[t];
        sums[v * 4] += w * colour[t * 3];
        sums[v * 4 + 1] += w * colour[t * 3 + 1];
        sums[v * 4 + 2] += w * colour[t * 3 + 2];
        sums[v * 4 + 3] += w;
      }
    }
    boolean[] seeded = new boolean[vertexCount];
    float[] vertexColour = new float[vertexCount * 3];
    for (int v = 0; v < vertexCount; v++) {
      double w = sums[v * 4 + 3];
      if (w > 0) {
        seeded[v] = true;
        for (int c = 0; c < 3; c++) {
          vertexColour[v * 3 + c] = (float) (sums[v * 4 + c] / w);
        }
      }
    }
    double[] distance = new double[vertexCount];
    SurfacePropagation.propagate(
        MeshAdjacency.of(vertexCount, faces), rest, seeded, vertexColour, distance);
    for (int t = 0; t < face.length; t++) {
      if (source[t] != TexelSource.PROPAGATED.code()) {
        continue;
      }
      double r = 0;
      double g = 0;
      double b = 0;
      double trust = 0;
      for (int k = 0; k < 3; k++) {
        int v = faces[face[t] * 3 + k];
        double w = bary[t * 3 + k];
        r += w * vertexColour[v * 3];
        g += w * vertexColour[v * 3 + 1];
        b += w * vertexColour[v * 3 + 2];
        trust += w * Math.exp(-distance[v] / PROPAGATION_LENGTH);
      }
      colour[t * 3] = (float) r;
      colour[t * 3 + 1] = (float) g;
      colour[t * 3 + 2] = (float) b;
      confidence[t] = (float) (PROPAGATED_CONFIDENCE * trust);
    }
  }
}
