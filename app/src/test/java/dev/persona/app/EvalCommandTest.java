package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.body.BodyModel;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.body.procedural.ProceduralBodyOptions;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.dataset.synth.SyntheticSubject;
import dev.persona.core.dataset.synth.SyntheticSubjectOptions;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.JsonFiles;
import dev.persona.core.progress.ProgressListener;
import dev.persona.core.torchscript.StandInNetworks;
import dev.persona.core.torchscript.TorchLibrary;
import dev.persona.splat.avatar.AvatarOptions;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.CanonicalAvatar;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./persona eval} on an untrained avatar and a small synthetic subject. */
class EvalCommandTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path avatar;
  private static Path subject;

  @BeforeAll
  static void writeAvatarAndSubject() throws Exception {
    // The coarse built-in body for both: the test checks the command, not the avatar's quality.
    ProceduralBody procedural = ProceduralBody.create(new ProceduralBodyOptions(0.025));
    BodyModel body = procedural.model();
    CanonicalAvatar a =
        CanonicalAvatar.create(
            body,
            new double[0],
            AvatarOptions.paper().withSubdivisionLevels(0).withNetwork(4, 16, 16, 2, 4));
    avatar = shared.resolve("avatar");
    AvatarBundle.write(avatar, a, new AvatarPoser(a).initialParameters(1), "EvalCommandTest");
    subject = shared.resolve("subject");
    SyntheticSubject.generate(
        procedural,
        SyntheticSubjectOptions.defaults().withFrames(1, 1, 2).withSize(48, 48).withSeed(5),
        subject,
        ProgressListener.NONE);
  }

  @Test
  void jsonHasExactlyTheMeansAndFramesWithLpipsNullAndMatchesTheSideBySideImages()
      throws Exception {
    Path out = dir.resolve("eval");
    CliRun r =
        CliRun.of(
            "eval",
            "--avatar",
            avatar.toString(),
            "--dataset",
            subject.toString(),
            "--out",
            out.toString(),
            "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode json = JsonFiles.parse(r.out().getBytes(StandardCharsets.UTF_8), "stdout");
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("psnr", "ssim", "lpips", "frames"), keys);
    assertTrue(json.get("lpips").isNull(), "no LPIPS network configured");
    List<String> testIds = Dataset.open(subject).frameIds(FrameSplit.TEST);
    JsonNode frames = json.get("frames");
    assertEquals(testIds.size(), frames.size());
    double sum = 0;
    for (int i = 0; i < frames.size(); i++) {
      JsonNode f = frames.get(i);
      assertEquals(testIds.get(i), f.get("id").asText());
      assertTrue(f.get("lpips").isNull());
      double ssim = f.get("ssim").asDouble();
      assertTrue(ssim > -1 && ssim < 1, "an untrained avatar is not the subject: " + ssim);
      // Independent of the metric code: PSNR between the two halves of the side-by-side PNG.
      // Its 8-bit quantisation (error <= 1/510 per value against the crops' typical error of
      // 0.1 or more) moves PSNR by well under 0.2 dB.
      Image pair = ImageIo.read(out.resolve("side-by-side").resolve(testIds.get(i) + ".png"));
      assertEquals(halvesPsnr(pair), f.get("psnr").asDouble(), 0.2, "frame " + testIds.get(i));
      sum += f.get("psnr").asDouble();
    }
    assertEquals(sum / frames.size(), json.get("psnr").asDouble(), 1e-9);
    assertEquals(
        json, JsonFiles.read(out.resolve(EvalCommand.METRICS_FILE)), "metrics.json = stdout");
  }

  /** PSNR of the left half against the right, on the sRGB values the PNG holds. */
  private static double halvesPsnr(Image pair) {
    int w = pair.width() / 2;
    double sum = 0;
    for (int y = 0; y < pair.height(); y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double d = srgb(pair.get(x, y, c)) - srgb(pair.get(x + w, y, c));
          sum += d * d;
        }
      }
    }
    return 10 * Math.log10(w * pair.height() * 3 / sum);
  }

  private static double srgb(double linear) {
    return linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
  }

  @Test
  void aTorchScriptLpipsFileIsScoredOnTheProtocolsImages() throws Exception {
    TorchLibrary.assumeAvailable();
    // A network with LPIPS's contract whose distance is the mean squared difference of its [-1, 1]
    // inputs: 4 MSE of the protocol's [0, 1] images, so 4 * 10^(-PSNR / 10) of the same frame.
    Path network = dir.resolve("mean-square.pt");
    StandInNetworks.meanSquareLpips(network);
    CliRun r =
        CliRun.of(
            "eval",
            "--avatar",
            avatar.toString(),
            "--dataset",
            subject.toString(),
            "--out",
            dir.resolve("lpips").toString(),
            "--lpips",
            network.toString(),
            "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode json = JsonFiles.parse(r.out().getBytes(StandardCharsets.UTF_8), "stdout");
    for (JsonNode f : json.get("frames")) {
      double expected = 4 * Math.pow(10, -f.get("psnr").asDouble() / 10);
      assertEquals(expected, f.get("lpips").asDouble(), 1e-4 * expected, f.toString());
    }
  }

  @Test
  void theTableSaysLpipsIsNotConfigured() {
    CliRun r =
        CliRun.of(
            "eval",
            "--avatar",
            avatar.toString(),
            "--dataset",
            subject.toString(),
            "--out",
            dir.resolve("t").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("LPIPS: not configured"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("mean ")), r.out());
  }

  @Test
  void refinedPosesAreScoredAndReportedPerFrame() throws Exception {
    Path out = dir.resolve("refined");
    CliRun r =
        CliRun.of(
            "eval",
            "--avatar",
            avatar.toString(),
            "--dataset",
            subject.toString(),
            "--out",
            out.toString(),
            "--refine-poses",
            "--refine-steps",
            "3",
            "--json");
    assertEquals(0, r.exit(), r.err());
    JsonNode json = JsonFiles.parse(r.out().getBytes(StandardCharsets.UTF_8), "stdout");
    for (JsonNode f : json.get("frames")) {
      assertTrue(f.get("refined").asBoolean(), f.toString());
      double degrees = f.get("rotation_change_degrees").asDouble();
      // Adam's first steps move each axis-angle component by at most about the rate, 0.01 rad:
      // three steps turn a joint by at most 3 sqrt(3) 0.01 rad, 2.98 degrees.
      assertTrue(degrees >= 0 && degrees < 3.0, f.toString());
      assertTrue(f.get("loss_after").asDouble() <= f.get("loss_before").asDouble(), f.toString());
    }
    CliRun plain =
        CliRun.of(
            "eval",
            "--avatar",
            avatar.toString(),
            "--dataset",
            subject.toString(),
            "--out",
            dir.resolve("plain").toString(),
            "--json");
    JsonNode p = JsonFiles.parse(plain.out().getBytes(StandardCharsets.UTF_8), "stdout");
    assertFalse(p.get("frames").get(0).get("refined").asBoolean());
    assertFalse(p.get("frames").get(0).has("rotation_change_degrees"));

    CliRun table =
        CliRun.of(
            "eval",
            "--avatar",
            avatar.toString(),
            "--dataset",
            subject.toString(),
            "--out",
            dir.resolve("table").toString(),
            "--refine-poses",
            "--refine-steps",
            "1");
    assertEquals(0, table.exit(), table.err());
    assertTrue(table.out().contains("scores after test-pose refinement"), table.out());

    CliRun negative =
        CliRun.of(
            "eval",
            "--avatar",
            avatar.toString(),
            "--dataset",
            subject.toString(),
            "--refine-poses",
            "--refine-steps",
            "-1");
    assertEquals(2, negative.exit());
    assertEquals(1, negative.err().strip().lines().count(), negative.err());
    assertTrue(negative.err().contains("--refine-steps must be >= 0"), negative.err());
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    CliRun noAvatar =
        CliRun.of(
            "eval",
            "--avatar",
            dir.resolve("missing").toString(),
            "--dataset",
            subject.toString(),
            "--out",
            dir.resolve("a").toString());
    assertEquals(2, noAvatar.exit());
    assertEquals(1, noAvatar.err().strip().lines().count(), noAvatar.err());
    assertTrue(noAvatar.err().contains("missing"), noAvatar.err());

    CliRun noDataset =
        CliRun.of(
            "eval", "--avatar", avatar.toString(), "--dataset", dir.resolve("nothing").toString());
    assertEquals(2, noDataset.exit());
    assertTrue(noDataset.err().contains("dataset folder not found"), noDataset.err());

    // The same subject without test frames: every test frame relabelled train.
    Path trainOnly = dir.resolve("train-only");
    copy(subject, trainOnly);
    Path description = trainOnly.resolve("dataset.json");
    Files.writeString(description, Files.readString(description).replace("\"test\"", "\"train\""));
    CliRun noTest =
        CliRun.of(
            "eval",
            "--avatar",
            avatar.toString(),
            "--dataset",
            trainOnly.toString(),
            "--out",
            dir.resolve("b").toString());
    assertEquals(2, noTest.exit());
    assertTrue(noTest.err().contains("no test frames"), noTest.err());
    assertFalse(Files.exists(dir.resolve("b").resolve(EvalCommand.METRICS_FILE)));
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : files.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
