package dev.persona.diffusion.synthesis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetLayout;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.progress.FolderCheckpointStore;
import dev.persona.core.progress.ProgressListener;
import dev.persona.diffusion.plan.CameraPath;
import dev.persona.diffusion.plan.PlannedFrame;
import dev.persona.diffusion.plan.SynthesisPlan;
import dev.persona.diffusion.reproject.ReprojectBackend;
import dev.persona.diffusion.reproject.ReprojectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingVideoSynthesisTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static ProceduralBody body;
  private static FitPhoto photo;
  private static ReprojectBackend reproject;

  /** 2 motions x 6 frames in clips of 4: clips of 4, 4, 4 frames. */
  private static final SynthesisPlan PLAN =
      SynthesisPlan.defaults()
          .withMotions(List.of("walk", "arms"))
          .withFramesPerMotion(6)
          .withCamera(CameraPath.ORBIT, -1)
          .withSize(48, 64)
          .withClipLength(4);

  @BeforeAll
  static void subject() throws IOException {
    body = ProceduralBody.create();
    SyntheticSubjectOptions options =
        SyntheticSubjectOptions.defaults()
            .withFrames(1, 1, 0)
            .withSize(48, 64)
            .withSeed(3)
            .withTextureSize(128)
            .withSamples(1)
            .withThreads(1);
    Dataset subject =
        SyntheticSubject.generate(body, options, shared.resolve("fit"), ProgressListener.NONE);
    photo = FitPhoto.read(subject.folder());
    reproject = ReprojectBackend.create(body.model(), photo, new ReprojectOptions(128, 1, 1));
  }

  /** Counts the frames it makes; fails when asked to make clip number {@code failAt}. */
  private static final class CountingBackend implements SynthesisBackend {
    final AtomicInteger frames = new AtomicInteger();
    final AtomicInteger clips = new AtomicInteger();
    final int failAt;

    CountingBackend(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public String name() {
      return reproject.name();
    }

    @Override
    public List<SynthesizedFrame> synthesize(List<PlannedFrame> clip, ProgressListener progress)
        throws IOException {
      if (clips.getAndIncrement() == failAt) {
        throw new IOException("worker lost");
      }
      frames.addAndGet(clip.size());
      return reproject.synthesize(clip, progress);
    }
  }

  @Test
  void writesTheDatasetWithThePhotoFrameGuidanceAndAContactSheet() throws Exception {
    Path out = dir.resolve("video");
    AtomicInteger lastDone = new AtomicInteger(-1);
    Dataset dataset =
        TrainingVideoSynthesis.run(
            photo,
            body.model(),
            PLAN,
            new CountingBackend(-1),
            out,
            new FolderCheckpointStore(dir.resolve("ckpt")),
            (done, total, message) -> {
              assertTrue(done >= lastDone.get(), "progress goes forward");
              lastDone.set((int) done);
              assertEquals(12, total);
            });
    assertEquals(12, lastDone.get());
    assertEquals("00000", dataset.photoId());
    assertEquals(12, dataset.frameIds(FrameSplit.TRAIN).size());
    assertArrayEquals(
        Files.readAllBytes(photoFile()), Files.readAllBytes(dataset.imageFile("00000")));
    assertTrue(Files.isRegularFile(out.resolve(TrainingVideoSynthesis.CONTACT_SHEET_FILE)));
    assertTrue(Files.isRegularFile(out.resolve("guidance/00012.png")));
    assertEquals("arms", dataset.frameEntry("00012").get("motion").asText());
    assertEquals("reproject", dataset.description().get("synthesis").get("backend").asText());
    // A finished dataset is not overwritten.
    assertThrows(
        InvalidInputException.class,
        () ->
            TrainingVideoSynthesis.run(
                photo,
                body.model(),
                PLAN,
                new CountingBackend(-1),
                out,
                new FolderCheckpointStore(dir.resolve("ckpt")),
                ProgressListener.NONE));
  }

  private static Path photoFile() {
    return shared.resolve("fit").resolve(DatasetLayout.IMAGES).resolve("00000.png");
  }

  @Test
  void aRestartedRunSkipsTheClipsAlreadyMadeAndWritesTheSameFrames() throws Exception {
    Path out = dir.resolve("video");
    FolderCheckpointStore store = new FolderCheckpointStore(dir.resolve("ckpt"));
    CountingBackend interrupted = new CountingBackend(1);
    assertThrows(
        IOException.class,
        () ->
            TrainingVideoSynthesis.run(
                photo, body.model(), PLAN, interrupted, out, store, ProgressListener.NONE));
    assertEquals(4, interrupted.frames.get());
    assertFalse(Files.exists(DatasetLayout.description(out)), "no dataset.json after a crash");

    CountingBackend resumed = new CountingBackend(-1);
    TrainingVideoSynthesis.run(
        photo, body.model(), PLAN, resumed, out, store, ProgressListener.NONE);
    // Clip 0 came from its checkpoint: only clips 1 and 2 were made.
    assertEquals(8, resumed.frames.get());
    assertEquals(2, resumed.clips.get());

    Path fresh = dir.resolve("fresh");
    TrainingVideoSynthesis.run(
        photo,
        body.model(),
        PLAN,
        new CountingBackend(-1),
        fresh,
        new FolderCheckpointStore(dir.resolve("fresh-ckpt")),
        ProgressListener.NONE);
    for (String id : List.of("00001", "00004", "00005", "00012")) {
      Path image = Path.of(DatasetLayout.IMAGES, id + ".png");
      Path mask = Path.of(DatasetLayout.MASKS, id + ".png");
      assertArrayEquals(
          Files.readAllBytes(fresh.resolve(image)), Files.readAllBytes(out.resolve(image)), id);
      assertArrayEquals(
          Files.readAllBytes(fresh.resolve(mask)), Files.readAllBytes(out.resolve(mask)), id);
    }
  }

  @Test
  void aCheckpointOfAnotherPlanIsNotReused() throws Exception {
    FolderCheckpointStore store = new FolderCheckpointStore(dir.resolve("ckpt"));
    TrainingVideoSynthesis.run(
        photo,
        body.model(),
        PLAN,
        new CountingBackend(-1),
        dir.resolve("a"),
        store,
        ProgressListener.NONE);
    CountingBackend other = new CountingBackend(-1);
    TrainingVideoSynthesis.run(
        photo,
        body.model(),
        PLAN.withCamera(CameraPath.FIXED, 0),
        other,
        dir.resolve("b"),
        store,
        ProgressListener.NONE);
    assertEquals(12, other.frames.get());
  }
}
