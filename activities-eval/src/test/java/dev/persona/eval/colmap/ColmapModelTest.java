package dev.persona.eval.colmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.camera.PinholeCamera;
import dev.persona.eval.colmap.ColmapTestModel.Camera;
import dev.persona.eval.colmap.ColmapTestModel.Image;
import dev.persona.eval.colmap.ColmapTestModel.Point;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** COLMAP's binary model against its text form of the same numbers, and against hand algebra. */
class ColmapModelTest {
  private static final double C45 = Math.cos(Math.PI / 4);

  /** Camera 7, not 2, so that ids are looked up rather than counted. */
  private static final List<Camera> CAMERAS =
      List.of(
          Camera.of(1, "PINHOLE", 1, 8, 6, 10, 11, 4, 3),
          Camera.of(7, "SIMPLE_RADIAL", 2, 8, 6, 12, 4.5, 3.5, 0));

  /**
   * Quaternions of norm 2 (and one of norm about 0.93), so the reader must normalise: 90 degrees
   * about z; 180 degrees about x; a generic rotation. Names with folders and non-ASCII characters;
   * the last image has 2D points to skip (so a cut near the end falls inside them).
   */
  private static final List<Image> IMAGES =
      List.of(
          new Image(
              1,
              new double[] {2 * C45, 0, 0, 2 * C45},
              new double[] {1, 2, 3},
              1,
              "seq/00000.png",
              List.of()),
          new Image(
              5, new double[] {0, 2, 0, 0}, new double[] {0, 0, 5}, 7, "seq/über.png", List.of()),
          new Image(
              3,
              new double[] {0.3, -0.5, 0.7, 0.2},
              new double[] {-1.5, 0.25, 7},
              1,
              "other/ä/00002.png",
              List.of(new Point(1.5, 2.5, -1), new Point(3, 4, 17), new Point(5.25, 6, 42))));

