package dev.persona.smplx.fitting;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.smplx.perception.PersonMask;
import dev.persona.smplx.perception.PoseLandmarks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Landmarks and masks derived from a known body and camera, as a perfect BlazePose would report
 * them plus Gaussian pixel noise: each landmark is its {@link LandmarkMap} point projected, world
 * landmarks are the points in camera axes about the hips' midpoint (with metric noise).
 */
final class GroundTruthLandmarks {
  private GroundTruthLandmarks() {}

  static PoseLandmarks of(
      BodyModel model,
      LandmarkMap map,
      SmplxParams params,
      PinholeCamera camera,
      double pixelSigma,
      double worldSigma,
      long seed) {
    PosedBody body = new BodyRig(model).forward(params);
    SplittableRandom random = new SplittableRandom(seed);
    int n = PoseLandmarks.COUNT;
    float[] x = new float[n];
    float[] y = new float[n];
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    double[][] cameraPoints = new double[n][3];
    double[] p = new double[3];
    double[] pixel = new double[2];
    for (int l = 0; l < n; l++) {
      map.position(l, body.joints(), body.vertices(), p);
      camera.project(p, pixel);
      x[l] = (float) (pixel[0] + pixelSigma * gaussian(random));
      y[l] = (float) (pixel[1] + pixelSigma * gaussian(random));
      camera.worldToCameraPoint(p[0], p[1], p[2], cameraPoints[l]);
    }
    float[] world = new float[n * 3];
    for (int l = 0; l < n; l++) {
      for (int a = 0; a < 3; a++) {
        double hip =
            0.5
                * (cameraPoints[PoseLandmarks.LEFT_HIP][a]
                    + cameraPoints[PoseLandmarks.RIGHT_HIP][a]);
        world[3 * l + a] = (float) (cameraPoints[l][a] - hip + worldSigma * gaussian(random));
      }
    }
    return new PoseLandmarks(x, y, new float[n], ones, ones, world);
  }

  /** The body's coverage seen by {@code camera}, 2x2 supersampled. */
  static PersonMask mask(BodyModel model, SmplxParams params, PinholeCamera camera) {
    PosedBody body = new BodyRig(model).forward(params);
    Image coverage =
        new MeshRasterizer(RasterOptions.defaults().withSamples(2))
            .rasterize(RasterMesh.of(body.verticesAsFloats(null), model.faces()), camera)
            .coverageImage();
    return new PersonMask(coverage);
  }

  /** Irwin-Hall approximation of a standard normal (deterministic per seed, no Random state). */
  static double gaussian(SplittableRandom random) {
    double sum = -6;
    for (int k = 0; k < 12; k++) {
      sum += random.nextDouble();
    }
    return sum;
  }
}
