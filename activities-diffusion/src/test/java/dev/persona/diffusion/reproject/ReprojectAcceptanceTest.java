package dev.persona.diffusion.reproject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.image.Image;
import dev.persona.core.progress.ProgressListener;
import dev.persona.diffusion.plan.PlannedFrame;
import dev.persona.diffusion.synthesis.FitPhoto;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: the reproject backend, given the photo frame of a synthetic subject
 * (a known textured body), renders the subject's training frames (its poses and cameras), and its
 * colours are compared with the subject's own renders of them, where the photo saw the surface and
 * over the whole body.
 */
class ReprojectAcceptanceTest {
  @TempDir Path dir;

  @Test
  void framesMatchGroundTruthRendersWhereThePhotoSawTheSurface() throws Exception {
    ProceduralBody body = ProceduralBody.create();
    SyntheticSubjectOptions options =
        SyntheticSubjectOptions.defaults()
            .withFrames(4, 2, 0)
            .withSize(192, 192)
            .withSeed(7)
            .withTextureSize(512)
            .withThreads(2);
    Dataset subject =
        SyntheticSubject.generate(body, options, dir.resolve("subject"), ProgressListener.NONE);
    FitPhoto photo = FitPhoto.read(subject.folder());
    ReprojectBackend backend =
        ReprojectBackend.create(body.model(), photo, new ReprojectOptions(512, 2, 2));

    int[] counts = backend.texture().sourceCounts();
    // A front photo sees roughly the front half; mirror adds little (the front is its own mirror);
    // the back is propagated.
    assertTrue(counts[TexelSource.PHOTO.ordinal()] > 0);
    assertTrue(counts[TexelSource.PROPAGATED.ordinal()] > 0);

    double seenError = 0;
    long seenPixels = 0;
    double allError = 0;
    long allPixels = 0;
    long maskAgree = 0;
    long maskUnion = 0;
    List<String> ids = subject.frameIds(FrameSplit.TRAIN);
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      PlannedFrame frame =
          new PlannedFrame(i, "subject", i, subject.params(id), subject.camera(id));
      ReprojectBackend.Render render = backend.render(frame);
      Image truth = subject.image(id);
      float[] truthMask = subject.mask(id).data();
      float[] mask = render.mask().data();
      float[] got = render.image().data();
      float[] want = truth.data();
      int ch = truth.channels();
      for (int p = 0; p < truthMask.length; p++) {
        // 2x2 samples make coverage a multiple of 0.25; the stored mask rounds 0.5 to 128/255.
        boolean inTruth = truthMask[p] >= 0.5;
        boolean inRender = mask[p] >= 0.5;
        maskAgree += inTruth && inRender ? 1 : 0;
        maskUnion += inTruth || inRender ? 1 : 0;
        // Interior body pixels only: silhouette pixels mix body and background in both images.
        if (truthMask[p] < 1 || mask[p] < 1) {
          continue;
        }
        double e = 0;
        for (int c = 0; c < 3; c++) {
          double d = got[p * 3 + c] - want[p * ch + c];
          e += d * d;
        }
        allError += e;
        allPixels += 3;
        if (render.seen()[p] >= 0.999f) {
          seenError += e;
          seenPixels += 3;
        }
      }
    }
    double seenPsnr = psnr(seenError / seenPixels);
    double allPsnr = psnr(allError / allPixels);
    double iou = (double) maskAgree / maskUnion;
    System.out.printf(
        Locale.ROOT,
        "reproject acceptance: %d frames, PSNR where seen %.2f dB (%.0f%% of body pixels),"
            + " overall %.2f dB, mask IoU %.4f; texels photo %d, mirror %d, propagated %d%n",
        ids.size(),
        seenPsnr,
        100.0 * seenPixels / allPixels,
        allPsnr,
        iou,
        counts[0],
        counts[1],
        counts[2]);
    assertEquals(8, ids.size());
    // The same body in the same poses and cameras: the silhouettes are the same.
    assertTrue(iou > 0.999, "mask IoU " + iou);
    // Measured for seeds 7, 8, 9, 10 at this size: where seen 30.3, 30.8, 32.1, 22.2 dB; overall
    // 19.4, 20.1, 28.2, 21.1 dB (docs/synthesis.md). What is left where seen is the photo's baked
    // lighting on limbs that moved (the subject's light is fixed in the world, +-25% around the
    // albedo) and the texture's double resampling (photo -> texture -> frame), which blurs stripes
    // near the pixel size (seed 10's thin black-and-white stripes). The bounds keep 5 dB and 3 dB
    // of
    // margin on this seed; a wrong camera, UV or visibility test costs far more (unregistered
    // texture is below 15 dB, the level of the unseen back).
    assertTrue(seenPsnr > 25, "PSNR where seen " + seenPsnr);
    assertTrue(allPsnr > 16, "PSNR overall " + allPsnr);
  }

  private static double psnr(double mse) {
    return 10 * Math.log10(1 / mse);
  }
}
