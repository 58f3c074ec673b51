package dev.persona.diffusion.mimicmotion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetLayout;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.image.ColorTransfer;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.progress.FolderCheckpointStore;
import dev.persona.core.progress.ProgressListener;
import dev.persona.core.torchscript.TorchLibrary;
import dev.persona.diffusion.plan.CameraPath;
import dev.persona.diffusion.plan.PlannedFrame;
import dev.persona.diffusion.plan.SynthesisPlan;
import dev.persona.diffusion.synthesis.FitPhoto;
import dev.persona.diffusion.synthesis.SynthesisBackend;
import dev.persona.diffusion.synthesis.SynthesizedFrame;
import dev.persona.diffusion.synthesis.TrainingVideoSynthesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend inside {@link TrainingVideoSynthesis} over stand-in networks whose data variance is
 * tiny, so each generated latent pixel is the guided mean {@code w gain (reference + pose +
 * embedding)} to within 1e-3: the frames written must show the photo as reference and each frame's
 * own guidance PNG as its pose.
 */
class MimicMotionBackendTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static final double GAIN = 0.15;

  /**
   * 8 steps keep the test fast; with data variance 1e-8 any schedule lands within 1e-4 of the mean.
   */
  private static final MimicMotionOptions OPTIONS =
      MimicMotionOptions.defaults().withSchedule(EdmSchedule.svd().withSteps(8));

  private static ProceduralBody body;
  private static FitPhoto photo;

  /** One motion of 6 frames in clips of 4: videos of 5 and 3 frames, both shorter than a tile. */
  private static final SynthesisPlan PLAN =
      SynthesisPlan.defaults()
          .withMotions(List.of("walk"))
          .withFramesPerMotion(6)
          .withCamera(CameraPath.ORBIT, -1)
          .withSize(StandInComponents.SIZE, StandInComponents.SIZE)
          .withClipLength(4);

  @BeforeAll
  static void subject() throws IOException {
    body = ProceduralBody.create();
    SyntheticSubjectOptions options =
        SyntheticSubjectOptions.defaults()
            .withFrames(1, 1, 0)
            .withSize(StandInComponents.SIZE, StandInComponents.SIZE)
            .withSeed(3)
            .withTextureSize(128)
            .withSamples(1)
            .withThreads(1);
    photo =
        FitPhoto.read(
            SyntheticSubject.generate(body, options, shared.resolve("fit"), ProgressListener.NONE)
                .folder());
  }

  private MimicMotionBackend backend(Path models) throws IOException {
    MimicMotionComponents components = StandInComponents.write(models, 1e-8, GAIN);
    return new MimicMotionBackend(
        body.model(),
        photo,
        MimicMotionNetworks.open(components, Device.cpu(), DataType.FLOAT32),
        OPTIONS);
  }

  @Test
  void framesShowTheReferenceAndEachFramesGuidance() throws Exception {
    TorchLibrary.assumeAvailable();
    Path out = dir.resolve("video");
    Dataset dataset;
    try (MimicMotionBackend backend = backend(dir.resolve("models"))) {
      dataset =
          TrainingVideoSynthesis.run(
              photo,
              body.model(),
              PLAN,
              backend,
              out,
              new FolderCheckpointStore(dir.resolve("ckpt")),
              ProgressListener.NONE);
    }
    assertEquals("mimicmotion", dataset.description().get("synthesis").get("backend").asText());
    assertEquals(6, dataset.frameIds(FrameSplit.TRAIN).size());
    int size = StandInComponents.SIZE;
    int plane = size * size;
    // The reference: the photo (already the frame size) sRGB-encoded in [-1, 1], block means.
    float[] referenceChw = new float[3 * plane];
    float[] pixels = photo.image().data();
    int channels = photo.image().channels();
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        referenceChw[c * plane + p] =
            (float) (2 * ColorTransfer.linearToSrgb(pixels[p * channels + c]) - 1);
      }
    }
    double[] embedding = {0};
    float[] clip = MimicMotionPipeline.clipInput(referenceChw, size, size);
    for (float v : clip) {
      embedding[0] += v / clip.length;
    }
    double w = OPTIONS.guidance().min();
    double worst = 0;
    for (String id : dataset.frameIds(FrameSplit.TRAIN)) {
      Image guidance =
          ImageIo.read(out.resolve(TrainingVideoSynthesis.GUIDANCE_FOLDER + "/" + id + ".png"));
      Image frame = dataset.image(id);
      for (int by = 0; by < 8; by++) {
        for (int bx = 0; bx < 8; bx++) {
          double pose = 0;
          double[] reference = new double[3];
          for (int y = by * 8; y < by * 8 + 8; y++) {
            for (int x = bx * 8; x < bx * 8 + 8; x++) {
              int p = y * size + x;
              for (int c = 0; c < 3; c++) {
                pose += (ColorTransfer.linearToSrgb8(guidance.data()[p * 3 + c]) / 127.5 - 1) / 192;
                reference[c] += referenceChw[c * plane + p] / 64;
              }
            }
          }
          for (int c = 0; c < 3; c++) {
            double expected = w * GAIN * (reference[c] + pose + embedding[0]);
            int p = (by * 8 + 3) * size + bx * 8 + 3;
            double got = 2 * ColorTransfer.linearToSrgb(frame.data()[p * 3 + c]) - 1;
            worst = Math.max(worst, Math.abs(got - expected));
          }
        }
      }
      Image mask = dataset.mask(id);
      double covered = 0;
      for (float m : mask.data()) {
        covered += m / plane;
      }
      assertTrue(covered > 0.05 && covered < 0.9, "the body's coverage: " + covered);
    }
    // 8-bit storage: half a code step, 1 / 255 in [-1, 1]; the samples' spread is below 1e-3.
    assertTrue(worst < 1.0 / 255 + 2e-3, "largest deviation " + worst);
  }

  /** Fails when asked for clip {@code failAt}; counts the clips it makes. */
  private record Interrupting(MimicMotionBackend backend, int failAt, AtomicInteger clips)
      implements SynthesisBackend {
    @Override
    public String name() {
      return backend.name();
    }

    @Override
    public List<SynthesizedFrame> synthesize(List<PlannedFrame> clip, ProgressListener progress)
        throws IOException {
      if (clips.getAndIncrement() == failAt) {
        throw new IOException("worker lost");
      }
      return backend.synthesize(clip, progress);
    }
  }

  @Test
  void aRestartedRunSkipsFinishedClipsAndWritesWhatAnUninterruptedRunWrites() throws Exception {
    TorchLibrary.assumeAvailable();
    Path out = dir.resolve("video");
    FolderCheckpointStore store = new FolderCheckpointStore(dir.resolve("ckpt"));
    Path fresh = dir.resolve("fresh");
    try (MimicMotionBackend backend = backend(dir.resolve("models"))) {
      AtomicInteger first = new AtomicInteger();
      assertThrows(
          IOException.class,
          () ->
              TrainingVideoSynthesis.run(
                  photo,
                  body.model(),
                  PLAN,
                  new Interrupting(backend, 1, first),
                  out,
                  store,
                  ProgressListener.NONE));
      AtomicInteger resumed = new AtomicInteger();
      TrainingVideoSynthesis.run(
          photo,
          body.model(),
          PLAN,
          new Interrupting(backend, -1, resumed),
          out,
          store,
          ProgressListener.NONE);
      assertEquals(1, resumed.get(), "clip 0 comes from its checkpoint");
      TrainingVideoSynthesis.run(
          photo,
          body.model(),
          PLAN,
          backend,
          fresh,
          new FolderCheckpointStore(dir.resolve("fresh-ckpt")),
          ProgressListener.NONE);
    }
    for (String id : List.of("00001", "00004", "00005", "00006")) {
      Path image = Path.of(DatasetLayout.IMAGES, id + ".png");
      Path mask = Path.of(DatasetLayout.MASKS, id + ".png");
      assertArrayEquals(
          Files.readAllBytes(fresh.resolve(image)), Files.readAllBytes(out.resolve(image)), id);
      assertArrayEquals(
          Files.readAllBytes(fresh.resolve(mask)), Files.readAllBytes(out.resolve(mask)), id);
    }
  }
}
