package dev.persona.diffusion.reproject;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.PosedBody;
import dev.persona.core.image.Image;
import dev.persona.core.progress.ProgressListener;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.core.raster.RasterResult;
import dev.persona.diffusion.plan.PlannedFrame;
import dev.persona.diffusion.synthesis.FitPhoto;
import dev.persona.diffusion.synthesis.SynthesisBackend;
import dev.persona.diffusion.synthesis.SynthesizedFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The default backend, on the CPU and deterministic: the photo baked onto the fitted body ({@link
 * PhotoTextureBaker}), the body posed for each frame and rendered with the core mesh rasterizer,
 * composited over the photo's own background colour (the mean of its pixels outside the mask).
 * Lighting and shadows are those of the photo, carried along with the surface.
 */
public final class ReprojectBackend implements SynthesisBackend {
  public static final String NAME = "reproject";

  /** Photo pixels with a mask below this are background. */
  static final double BACKGROUND_MASK = 0.5;

  private final BodyModel body;
  private final BodyRig rig;
  private final PhotoTexture texture;
  private final Image renderTexture;
  private final float[] background;
  private final MeshRasterizer rasterizer;

  private ReprojectBackend(
      BodyModel body, PhotoTexture texture, float[] background, ReprojectOptions options) {
    this.body = body;
    this.rig = new BodyRig(body);
    this.texture = texture;
    this.background = background;
    this.rasterizer =
        new MeshRasterizer(
            RasterOptions.defaults().withSamples(options.samples()).withThreads(options.threads()));
    // RGB plus a fourth channel, 1 where the texel was seen in the photo: rendered along, it says
    // per pixel how much of what is shown the photo saw.
    int size = texture.size();
    float[] rgb = texture.colour().data();
    float[] rgbs = new float[size * size * 4];
    byte photo = TexelSource.PHOTO.code();
    for (int t = 0; t < size * size; t++) {
      System.arraycopy(rgb, t * 3, rgbs, t * 4, 3);
      rgbs[t * 4 + 3] = texture.source()[t] == photo ? 1f : 0f;
    }
    this.renderTexture = new Image(size, size, 4, rgbs);
  }

  /**
   * Bakes the photo onto the body.
   *
   * @throws dev.persona.core.InvalidInputException as {@link PhotoTextureBaker#bake}
   */
  public static ReprojectBackend create(BodyModel body, FitPhoto photo, ReprojectOptions options) {
    PhotoTexture texture =
        PhotoTextureBaker.bake(body, photo, options.textureSize(), options.threads());
    return new ReprojectBackend(body, texture, backgroundOf(photo), options);
  }

  @Override
  public String name() {
    return NAME;
  }

  public PhotoTexture texture() {
    return texture;
  }

  /** The background colour frames are composited over, linear RGB {@code [3]}. */
  public float[] background() {
    return background.clone();
  }

  /**
   * One frame rendered.
   *
   * @param image linear RGB over the background
   * @param mask the body's coverage
   * @param seen {@code [H*W]} the fraction of each pixel's body samples whose texels were seen in
   *     the photo (bilinear, so texels next to unseen ones count partly)
   */
  public record Render(Image image, Image mask, float[] seen) {}

  /** Renders one planned frame. */
  public Render render(PlannedFrame frame) {
    PosedBody posed = rig.forward(frame.params());
    RasterMesh mesh =
        RasterMesh.of(posed.verticesAsFloats(null), body.faces())
            .withTexture(body.uvs(), body.uvFaces(), renderTexture);
    RasterResult result = rasterizer.rasterize(mesh, frame.camera());
    int pixels = result.width() * result.height();
    float[] coverage = result.coverage();
    float[] colour = result.color();
    float[] rgb = new float[pixels * 3];
    float[] seen = new float[pixels];
    for (int p = 0; p < pixels; p++) {
      float alpha = coverage[p];
      for (int c = 0; c < 3; c++) {
        rgb[p * 3 + c] = background[c] * (1 - alpha) + colour[p * 4 + c] * alpha;
      }
      seen[p] = alpha > 0 ? colour[p * 4 + 3] : 0;
    }
    return new Render(
        new Image(result.width(), result.height(), 3, rgb),
        new Image(result.width(), result.height(), 1, coverage.clone()),
        seen);
  }

  @Override
  public List<SynthesizedFrame> synthesize(List<PlannedFrame> clip, ProgressListener progress) {
    List<SynthesizedFrame> out = new ArrayList<>(clip.size());
    for (int k = 0; k < clip.size(); k++) {
      Render render = render(clip.get(k));
      out.add(new SynthesizedFrame(render.image(), render.mask()));
      progress.progress(k + 1, clip.size(), "rendered frame " + (clip.get(k).index() + 1));
    }
    return out;
  }

  /** Mean colour of the photo's background pixels; mid grey when the person fills the photo. */
  static float[] backgroundOf(FitPhoto photo) {
    float[] mask = photo.mask().data();
    float[] image = photo.image().data();
    int channels = photo.image().channels();
    double[] sum = new double[3];
    long count = 0;
    for (int p = 0; p < mask.length; p++) {
      if (mask[p] < BACKGROUND_MASK) {
        for (int c = 0; c < 3; c++) {
          sum[c] += image[p * channels + Math.min(c, channels - 1)];
        }
        count++;
      }
    }
    float[] out = new float[3];
    for (int c = 0; c < 3; c++) {
      out[c] = count > 0 ? (float) (sum[c] / count) : 0.5f;
    }
    return out;
  }
}
