package dev.persona.app;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.PosedBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.Image;
import dev.persona.core.mesh.VertexNormals;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.core.raster.RasterResult;
import dev.persona.core.raster.Shading;

/** A shaded, anti-aliased render of a posed body for a person to look at. */
final class BodyRender {
  /** 3x3 supersampling: smooth silhouettes at little cost for preview sizes. */
  private static final int SAMPLES = 3;

  /** A light skin-like grey, linear RGB. */
  private static final float[] BASE_COLOUR = {0.62f, 0.55f, 0.50f};

  private BodyRender() {}

  /** RGBA, straight alpha = coverage, transparent background. */
  static Image render(BodyModel model, PosedBody posed, PinholeCamera camera) {
    float[] vertices = posed.verticesAsFloats(null);
    float[] normals = new float[vertices.length];
    VertexNormals.compute(vertices, model.faces(), normals);
    RasterMesh mesh = RasterMesh.of(vertices, model.faces()).withAttributes(normals, 3);
    RasterResult result =
        new MeshRasterizer(RasterOptions.defaults().withSamples(SAMPLES)).rasterize(mesh, camera);
    return Shading.headlight(camera)
        .shade(result, 0, BASE_COLOUR[0], BASE_COLOUR[1], BASE_COLOUR[2]);
  }
}
