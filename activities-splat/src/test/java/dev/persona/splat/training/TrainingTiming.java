package dev.persona.splat.training;

import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.DatasetLayout;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.progress.CheckpointStore;
import dev.persona.core.progress.ProgressListener;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.PosedAvatar;
import dev.persona.splat.loss.PhotometricLoss;
import dev.persona.splat.raster.CpuGaussianRasterizer;
import dev.persona.splat.raster.GaussianGradients;
import dev.persona.splat.raster.RenderSettings;
import dev.persona.splat.raster.Rendering;
import dev.persona.splat.raster.RenderingGradient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Timing of a training run on a synthetic subject (procedural body, {@code 4 x 8} training frames,
 * 10 test poses). Not a test: runs only with {@code -Dpersona.bench=true} ({@code
 * -Dtest=TrainingTiming}); properties: {@code persona.bench.preset} (fast, paper, test), {@code
 * persona.bench.iters}, {@code persona.bench.size} (frame side), {@code persona.bench.data} (a
 * folder to reuse the subject from), {@code persona.bench.out} (seams.png goes there), {@code
 * persona.bench.colorOffsets}, {@code persona.bench.poseOffsets}, {@code persona.bench.network}
 * (channels, resolution, width, layers, groups).
 */
class TrainingTiming {
  @Test
  void timeTraining() throws IOException {
    Assumptions.assumeTrue(Boolean.getBoolean("persona.bench"), "set -Dpersona.bench=true");
    String preset = System.getProperty("persona.bench.preset", "fast");
    int size = Integer.getInteger("persona.bench.size", 256);
    Path data = Path.of(System.getProperty("persona.bench.data", "target/bench-subject-" + size));
    Path out = Path.of(System.getProperty("persona.bench.out", "target/bench-training"));
    long t0 = System.nanoTime();
    ProceduralBody body = ProceduralBody.create();
    Dataset dataset;
    if (Files.exists(DatasetLayout.description(data))) {
      dataset = Dataset.open(data);
    } else {
      SyntheticSubjectOptions o =
          SyntheticSubjectOptions.defaults().withFrames(4, 8, 10).withSize(size, size);
      dataset = SyntheticSubject.generate(body, o, data, ProgressListener.NONE);
    }
    long t1 = System.nanoTime();
    TrainingOptions options =
        switch (preset) {
          case "paper" -> TrainingOptions.paper().withThreads(2);
          case "test" -> TrainingOptions.test();
          default -> TrainingOptions.fast();
        };
    options = options.withIterations(Integer.getInteger("persona.bench.iters", 200));
    if (System.getProperty("persona.bench.colorOffsets") != null) {
      boolean on = Boolean.getBoolean("persona.bench.colorOffsets");
      options =
          options.withAvatar(
              options.avatar().withExtraOffsets(options.avatar().scaleOffsets(), on));
    }
    String network = System.getProperty("persona.bench.network");
    if (network != null) {
      String[] v = network.split(",");
      options =
          options.withAvatar(
              options
                  .avatar()
                  .withNetwork(
                      Integer.parseInt(v[0]),
                      Integer.parseInt(v[1]),
                      Integer.parseInt(v[2]),
                      Integer.parseInt(v[3]),
                      Integer.parseInt(v[4])));
    }
    if (System.getProperty("persona.bench.poseOffsets") != null) {
      options = options.withPoseDrivenOffsets(Boolean.getBoolean("persona.bench.poseOffsets"));
    }
    try (AvatarTrainer trainer =
        AvatarTrainer.create(body.model(), dataset, options, CheckpointStore.NONE, out)) {
      long t2 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "preset %s: %d Gaussians, %dx%d, subject %.1f s, set-up %.1f s, photo PSNR %.2f dB%n",
          preset,
          trainer.avatar().count(),
          trainer.frames().width(),
          trainer.frames().height(),
          (t1 - t0) * 1e-9,
          (t2 - t1) * 1e-9,
          trainer.photoPsnr());
      phases(trainer, 5);
      TrainingResult r =
          trainer.train(
              (done, total, message) -> {
                if (done % 100 == 0 || done == total) {
                  System.out.println(message);
                }
              });
      TrainingSummary s = r.summary();
      System.out.printf(
          Locale.ROOT,
          "%d iterations in %.1f s: %.4f s/iteration, loss %.5f, photo PSNR %.2f dB%n",
          s.iterations(),
          s.wallSeconds(),
          s.secondsPerIteration(),
          s.finalLoss(),
          s.photoPsnr());
    }
  }

  /** Milliseconds per phase of an iteration on the first synthetic frame, best of {@code runs}. */
  private static void phases(AvatarTrainer trainer, int runs) {
    TrainingFrame f = trainer.frames().synthetic().get(0);
    AvatarPoser poser = trainer.poser();
    TrainingOptions.Background bg = trainer.options().background();
    RenderSettings settings =
        RenderSettings.defaults()
            .withBackground(bg.red(), bg.green(), bg.blue())
            .withThreads(trainer.options().threads());
    PhotometricLoss loss = new PhotometricLoss(f.width(), f.height());
    double[] best = {1e9, 1e9, 1e9, 1e9, 1e9};
    try (CpuGaussianRasterizer raster = new CpuGaussianRasterizer()) {
      GaussianGradients dg =
          new GaussianGradients(trainer.avatar().count(), trainer.options().avatar().shDegree(), 0);
      for (int r = 0; r < runs; r++) {
        long a = System.nanoTime();
        PosedAvatar posed = poser.pose(trainer.parameters(), f.params());
        long b = System.nanoTime();
        Rendering img = raster.render(posed.gaussians(), f.camera(), settings);
        long c = System.nanoTime();
        float[] d = new float[img.color().length];
        loss.evaluate(img.color(), f.target(), null, d, 1.0);
        long e = System.nanoTime();
        raster.backward(img, RenderingGradient.ofColor(d), dg);
        long g = System.nanoTime();
        poser.backward(posed, trainer.parameters(), dg, trainer.parameters().zerosLike());
        long h = System.nanoTime();
        long[] t = {b - a, c - b, e - c, g - e, h - g};
        for (int k = 0; k < 5; k++) {
          best[k] = Math.min(best[k], t[k] / 1e6);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "phases (best of %d, ms): pose %.1f, render %.1f, loss %.1f, raster backward %.1f,"
            + " poser backward %.1f%n",
        runs,
        best[0],
        best[1],
        best[2],
        best[3],
        best[4]);
  }
}
