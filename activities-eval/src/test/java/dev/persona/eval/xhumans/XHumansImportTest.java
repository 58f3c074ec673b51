package dev.persona.eval.xhumans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.core.InvalidInputException;
import dev.persona.core.body.SmplxParams;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.core.dataset.Dataset;
import dev.persona.core.dataset.FrameSplit;
import dev.persona.core.image.Image;
import dev.persona.core.image.ImageIo;
import dev.persona.core.io.NpyArray;
import dev.persona.core.io.Npz;
import dev.persona.core.progress.ProgressListener;
import dev.persona.eval.pickle.PickleBytes;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-take X-Humans subject written here (PNG, float TIFF depth, npz cameras, pickles). */
class XHumansImportTest {
  private static final int W = 8;
  private static final int H = 6;

  /** Frame f's parameters: distinct numbers in every group the importer maps. */
  private static Map<String, double[][]> params(int f) {
    Map<String, double[][]> m = new LinkedHashMap<>();
    m.put("betas", new double[][] {{0.1 * f, -0.2, 0.3, 0, 0, 0, 0, 0, 0, 0.5}});
    m.put("global_orient", new double[][] {{0.1, 0.2 * f, 0.3}});
    double[][] body = new double[1][63];
    body[0][5] = 0.01 * f;
    m.put("body_pose", body);
    double[][] hand = new double[1][45];
    hand[0][44] = -0.5;
    m.put("left_hand_pose", hand);
    m.put("right_hand_pose", new double[1][45]);
    m.put("jaw_pose", new double[][] {{0.2, 0, 0}});
    m.put("transl", new double[][] {{0.5, -1.0 * f, 2.0}});
    return m;
  }

  private static void writeTake(Path take, int[] frames, double rotation) throws IOException {
    Path render = take.resolve("render");
    Files.createDirectories(render.resolve("image"));
    Files.createDirectories(render.resolve("depth"));
    Files.createDirectories(take.resolve("SMPLX"));
    double[] ext = new double[frames.length * 12];
    for (int i = 0; i < frames.length; i++) {
      int f = frames[i];
      String n = String.format(Locale.ROOT, "%06d", f);
      Image im = new Image(W, H, 3);
      im.set(1, 1, 0, 0.5f * (i + 1));
      ImageIo.writePng(render.resolve("image").resolve("color_" + n + ".png"), im);
      writeDepth(render.resolve("depth").resolve("depth_" + n + ".tiff"), f);
      Files.write(
          take.resolve("SMPLX").resolve(String.format(Locale.ROOT, "mesh-f%05d_smplx.pkl", f)),
          PickleBytes.dictOfFloat64(params(f)));
      // Rotation about y by `rotation`, translation (0, 0, 3 + f).
      double c = Math.cos(rotation);
      double s = Math.sin(rotation);
      double[] rt = {c, 0, s, 0, 0, 1, 0, 0, -s, 0, c, 3 + f};
      System.arraycopy(rt, 0, ext, i * 12, 12);
    }
    Npz.write(
        render.resolve("cameras.npz"),
        Map.of(
            "intrinsic", NpyArray.ofDoubles(new double[] {10, 0, 4, 0, 11, 3, 0, 0, 1}, 3, 3),
            "extrinsic", NpyArray.ofDoubles(ext, frames.length, 3, 4)));
  }

  /** Depth: the left three columns at 2 m (+ frame / 10), 0 elsewhere. */
  private static void writeDepth(Path file, int f) throws IOException {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_FLOAT);
    WritableRaster r = cm.createCompatibleWritableRaster(W, H);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < 3; x++) {
        r.setSample(x, y, 0, 2f + f / 10f);
      }
    }
    BufferedImage bi = new BufferedImage(cm, r, false, null);
    if (!ImageIO.write(bi, "tiff", file.toFile())) {
      throw new IOException("no TIFF writer");
    }
  }

  @Test
  void trainTakesBecomePhotoAndTrainFramesTestTakesTestFrames(@TempDir Path dir)
      throws IOException {
    Path subject = dir.resolve("00016");
    writeTake(subject.resolve("train").resolve("Take1"), new int[] {1, 2}, 0);
    writeTake(subject.resolve("test").resolve("Take3"), new int[] {7}, Math.PI / 2);
    Dataset d = XHumansImport.convert(subject, dir.resolve("out"), 1, ProgressListener.NONE);
    assertEquals("00000", d.photoId());
    assertEquals(List.of("00001"), d.frameIds(FrameSplit.TRAIN));
    assertEquals(List.of("00002"), d.frameIds(FrameSplit.TEST));

    SmplxParams p = d.params("00002");
    SmplxParams expected =
        XHumansImport.smplx(subject.resolve("test/Take3/SMPLX/mesh-f00007_smplx.pkl"));
    assertArrayEquals(new double[] {0.1, 1.4, 0.3}, p.globalOrient(), 1e-12);
    assertArrayEquals(new double[] {0.5, -7.0, 2.0}, p.transl(), 1e-12);
    assertEquals(0.07, p.bodyPose()[5], 1e-12);
    assertEquals(-0.5, p.leftHandPose()[44], 1e-12);
    assertEquals(0.2, p.jawPose()[0], 1e-12);
    assertArrayEquals(new double[3], p.leyePose());
    assertArrayEquals(expected.betas(), p.betas(), 1e-12);

    // The test frame's camera: a quarter turn about y; the world point (1, 0, 0) lands at
    // camera (0, 0, -1) + (0, 0, 3 + 7) = (0, 0, 9), i.e. the principal point.
    PinholeCamera cam = d.camera("00002");
    assertEquals(10, cam.fx(), 0);
    assertEquals(11, cam.fy(), 0);
    assertEquals(4, cam.cx(), 0);
    assertEquals(3, cam.cy(), 0);
    double[] m = cam.worldToCamera();
    assertEquals(0, m[0] * 1 + m[3], 1e-12);
    assertEquals(-1 + 10, m[8] * 1 + m[11], 1e-12);

    Image mask = d.mask("00001");
    assertEquals(1f, mask.get(2, 4, 0), 0f);
    assertEquals(0f, mask.get(3, 4, 0), 0f);
  }

  @Test
  void aTakeWithoutItsCamerasIsBadInput(@TempDir Path dir) throws IOException {
    Path subject = dir.resolve("s");
    Path take = subject.resolve("train").resolve("Take1");
    writeTake(take, new int[] {1}, 0);
    Files.delete(take.resolve("render").resolve("cameras.npz"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> XHumansImport.convert(subject, dir.resolve("out"), 1, ProgressListener.NONE));
    assertEquals(InvalidInputException.Reason.NOT_FOUND, e.reason());
  }
}