  private static InvalidInputException refused(Reason reason, Executable read) {
    InvalidInputException e = assertThrows(InvalidInputException.class, read);
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  @Test
  void theBinaryModelReadsAsTheTextModelOfTheSameNumbers(@TempDir Path dir) throws IOException {
    ColmapTestModel.writeText(dir.resolve("text"), CAMERAS, IMAGES);
    ColmapTestModel.writeBinary(dir.resolve("bin"), CAMERAS, IMAGES);
    Map<String, PinholeCamera> text = ColmapModel.readText(dir.resolve("text"));
    Map<String, PinholeCamera> bin = ColmapModel.readBinary(dir.resolve("bin"));
    List<String> names = List.of("seq/00000.png", "seq/über.png", "other/ä/00002.png");
    assertEquals(names, List.copyOf(text.keySet()));
    assertEquals(names, List.copyOf(bin.keySet()));
    for (String name : names) {
      PinholeCamera t = text.get(name);
      PinholeCamera b = bin.get(name);
      assertEquals(t.width(), b.width(), name);
      assertEquals(t.height(), b.height(), name);
      assertEquals(t.fx(), b.fx(), 0, name);
      assertEquals(t.fy(), b.fy(), 0, name);
      assertEquals(t.cx(), b.cx(), 0, name);
      assertEquals(t.cy(), b.cy(), 0, name);
      assertArrayEquals(t.worldToCamera(), b.worldToCamera(), 0, name);
    }
  }

  @Test
  void binaryCamerasAndPosesAreAsComputedByHand(@TempDir Path dir) throws IOException {
    ColmapTestModel.writeBinary(dir, CAMERAS, IMAGES);
    Map<String, PinholeCamera> cams = ColmapModel.readBinary(dir);
    PinholeCamera a = cams.get("seq/00000.png");
    assertEquals(8, a.width());
    assertEquals(6, a.height());
    assertEquals(10, a.fx(), 0);
    assertEquals(11, a.fy(), 0);
    assertEquals(4, a.cx(), 0);
    assertEquals(3, a.cy(), 0);
    // 90 degrees about z: x to y, y to -x; then t = (1, 2, 3).
    assertArrayEquals(
        new double[] {0, -1, 0, 1, 1, 0, 0, 2, 0, 0, 1, 3, 0, 0, 0, 1}, a.worldToCamera(), 1e-12);
    // Camera 7, SIMPLE_RADIAL with k = 0: one focal length.
    PinholeCamera b = cams.get("seq/über.png");
    assertEquals(12, b.fx(), 0);
    assertEquals(12, b.fy(), 0);
    assertEquals(4.5, b.cx(), 0);
    assertEquals(3.5, b.cy(), 0);
    // 180 degrees about x: y and z flip; t = (0, 0, 5).
    assertArrayEquals(
        new double[] {1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 5, 0, 0, 0, 1}, b.worldToCamera(), 1e-12);
    // The generic rotation is orthonormal after normalisation; its camera is camera 1.
    double[] r = cams.get("other/ä/00002.png").worldToCamera();
    assertEquals(10, cams.get("other/ä/00002.png").fx(), 0);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double dot =
            r[4 * i] * r[4 * j] + r[4 * i + 1] * r[4 * j + 1] + r[4 * i + 2] * r[4 * j + 2];
        assertEquals(i == j ? 1 : 0, dot, 1e-12);
      }
    }
    assertArrayEquals(new double[] {-1.5, 0.25, 7}, new double[] {r[3], r[7], r[11]}, 0);
  }

  @Test
  void readPrefersBinaryAndFallsBackToText(@TempDir Path dir) throws IOException {
    // The text copy differs (camera 1's fx 20), so the answer shows which form was read.
    List<Camera> other =
        List.of(
            Camera.of(1, "PINHOLE", 1, 8, 6, 20, 11, 4, 3),
            Camera.of(7, "SIMPLE_RADIAL", 2, 8, 6, 12, 4.5, 3.5, 0));
    ColmapTestModel.writeText(dir, other, IMAGES);
    assertEquals(20, ColmapModel.read(dir).get("seq/00000.png").fx(), 0);
    ColmapTestModel.writeBinary(dir, CAMERAS, IMAGES);
    assertEquals(10, ColmapModel.read(dir).get("seq/00000.png").fx(), 0);
    // One .bin file alone is not a binary model: the text form is read.
    Files.delete(dir.resolve("images.bin"));
    assertEquals(20, ColmapModel.read(dir).get("seq/00000.png").fx(), 0);
  }

  @Test
  void missingFilesAreNotFound(@TempDir Path dir) throws IOException {
    refused(Reason.NOT_FOUND, () -> ColmapModel.read(dir));
    Files.write(dir.resolve("cameras.bin"), ColmapTestModel.camerasBin(CAMERAS));
    InvalidInputException e = refused(Reason.NOT_FOUND, () -> ColmapModel.readBinary(dir));
    assertTrue(e.getMessage().contains("images.bin"), e.getMessage());
  }

  @Test
  void anImagesFileCutInsideANameIsMalformed(@TempDir Path dir) throws IOException {
    ColmapTestModel.writeBinary(dir, CAMERAS, IMAGES);
    byte[] all = ColmapTestModel.imagesBin(IMAGES);
    // Inside the last image's name: the count still fits, the NUL never comes.
    int name = indexOf(all, "other/ä/00002.png".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("images.bin"), Arrays.copyOf(all, name + 8));
    InvalidInputException e = refused(Reason.MALFORMED, () -> ColmapModel.readBinary(dir));
    assertTrue(e.getMessage().contains("NUL"), e.getMessage());
  }

  @Test
  void anImagesFileCutInsideThePointsIsMalformed(@TempDir Path dir) throws IOException {
    ColmapTestModel.writeBinary(dir, CAMERAS, IMAGES);
    byte[] all = ColmapTestModel.imagesBin(IMAGES);
    // The last image's three points are its last 72 bytes; cut in the middle of the third.
    Files.write(dir.resolve("images.bin"), Arrays.copyOf(all, all.length - 12));
    InvalidInputException e = refused(Reason.MALFORMED, () -> ColmapModel.readBinary(dir));
    assertTrue(e.getMessage().contains("2D points of other/ä/00002.png"), e.getMessage());
  }

  @Test
  void countsBeyondTheFileAreMalformedNotAllocated(@TempDir Path dir) throws IOException {
    ColmapTestModel.writeBinary(dir, CAMERAS, IMAGES);
    // 2^40 cameras in a 16-byte file: refused on the count, before reading any camera.
    byte[] sixteen = new byte[16];
    littleEndian(sixteen).putLong(1L << 40);
    Files.write(dir.resolve("cameras.bin"), sixteen);
    InvalidInputException e = refused(Reason.MALFORMED, () -> ColmapModel.readBinary(dir));
    assertTrue(e.getMessage().contains("cameras.bin: 1099511627776 cameras"), e.getMessage());
    // 2^40 2D points after the first image, whose 24 * 2^40 bytes would overflow an int skip.
    ColmapTestModel.writeBinary(dir, CAMERAS, IMAGES);
    byte[] one = ColmapTestModel.imagesBin(IMAGES.subList(0, 1));
    littleEndian(one).putLong(one.length - 8, 1L << 40);
    Files.write(dir.resolve("images.bin"), one);
    e = refused(Reason.MALFORMED, () -> ColmapModel.readBinary(dir));
    assertTrue(e.getMessage().contains("1099511627776 2D points"), e.getMessage());
    // 2^64 - 1 of them, a uint64 that a Java long reads as -1.
    littleEndian(one).putLong(one.length - 8, -1L);
    Files.write(dir.resolve("images.bin"), one);
    e = refused(Reason.MALFORMED, () -> ColmapModel.readBinary(dir));
    assertTrue(e.getMessage().contains("18446744073709551615"), e.getMessage());
  }

  private static ByteBuffer littleEndian(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void unknownModelAndCameraIdsAndTrailingBytesAreMalformed(@TempDir Path dir) throws IOException {
    ColmapTestModel.writeBinary(dir, List.of(Camera.of(1, "X", 99, 8, 6, 10, 11, 4, 3)), IMAGES);
    InvalidInputException e = refused(Reason.MALFORMED, () -> ColmapModel.readBinary(dir));
    assertTrue(e.getMessage().contains("model id 99"), e.getMessage());
    // Only camera 1: image 5 uses camera 7.
    ColmapTestModel.writeBinary(dir, CAMERAS.subList(0, 1), IMAGES);
    e = refused(Reason.MALFORMED, () -> ColmapModel.readBinary(dir));
    assertTrue(e.getMessage().contains("unknown camera 7"), e.getMessage());
    // A count one short of the entries: the last camera's bytes are left over.
    byte[] cams = ColmapTestModel.camerasBin(CAMERAS);
    littleEndian(cams).putLong(0, 1);
    Files.write(dir.resolve("cameras.bin"), cams);
    e = refused(Reason.MALFORMED, () -> ColmapModel.readBinary(dir));
    assertTrue(e.getMessage().contains("after the last camera"), e.getMessage());
  }

  @Test
  void distortionIsUnsupportedAsInTheTextForm(@TempDir Path dir) throws IOException {
    // OPENCV with zero distortion is a pinhole camera.
    List<Camera> opencv = List.of(Camera.of(1, "OPENCV", 4, 8, 6, 10, 11, 4, 3, 0, 0, 0, 0));
    List<Image> one = List.of(IMAGES.get(0));
    ColmapTestModel.writeBinary(dir, opencv, one);
    assertEquals(11, ColmapModel.readBinary(dir).get("seq/00000.png").fy(), 0);
    // k1 = 0.1 is not.
    List<Camera> k1 = List.of(Camera.of(1, "OPENCV", 4, 8, 6, 10, 11, 4, 3, 0.1, 0, 0, 0));
    ColmapTestModel.writeBinary(dir, k1, one);
    ColmapTestModel.writeText(dir, k1, one);
    assertSameRefusal(dir);
    // FULL_OPENCV (id 6, 12 parameters) and current COLMAP's FISHEYE (id 15, 4) are refused by
    // name, as the text form refuses them.
    for (Camera c :
        List.of(
            Camera.of(1, "FULL_OPENCV", 6, 8, 6, 10, 11, 4, 3, 0, 0, 0, 0, 0, 0, 0, 0),
            Camera.of(1, "FISHEYE", 15, 8, 6, 10, 11, 4, 3))) {
      ColmapTestModel.writeBinary(dir, List.of(c), one);
      ColmapTestModel.writeText(dir, List.of(c), one);
      InvalidInputException e = assertSameRefusal(dir);
      assertTrue(e.getMessage().contains("camera model " + c.model()), e.getMessage());
    }
  }

  /** Binary and text refuse alike (UNSUPPORTED, the same message but for the file's name). */
  private static InvalidInputException assertSameRefusal(Path dir) {
    InvalidInputException b = refused(Reason.UNSUPPORTED, () -> ColmapModel.readBinary(dir));
    InvalidInputException t = refused(Reason.UNSUPPORTED, () -> ColmapModel.readText(dir));
    assertEquals(
        t.getMessage().replace("cameras.txt", "cameras.FILE"),
        b.getMessage().replace("cameras.bin", "cameras.FILE"));
    return b;
  }
}
