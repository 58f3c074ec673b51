package dev.persona.smplx.fitting;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageOps;
import dev.persona.core.mesh.VertexNormals;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.core.raster.RasterResult;
import dev.persona.core.raster.Shading;

/**
 * The picture a person checks a fit by: the fitted body, shaded with a headlight, blended at 60%
 * over the photo; the landmarks used (red dots, confidence 0.2 or more) and where the fitted body
 * puts them (green dots), joined by yellow lines (a long line is a bad fit there).
 */
public final class FitOverlay {
  private static final float[] RED = {1f, 0.1f, 0.1f};
  private static final float[] GREEN = {0.1f, 1f, 0.2f};
  private static final float[] YELLOW = {1f, 0.9f, 0.1f};
  private static final float BODY_OPACITY = 0.6f;

  private FitOverlay() {}

  /** Draws the overlay at the photo's size (linear RGB). */
  public static Image draw(Image photo, BodyModel model, FitResult fit, LandmarkTargets targets) {
    PosedBody body = new BodyRig(model).forward(fit.params());
    float[] vertices = body.verticesAsFloats(null);
    float[] normals = new float[vertices.length];
    VertexNormals.compute(vertices, model.faces(), normals);
    RasterResult raster =
        new MeshRasterizer(RasterOptions.defaults().withSamples(2))
            .rasterize(
                RasterMesh.of(vertices, model.faces()).withAttributes(normals, 3), fit.camera());
    Image shaded = Shading.headlight(fit.camera()).shade(raster, 0, 0.75f, 0.8f, 0.95f);

    int w = photo.width();
    int h = photo.height();
    Image out = new Image(w, h, 3);
    float[] src = photo.data();
    float[] body4 = shaded.data();
    float[] dst = out.data();
    int ch = photo.channels();
    for (int i = 0; i < w * h; i++) {
      float a = BODY_OPACITY * body4[i * 4 + 3];
      for (int c = 0; c < 3; c++) {
        float v = src[i * ch + Math.min(c, ch - 1)];
        dst[i * 3 + c] = v * (1 - a) + body4[i * 4 + c] * a;
      }
    }
    double radius = Math.max(2, Math.max(w, h) / 250.0);
    double[] p = fit.projected();
    for (int l = 0; l < targets.x().length; l++) {
      if (targets.confidence()[l] <= 0) {
        continue;
      }
      line(out, targets.x()[l], targets.y()[l], p[2 * l], p[2 * l + 1], YELLOW, radius / 3);
      ImageOps.fillDisc(out, targets.x()[l], targets.y()[l], radius, RED);
      ImageOps.fillDisc(out, p[2 * l], p[2 * l + 1], radius * 0.8, GREEN);
    }
    return out;
  }

  private static void line(
      Image img, double ax, double ay, double bx, double by, float[] color, double r) {
    double length = Math.hypot(bx - ax, by - ay);
    int steps = (int) Math.ceil(length / Math.max(0.5, r)) + 1;
    for (int s = 0; s <= steps; s++) {
      double t = (double) s / steps;
      ImageOps.fillDisc(img, ax + t * (bx - ax), ay + t * (by - ay), Math.max(0.7, r), color);
    }
  }
}
