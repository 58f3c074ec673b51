package dev.persona.splat.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.body.procedural.ProceduralBody;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.math.Rotations;
import dev.persona.core.mesh.BoundingBox;
import dev.persona.splat.gaussian.Gaussians;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodySplatSceneTest {
  /** Float rounding of a mean interpolated from float-rounded vertices, metres. */
  private static final double FLOAT_SLACK = 1e-5;

  private static ProceduralBody body;

  @TempDir Path dir;

  @BeforeAll
  static void buildBodyOnce() {
    body = ProceduralBody.create();
  }

  @Test
  void theSameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
    BodySplatSceneOptions options = new BodySplatSceneOptions(3000, 320, 240, 7, 2);
    BodySplatScene.generate(body, options).write(dir.resolve("a"));
    BodySplatScene.generate(body, options).write(dir.resolve("b"));
    BodySplatScene.generate(body, new BodySplatSceneOptions(3000, 320, 240, 8, 2))
        .write(dir.resolve("c"));
    for (String file : new String[] {BenchScene.SCENE_FILE, BenchScene.CAMERA_FILE}) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("a").resolve(file)),
          Files.readAllBytes(dir.resolve("b").resolve(file)),
          file);
    }
    assertFalse(
        Arrays.equals(
            Files.readAllBytes(dir.resolve("a").resolve(BenchScene.SCENE_FILE)),
            Files.readAllBytes(dir.resolve("c").resolve(BenchScene.SCENE_FILE))));
  }

  @Test
  void gaussiansCoverTheBodyAndAllProjectIntoTheImage() throws IOException {
    int n = 5000;
    BenchScene scene = BodySplatScene.generate(body, new BodySplatSceneOptions(n, 512, 384, 3, 3));
    Gaussians g = scene.gaussians();
    PinholeCamera camera = scene.camera();
    assertEquals(n, g.count());
    assertEquals(3, g.shDegree());
    assertEquals(512, camera.width());
    assertEquals(384, camera.height());

    // Every mean is a convex combination of a posed triangle's corners.
    BoundingBox box = BoundingBox.of(BodySplatScene.posedVertices(body.model()));
    double[] pixel = new double[2];
    double minV = Double.MAX_VALUE;
    double maxV = -Double.MAX_VALUE;
    int opaque = 0;
    for (int i = 0; i < n; i++) {
      double x = g.means()[i * 3];
      double y = g.means()[i * 3 + 1];
      double z = g.means()[i * 3 + 2];
      assertTrue(x >= box.minX() - FLOAT_SLACK && x <= box.maxX() + FLOAT_SLACK, () -> "x " + x);
      assertTrue(y >= box.minY() - FLOAT_SLACK && y <= box.maxY() + FLOAT_SLACK, () -> "y " + y);
      assertTrue(z >= box.minZ() - FLOAT_SLACK && z <= box.maxZ() + FLOAT_SLACK, () -> "z " + z);
      double depth = camera.project(new double[] {x, y, z}, pixel);
      assertTrue(depth > 0, "behind the camera");
      assertTrue(pixel[0] > 0 && pixel[0] < 512 && pixel[1] > 0 && pixel[1] < 384, "off image");
      minV = Math.min(minV, pixel[1]);
      maxV = Math.max(maxV, pixel[1]);
      if (sigmoid(g.opacityLogits()[i]) >= 0.85) {
        opaque++;
      }
      int k3 = 16 * 3;
      for (int c = 0; c < 3; c++) {
        double colour = Gaussians.SH_C0 * g.sh()[i * k3 + c] + 0.5;
        assertTrue(colour > 0 && colour < 1, () -> "colour " + colour);
      }
      for (int j = 3; j < k3; j++) {
        float coefficient = g.sh()[i * k3 + j];
        assertTrue(
            coefficient != 0 && Math.abs(coefficient) <= BodySplatScene.SH_REST_AMPLITUDE,
            () -> "sh " + coefficient);
      }
      // Flat: the normal axis is a tenth of the mean of the two tangential ones (geometric).
      double tangential = 0.5 * (g.logScales()[i * 3] + g.logScales()[i * 3 + 1]);
      assertEquals(
          Math.log(BodySplatScene.THICKNESS_RATIO), g.logScales()[i * 3 + 2] - tangential, 1e-5);
    }
    // A standing body framed tightly: it spans most of the image height (the margin is 5% and the
    // Gaussians' 3-sigma reach a few millimetres).
    assertTrue(maxV - minV > 0.8 * 384, "body spans " + (maxV - minV) + " px");
    // 90% drawn opaque; with 5000 samples the share is within +-0.013 (3 standard deviations).
    assertEquals(BodySplatScene.OPAQUE_FRACTION, opaque / (double) n, 0.013);

    scene.write(dir);
    BenchScene back = BenchScene.read(dir);
    assertEquals(g, back.gaussians());
    assertEquals(camera, back.camera());
  }

  @Test
  void tangentFrameIsARightHandedRotationWithTheNormalAsThirdAxis() {
    SplittableRandom random = new SplittableRandom(5);
    double[] m = new double[9];
    double[] q = new double[4];
    double[] back = new double[9];
    double[] scratch = new double[3];
    for (int trial = 0; trial < 200; trial++) {
      double[] normal = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
      double[] unit = normal.clone();
      double length = Math.sqrt(unit[0] * unit[0] + unit[1] * unit[1] + unit[2] * unit[2]);
      for (int x = 0; x < 3; x++) {
        unit[x] /= length;
      }
      // Every 10th tangent is parallel to the normal: the fallback direction must be used.
      double[] tangent =
          trial % 10 == 0
              ? normal.clone()
              : new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
      BodySplatScene.tangentFrame(normal, tangent, scratch, random.nextDouble(0, 7), m);
      for (int x = 0; x < 3; x++) {
        assertEquals(unit[x], m[x * 3 + 2], 1e-12);
      }
      // Columns orthonormal and right-handed: det = +1.
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          double dot = m[a] * m[b] + m[3 + a] * m[3 + b] + m[6 + a] * m[6 + b];
          assertEquals(a == b ? 1 : 0, dot, 1e-12);
        }
      }
      double det =
          m[0] * (m[4] * m[8] - m[5] * m[7])
              - m[1] * (m[3] * m[8] - m[5] * m[6])
              + m[2] * (m[3] * m[7] - m[4] * m[6]);
      assertEquals(1, det, 1e-12);
      // The quaternion stored for the Gaussian reproduces the frame.
      Rotations.matrixToQuaternion(m, 0, q, 0);
      Rotations.quaternionToMatrix(q, 0, back, 0);
      assertArrayEquals(m, back, 1e-12);
    }
  }

  @Test
  void optionsOutOfRangeAreBadInput() {
    assertEquals(
        Reason.TOO_SMALL,
        assertThrows(InvalidInputException.class, () -> new BodySplatSceneOptions(0, 8, 8, 1, 0))
            .reason());
    assertEquals(
        Reason.TOO_LARGE,
        assertThrows(
                InvalidInputException.class, () -> new BodySplatSceneOptions(1, 20_000, 8, 1, 0))
            .reason());
    assertEquals(
        Reason.TOO_LARGE,
        assertThrows(
                InvalidInputException.class,
                () -> new BodySplatSceneOptions(20_000_000, 8, 8, 1, 0))
            .reason());
    assertThrows(InvalidInputException.class, () -> new BodySplatSceneOptions(1, 8, 8, 1, 4));
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
