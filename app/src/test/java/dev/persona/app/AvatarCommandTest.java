package dev.persona.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.body.procedural.ProceduralBodyOptions;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.splat.avatar.AvatarOptions;
import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.CanonicalAvatar;
import dev.persona.splat.avatar.bundle.AvatarBundle;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.io.PlyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code avatar render} on an untrained level-0 avatar painted red on the body's left (+x) and blue
 * on its right, so a render shows which way the body faces.
 */
class AvatarCommandTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path bundle;
  private static int gaussians;

  @BeforeAll
  static void writeBundle() throws Exception {
    BodyModel body = ProceduralBody.create(new ProceduralBodyOptions(0.025)).model();
    AvatarOptions options =
        AvatarOptions.paper().withSubdivisionLevels(0).withNetwork(4, 16, 16, 2, 4);
    CanonicalAvatar avatar = CanonicalAvatar.create(body, new double[0], options);
    AvatarParameters p = new AvatarPoser(avatar).initialParameters(1);
    float full = (float) (0.5 / Gaussians.SH_C0);
    for (int i = 0; i < avatar.count(); i++) {
      boolean left = avatar.canonicalMeans()[i * 3] > 0;
      p.sh()[i * 3] = left ? full : -full;
      p.sh()[i * 3 + 1] = -full;
      p.sh()[i * 3 + 2] = left ? -full : full;
    }
    bundle = shared.resolve("avatar");
    AvatarBundle.write(bundle, avatar, p, "AvatarCommandTest");
    gaussians = avatar.count();
  }

  /** Alpha-weighted red minus blue over a band of columns at chest height. */
  private static double redMinusBlue(Image image, int fromX, int toX) {
    double sum = 0;
    for (int y = image.height() * 3 / 10; y < image.height() / 2; y++) {
      for (int x = fromX; x < toX; x++) {
        sum += image.get(x, y, 3) * (image.get(x, y, 0) - image.get(x, y, 2));
      }
    }
    return sum;
  }

  @Test
  void oneFrameIsAPngWithAlphaAndOptionallyAPly() throws Exception {
    Path png = dir.resolve("front.png");
    CliRun r =
        CliRun.of(
            "avatar",
            "render",
            "--avatar",
            bundle.toString(),
            "--view",
            "front",
            "--size",
            "48x64",
            "--background",
            "black",
            "--ply",
            "--out",
            png.toString());
    assertEquals(0, r.exit(), r.err());
    Image image = ImageIo.read(png);
    assertEquals(48, image.width());
    assertEquals(64, image.height());
    assertEquals(4, image.channels());
    assertTrue(image.get(24, 26, 3) > 0.99f, "the chest is opaque");
    assertEquals(0f, image.get(0, 0, 3), "the corner is transparent");
    assertTrue(redMinusBlue(image, 25, 48) > 5, "the body's left (red) on the image's right");
    assertTrue(redMinusBlue(image, 0, 23) < -5, "the body's right (blue) on the image's left");
    assertEquals(gaussians, PlyFormat.read(dir.resolve("front.ply")).count());
  }

  @Test
  void paramsPoseTheAvatar() throws Exception {
    Path params = dir.resolve("turned.json");
    // Half a turn about the vertical: the body shows its back, left side on the image's left.
    Files.writeString(params, "{\"global_orient\": [0, 3.141592653589793, 0]}");
    Path png = dir.resolve("back.png");
    CliRun r =
        CliRun.of(
            "avatar",
            "render",
            "--avatar",
            bundle.toString(),
            "--params",
            params.toString(),
            "--size",
            "48x64",
            "--out",
            png.toString());
    assertEquals(0, r.exit(), r.err());
    Image image = ImageIo.read(png);
    assertEquals(1f, image.get(0, 0, 0), "white background by default");
    assertTrue(redMinusBlue(image, 0, 23) > 5, "red on the image's left");
  }

  @Test
  void aMotionBecomesFramesAndAGifOrJustAGif() throws Exception {
    Path folder = dir.resolve("turn");
    CliRun r =
        CliRun.of(
            "avatar",
            "render",
            "--avatar",
            bundle.toString(),
            "--motion",
            "turn",
            "--fps",
            "1",
            "--size",
            "32x40",
            "--out",
            folder.toString());
    assertEquals(0, r.exit(), r.err());
    for (String name : new String[] {"00000.png", "00003.png", "animation.gif"}) {
      assertTrue(Files.isRegularFile(folder.resolve(name)), name);
    }
    assertFalse(Files.exists(folder.resolve("00004.png")), "4 s at 1 fps is 4 frames");
    assertTrue(r.out().contains("4 frames of 'turn'"), r.out());

    Path gif = dir.resolve("walk.gif");
    CliRun g =
        CliRun.of(
            "avatar",
            "render",
            "--avatar",
            bundle.toString(),
            "--motion",
            "walk",
            "--fps",
            "5",
            "--size",
            "32x40",
            "--out",
            gif.toString());
    assertEquals(0, g.exit(), g.err());
    assertTrue(Files.size(gif) > 0);
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "the GIF alone next to the turn folder");
    }
  }

  @Test
  void badInputsAreOneClearLine() throws Exception {
    assertBadInput(
        "no avatar bundle here",
        "avatar",
        "render",
        "--avatar",
        dir.resolve("nowhere").toString(),
        "--out",
        dir.resolve("x.png").toString());
    Path badJson = dir.resolve("bad.json");
    Files.writeString(badJson, "{\"body_pose\": [1, 2");
    assertBadInput(
        "not valid JSON",
        "avatar",
        "render",
        "--avatar",
        bundle.toString(),
        "--params",
        badJson.toString(),
        "--out",
        dir.resolve("x.png").toString());
    assertBadInput(
        "turn, walk, arms, squat, reach",
        "avatar",
        "render",
        "--avatar",
        bundle.toString(),
        "--motion",
        "moonwalk",
        "--out",
        dir.resolve("m").toString());
    assertBadInput(
        "--background must be white or black",
        "avatar",
        "render",
        "--avatar",
        bundle.toString(),
        "--background",
        "pink",
        "--out",
        dir.resolve("x.png").toString());
    assertBadInput(
        "orbit:DEGREES",
        "avatar",
        "render",
        "--avatar",
        bundle.toString(),
        "--view",
        "diagonal",
        "--out",
        dir.resolve("x.png").toString());
  }

  private static void assertBadInput(String expected, String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(PersonaCli.EXIT_BAD_INPUT, r.exit(), r.err());
    assertTrue(r.err().startsWith("persona: "), r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
  }
}
