package dev.persona.diffusion.mimicmotion;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.BodyRig;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.image.ColorTransfer;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageResize;
import dev.persona.core.progress.ProgressListener;
import dev.persona.core.raster.MeshRasterizer;
import dev.persona.core.raster.RasterMesh;
import dev.persona.core.raster.RasterOptions;
import dev.persona.diffusion.guidance.PoseGuidance;
import dev.persona.diffusion.guidance.PoseKeypoints;
import dev.persona.diffusion.plan.FramePlanner;
import dev.persona.diffusion.plan.PlannedFrame;
import dev.persona.diffusion.synthesis.FitPhoto;
import dev.persona.diffusion.synthesis.SynthesisBackend;
import dev.persona.diffusion.synthesis.SynthesizedFrame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The generative backend: each clip is one MimicMotion video ({@link MimicMotionPipeline}) whose
 * reference is the fitted photo, brought to the frame size with the planner's framing, and whose
 * pose guidance is the photo's own skeleton (frame 0, dropped from the output) followed by the
 * clip's planned skeletons, drawn as {@link PoseGuidance} draws the guidance PNGs. A frame's mask
 * is the posed body's rendered coverage, as the reproject backend's: the network draws clothes and
 * hair the SMPL-X surface lacks, but the dataset's mask stays the body's.
 */
public final class MimicMotionBackend implements SynthesisBackend {
  public static final String NAME = "mimicmotion";

  /** The UNet downsamples the latents three times: frame sides are multiples of 8 x 8. */
  public static final int SIZE_MULTIPLE = MimicMotionNetworks.LATENT_SCALE * 8;

  private final BodyModel body;
  private final BodyRig rig;
  private final FitPhoto photo;
  private final MimicMotionNetworks networks;
  private final MimicMotionOptions options;
  private final MeshRasterizer rasterizer;

  /** A backend running {@code networks}, which it closes when closed. */
  public MimicMotionBackend(
      BodyModel body, FitPhoto photo, MimicMotionNetworks networks, MimicMotionOptions options) {
    this.body = body;
    this.rig = new BodyRig(body);
    this.photo = photo;
    this.networks = networks;
    this.options = options;
    this.rasterizer = new MeshRasterizer(RasterOptions.defaults().withSamples(2));
  }

  /**
   * Loads the exported networks (GPU and float16 when libtorch sees a GPU, else CPU and float32).
   *
   * @throws InvalidInputException as {@link MimicMotionNetworks#open(MimicMotionComponents)}
   */
  public static MimicMotionBackend create(
      BodyModel body, FitPhoto photo, MimicMotionComponents components, MimicMotionOptions options)
      throws IOException {
    return new MimicMotionBackend(body, photo, MimicMotionNetworks.open(components), options);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * @throws InvalidInputException MALFORMED when the frame size is not a multiple of 64
   */
  @Override
  public List<SynthesizedFrame> synthesize(List<PlannedFrame> clip, ProgressListener progress) {
    PinholeCamera first = clip.get(0).camera();
    int width = first.width();
    int height = first.height();
    if (width % SIZE_MULTIPLE != 0 || height % SIZE_MULTIPLE != 0) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "the mimicmotion backend needs a frame size whose sides are multiples of "
              + SIZE_MULTIPLE
              + ", got "
              + width
              + "x"
              + height
              + " (--size)");
    }
    PinholeCamera referenceCamera = FramePlanner.resize(photo.camera(), width, height);
    int frames = clip.size() + 1;
    int imageSize = 3 * width * height;
    float[] poses = new float[frames * imageSize];
    skeleton(photo.params(), referenceCamera, poses, 0);
    for (int k = 0; k < clip.size(); k++) {
      skeleton(clip.get(k).params(), clip.get(k).camera(), poses, (k + 1) * imageSize);
    }
    int n = clip.size();
    float[] video =
        new MimicMotionPipeline(networks, options)
            .generate(
                reference(photo.image(), referenceCamera),
                poses,
                frames,
                height,
                width,
                options.seed() + clip.get(0).index(),
                (done, of, message) -> progress.progress(0, n, message));
    List<SynthesizedFrame> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      Image image = linearImage(video, (k + 1) * imageSize, width, height);
      out.add(new SynthesizedFrame(image, coverage(clip.get(k))));
      progress.progress(k + 1, n, "generated frame " + (clip.get(k).index() + 1));
    }
    return out;
  }

  /**
   * The photo as MimicMotion's reference at {@code camera}'s size and framing (the planner's:
   * scaled to the frame height, cropped or padded equally left and right, padding repeating the
   * edge columns), sRGB-encoded in [-1, 1], {@code (3, H, W)}.
   */
  static float[] reference(Image photo, PinholeCamera camera) {
    int width = camera.width();
    int height = camera.height();
    double scale = (double) height / photo.height();
    int scaledWidth = Math.max(1, (int) Math.round(photo.width() * scale));
    Image scaled = ImageResize.resize(photo, scaledWidth, height);
    int offset = (int) Math.round(0.5 * (width - photo.width() * scale));
    int channels = scaled.channels();
    float[] src = scaled.data();
    int plane = width * height;
    float[] out = new float[3 * plane];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int sx = Math.max(0, Math.min(scaledWidth - 1, x - offset));
        int s = (y * scaledWidth + sx) * channels;
        for (int c = 0; c < 3; c++) {
          double linear = src[s + Math.min(c, channels - 1)];
          out[c * plane + y * width + x] =
              (float) (2 * ColorTransfer.linearToSrgb(Math.max(0, Math.min(1, linear))) - 1);
        }
      }
    }
    return out;
  }

  /** The pose-skeleton image of {@code params} seen by {@code camera}, into {@code dest}, CHW. */
  private void skeleton(SmplxParams params, PinholeCamera camera, float[] dest, int offset) {
    double[] pixels = new double[PoseKeypoints.COUNT * 2];
    PoseKeypoints.project(PoseKeypoints.of(rig.forward(params)), camera, pixels);
    Image drawn = PoseGuidance.draw(pixels, camera.width(), camera.height());
    float[] data = drawn.data();
    int plane = camera.width() * camera.height();
    // The guidance PNGs' 8-bit codes, as MimicMotion feeds DWPose images: code / 127.5 - 1.
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        dest[offset + c * plane + p] = ColorTransfer.linearToSrgb8(data[p * 3 + c]) / 127.5f - 1;
      }
    }
  }

  /** Frame {@code (3, H, W)} at {@code offset} in [-1, 1], sRGB-encoded, as a linear image. */
  static Image linearImage(float[] video, int offset, int width, int height) {
    int plane = width * height;
    float[] out = new float[3 * plane];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        double encoded = Math.max(0, Math.min(1, (video[offset + c * plane + p] + 1) * 0.5));
        out[p * 3 + c] = (float) ColorTransfer.srgbToLinear(encoded);
      }
    }
    return new Image(width, height, 3, out);
  }

  /** The posed body's coverage, the frame's mask. */
  private Image coverage(PlannedFrame frame) {
    RasterMesh mesh =
        RasterMesh.of(rig.forward(frame.params()).verticesAsFloats(null), body.faces());
    float[] coverage = rasterizer.rasterize(mesh, frame.camera()).coverage();
    return new Image(frame.camera().width(), frame.camera().height(), 1, coverage.clone());
  }

  @Override
  public void close() {
    networks.close();
  }
}
