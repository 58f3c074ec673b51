package dev.persona.splat.avatar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.body.BodyModel;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.body.procedural.ProceduralBodyOptions;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.camera.ViewSpec;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.motion.BuiltInMotion;
import dev.persona.core.motion.Motion;
import dev.persona.splat.avatar.AvatarOptions;
import dev.persona.splat.avatar.AvatarParameters;
import dev.persona.splat.avatar.AvatarPoser;
import dev.persona.splat.avatar.CanonicalAvatar;
import dev.persona.splat.gaussian.Gaussians;
import dev.persona.splat.io.PlyFormat;
import dev.persona.splat.raster.RenderSettings;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders of an untrained level-0 avatar whose colour says which side of the body a Gaussian is on:
 * red on the body's left (+x in the model frame), blue on its right.
 */
class AvatarRendererTest {
  private static CanonicalAvatar avatar;
  private static AvatarParameters params;

  @TempDir Path dir;

  @BeforeAll
  static void createAvatar() {
    BodyModel body = ProceduralBody.create(new ProceduralBodyOptions(0.025)).model();
    AvatarOptions options =
        AvatarOptions.paper().withSubdivisionLevels(0).withNetwork(4, 16, 16, 2, 4);
    avatar = CanonicalAvatar.create(body, new double[0], options);
    params = new AvatarPoser(avatar).initialParameters(1);
    paintSides(avatar, params);
  }

  /** SH DC so that colour = 0.2821 sh + 0.5 is pure red (x > 0) or pure blue (x < 0). */
  static void paintSides(CanonicalAvatar avatar, AvatarParameters p) {
    float full = (float) (0.5 / Gaussians.SH_C0);
    for (int i = 0; i < avatar.count(); i++) {
      boolean left = avatar.canonicalMeans()[i * 3] > 0;
      p.sh()[i * 3] = left ? full : -full;
      p.sh()[i * 3 + 1] = -full;
      p.sh()[i * 3 + 2] = left ? -full : full;
    }
  }

  private static AvatarRenderer renderer(Background background) {
    return new AvatarRenderer(
        avatar, params, background.applyTo(RenderSettings.defaults().withThreads(2)));
  }

  /** Red minus blue, summed over a band of columns at mid-height, weighted by alpha. */
  private static double redMinusBlue(Image image, int fromX, int toX) {
    double sum = 0;
    int y0 = image.height() * 3 / 10;
    int y1 = image.height() * 5 / 10;
    for (int y = y0; y < y1; y++) {
      for (int x = fromX; x < toX; x++) {
        sum += image.get(x, y, 3) * (image.get(x, y, 0) - image.get(x, y, 2));
      }
    }
    return sum;
  }

  @Test
  void theFrontViewShowsTheBodysLeftOnTheImagesRight() {
    try (AvatarRenderer r = renderer(Background.WHITE)) {
      SmplxParams rest = SmplxParams.zero();
      PinholeCamera camera = r.frame(ViewSpec.parse("front"), rest, 48, 64);
      Image image = r.render(rest, camera);
      assertEquals(48, image.width());
      assertEquals(4, image.channels());
      assertTrue(image.get(24, 26, 3) > 0.99f, "the chest is opaque");
      // The corner is background: transparent, and composited over white.
      assertEquals(0f, image.get(0, 0, 3));
      assertEquals(1f, image.get(0, 0, 0));
      assertTrue(redMinusBlue(image, 25, 48) > 5, "body's left (red) on the image's right");
      assertTrue(redMinusBlue(image, 0, 23) < -5, "body's right (blue) on the image's left");
    }
  }

  @Test
  void posingTurnsTheColoursRound() {
    try (AvatarRenderer r = renderer(Background.BLACK)) {
      // Half of the turn: the body faces away from a front camera, its left now on the left.
      SmplxParams back = BuiltInMotion.TURN.at(BuiltInMotion.TURN.durationSeconds() / 2);
      PinholeCamera camera = r.frame(ViewSpec.parse("front"), back, 48, 64);
      Image image = r.render(back, camera);
      assertEquals(0f, image.get(0, 0, 0), "black background");
      assertTrue(redMinusBlue(image, 0, 23) > 5, "red now on the image's left");
      assertTrue(redMinusBlue(image, 25, 48) < -5, "blue now on the image's right");
    }
  }

  @Test
  void thePosedPlyHoldsThePosedGaussians() throws Exception {
    try (AvatarRenderer r = renderer(Background.WHITE)) {
      SmplxParams pose = BuiltInMotion.SQUAT.at(1.5).withTransl(new double[] {0, 0.2, 1});
      Path ply = dir.resolve("posed.ply");
      r.exportPosedPly(pose, ply);
      assertEquals(r.pose(pose), PlyFormat.read(ply));
    }
  }

  @Test
  void aMotionRendersToNumberedFramesAndALoopingGif() throws Exception {
    Motion turn = BuiltInMotion.TURN.motion(1);
    assertEquals(4, turn.frameCount());
    try (AvatarRenderer r = renderer(Background.WHITE)) {
      PinholeCamera camera = r.frame(ViewSpec.parse("side"), turn, 32, 40);
      List<Long> progress = new ArrayList<>();
      AvatarAnimation.render(
          r,
          turn,
          camera,
          AvatarAnimation.Outputs.folder(dir, true),
          (done, total, message) -> progress.add(done));
      assertEquals(List.of(1L, 2L, 3L, 4L), progress);
      for (int i = 0; i < 4; i++) {
        Image frame = ImageIo.read(dir.resolve(AvatarAnimation.frameName(i, "png")));
        assertEquals(32, frame.width());
        assertEquals(4, frame.channels());
        assertTrue(Files.isRegularFile(dir.resolve(AvatarAnimation.frameName(i, "ply"))));
      }
      // The quarter turn shows the body's front to the side camera: red-left, blue-right
      // swapped against the three-quarter frame, which shows its back.
      Image quarter = ImageIo.read(dir.resolve("00001.png"));
      Image threeQuarter = ImageIo.read(dir.resolve("00003.png"));
      assertTrue(redMinusBlue(quarter, 17, 32) > 1, "quarter turn: red on the right");
      assertTrue(redMinusBlue(threeQuarter, 0, 15) > 1, "three-quarter turn: red on the left");

      byte[] gif = Files.readAllBytes(dir.resolve(AvatarAnimation.GIF));
      ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
      try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
        reader.setInput(in);
        assertEquals(4, reader.getNumImages(true));
        assertEquals(32, reader.read(0).getWidth());
      } finally {
        reader.dispose();
      }
    }
  }
}
