package dev.persona.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageIoTest {
  /** Half an 8-bit step, the most rounding to 8 bits can move a value (plus float slack). */
  private static final double HALF_STEP = 0.5 / 255 + 1e-6;

  /** JPEG at ImageIO's default quality keeps flat colour blocks within this of the original. */
  private static final double JPEG_FLAT_TOLERANCE = 0.1;

  @TempDir Path dir;

  private static Image randomImage(int w, int h, int c, long seed) {
    Random random = new Random(seed);
    float[] data = new float[w * h * c];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat();
    }
    return new Image(w, h, c, data);
  }

  @Test
  void rgbAndRgbaSurviveAPngRoundTripWithinHalfAnSrgbStep() throws IOException {
    for (int c : new int[] {3, 4}) {
      Image original = randomImage(37, 23, c, c);
      Path file = dir.resolve("rgb" + c + ".png");
      ImageIo.writePng(file, original);
      Image back = ImageIo.read(file);
      assertEquals(37, back.width());
      assertEquals(23, back.height());
      assertEquals(c, back.channels());
      for (int i = 0; i < original.data().length; i++) {
        boolean alpha = c == 4 && i % 4 == 3;
        double expected = original.data()[i];
        double actual = back.data()[i];
        if (!alpha) { // colour is compared where it was quantised: in sRGB
          expected = ColorTransfer.linearToSrgb(expected);
          actual = ColorTransfer.linearToSrgb(actual);
        }
        assertEquals(expected, actual, HALF_STEP, "sample " + i);
      }
    }
  }

  @Test
  void masksAreWrittenAndReadLinearly() throws IOException {
    Image mask = randomImage(16, 9, 1, 3);
    Path file = dir.resolve("mask.png");
    ImageIo.writePng(file, mask);
    BufferedImage stored = ImageIO.read(file.toFile());
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, stored.getType());
    // Stored linearly: code = round(255 v), no sRGB curve.
    assertEquals(Math.round(mask.get(5, 4, 0) * 255), stored.getRaster().getSample(5, 4, 0));
    Image back = ImageIo.readMask(file);
    assertEquals(1, back.channels());
    for (int i = 0; i < mask.data().length; i++) {
      assertEquals(mask.data()[i], back.data()[i], HALF_STEP);
    }
    // read() of the same file treats it as a grey photo: sRGB-decoded, widened to RGB.
    Image photo = ImageIo.read(file);
    assertEquals(3, photo.channels());
    int code = stored.getRaster().getSample(5, 4, 0);
    for (int ch = 0; ch < 3; ch++) {
      assertEquals(ColorTransfer.srgb8ToLinear(code), photo.get(5, 4, ch));
    }
  }

  @Test
  void readMaskTakesAlphaWhenPresent() throws IOException {
    Image rgba = new Image(2, 1, 4, new float[] {1, 1, 1, 0.2f, 0, 0, 0, 0.8f});
    Path file = dir.resolve("alpha.png");
    ImageIo.writePng(file, rgba);
    Image mask = ImageIo.readMask(file);
    assertEquals(0.2f, mask.get(0, 0, 0), HALF_STEP);
    assertEquals(0.8f, mask.get(1, 0, 0), HALF_STEP);
  }

  @Test
  void sixteenBitPngsKeepTheirPrecision() throws IOException {
    BufferedImage grey16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    int[] codes = {1000, 1001, 60000}; // 1000 and 1001 are the same 8-bit code
    grey16.getRaster().setPixels(0, 0, 3, 1, codes);
    Path file = dir.resolve("grey16.png");
    assertTrue(ImageIO.write(grey16, "png", file.toFile()));
    Image photo = ImageIo.read(file);
    Image mask = ImageIo.readMask(file);
    for (int x = 0; x < 3; x++) {
      double encoded = codes[x] / 65535.0;
      // float storage of the exact value: relative 6e-8.
      assertEquals(ColorTransfer.srgbToLinear(encoded), photo.get(x, 0, 1), 1e-7);
      assertEquals(encoded, mask.get(x, 0, 0), 1e-7);
    }
    assertTrue(photo.get(1, 0, 0) > photo.get(0, 0, 0), "16-bit steps must stay distinct");
  }

  @Test
  void palettePngsReadThroughTheirPalette() throws IOException {
    BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED);
    indexed.setRGB(0, 0, 0xFF0000);
    indexed.setRGB(1, 0, 0xFFFFFF);
    Path file = dir.resolve("palette.png");
    assertTrue(ImageIO.write(indexed, "png", file.toFile()));
    Image image = ImageIo.read(file);
    assertArrayEquals(new float[] {1, 0, 0, 1, 1, 1}, image.data(), 1e-6f);
  }

  /** A JPEG of a 32x16 image whose top-left 16x8 quadrant is red and the rest blue. */
  private static byte[] jpegWithRedTopLeft() throws IOException {
    BufferedImage bi = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        bi.setRGB(x, y, x < 16 && y < 8 ? 0xFF0000 : 0x0000FF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(bi, "jpeg", out));
    return out.toByteArray();
  }

  /**
   * An APP1 EXIF segment, big-endian TIFF: IFD0 = {Orientation (0x0112) SHORT, ExifIFD pointer
   * (0x8769) LONG = 38}, Exif IFD at 38 = {FocalLengthIn35mmFilm (0xA405) SHORT}.
   */
  static byte[] exifApp1(int orientation, int focal35) {
    ByteBuffer tiff = ByteBuffer.allocate(56); // big-endian by default
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    tiff.putShort((short) 2);
    tiff.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0);
    tiff.putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(38);
    tiff.putInt(0); // no IFD1
    tiff.putShort((short) 1); // at offset 38
    tiff.putShort((short) 0xA405)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) focal35)
        .putShort((short) 0);
    tiff.putInt(0);
    byte[] payload = new byte[6 + tiff.capacity()];
    System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, payload, 0, 6);
    System.arraycopy(tiff.array(), 0, payload, 6, tiff.capacity());
    ByteBuffer seg = ByteBuffer.allocate(4 + payload.length);
    seg.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + payload.length)).put(payload);
    return seg.array();
  }

  /** {@code jpeg} with {@code segment} inserted after SOI and the JFIF APP0 segment. */
  static byte[] insertAfterApp0(byte[] jpeg, byte[] segment) {
    int at = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
    }
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, at);
    System.arraycopy(segment, 0, out, at, segment.length);
    System.arraycopy(jpeg, at, out, at + segment.length, jpeg.length - at);
    return out;
  }

  @Test
  void exifOrientationSixComesOutTurnedClockwise() throws IOException {
    Path file = dir.resolve("rotated.jpg");
    Files.write(file, insertAfterApp0(jpegWithRedTopLeft(), exifApp1(6, 28)));
    assertEquals(new PhotoMetadata(6, Optional.of(28.0)), ImageIo.readMetadata(file));
    Image image = ImageIo.read(file);
    // Stored 32x16 with red top-left; turned 90 degrees clockwise it is 16x32 with red top-right.
    assertEquals(16, image.width());
    assertEquals(32, image.height());
    assertEquals(1.0, image.get(12, 4, 0), JPEG_FLAT_TOLERANCE); // top-right quadrant: red
    assertEquals(0.0, image.get(12, 4, 2), JPEG_FLAT_TOLERANCE);
    assertEquals(0.0, image.get(3, 4, 0), JPEG_FLAT_TOLERANCE); // top-left: blue
    assertEquals(1.0, image.get(3, 4, 2), JPEG_FLAT_TOLERANCE);
    assertEquals(0.0, image.get(12, 28, 0), JPEG_FLAT_TOLERANCE); // bottom-right: blue
    Image mask = ImageIo.readMask(file);
    assertEquals(16, mask.width());
  }

  @Test
  void aJpegWithoutExifIsUpright() throws IOException {
    Path file = Files.write(dir.resolve("plain.jpg"), jpegWithRedTopLeft());
    assertEquals(PhotoMetadata.NONE, ImageIo.readMetadata(file));
    Image image = ImageIo.read(file);
    assertEquals(32, image.width());
    assertEquals(1.0, image.get(4, 4, 0), JPEG_FLAT_TOLERANCE);
  }

  /** A PNG chunk: length, type, data, CRC-32 of type and data. */
  private static byte[] chunk(String type, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(data);
    CRC32 crc = new CRC32();
    crc.update(b.array(), 4, 4 + data.length);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  @Test
  void aHugePngIsRefusedFromItsHeader() throws IOException {
    // IHDR: 100000 x 100000, 8-bit RGB; then a tiny IDAT that could never hold it. The limit
    // must trip before any decoding (which would need 30 GB).
    byte[] ihdr =
        ByteBuffer.allocate(13)
            .putInt(100_000)
            .putInt(100_000)
            .put(new byte[] {8, 2, 0, 0, 0})
            .array();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    png.write(chunk("IHDR", ihdr));
    png.write(chunk("IDAT", new byte[] {0x78, (byte) 0x9C, 3, 0, 0, 0, 0, 1}));
    png.write(chunk("IEND", new byte[0]));
    Path file = Files.write(dir.resolve("huge.png"), png.toByteArray());
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageIo.read(file));
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
  }

  @Test
  void theLimitIsConfigurable() throws IOException {
    Path file = dir.resolve("small.png");
    ImageIo.writePng(file, new Image(10, 10, 3));
    assertEquals(10, ImageIo.read(file, new ImageLimits(100)).width());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ImageIo.read(file, new ImageLimits(99)));
    assertEquals(Reason.TOO_LARGE, e.reason());
  }

  @Test
  void randomBytesAreTheWrongFormat() throws IOException {
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    Path file = Files.write(dir.resolve("noise.png"), noise);
    assertEquals(
        Reason.WRONG_FORMAT,
        assertThrows(InvalidInputException.class, () -> ImageIo.read(file)).reason());
    Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
    assertEquals(
        Reason.WRONG_FORMAT,
        assertThrows(InvalidInputException.class, () -> ImageIo.read(empty)).reason());
    Path missing = dir.resolve("missing.png");
    assertEquals(
        Reason.NOT_FOUND,
        assertThrows(InvalidInputException.class, () -> ImageIo.read(missing)).reason());
  }

  @Test
  void truncatedFilesAreCorrupt() throws IOException {
    Path png = dir.resolve("noise.png");
    ImageIo.writePng(png, randomImage(64, 64, 3, 9)); // noise does not compress: a long IDAT
    byte[] whole = Files.readAllBytes(png);
    Path cutPng = Files.write(dir.resolve("cut.png"), Arrays.copyOf(whole, whole.length / 2));
    assertEquals(
        Reason.CORRUPT,
        assertThrows(InvalidInputException.class, () -> ImageIo.read(cutPng)).reason());

    BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(2);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        noise.setRGB(x, y, random.nextInt());
      }
    }
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(noise, "jpeg", jpeg));
    byte[] j = jpeg.toByteArray();
    Path cutJpeg = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(j, j.length / 2));
    assertEquals(
        Reason.CORRUPT,
        assertThrows(InvalidInputException.class, () -> ImageIo.read(cutJpeg)).reason());
  }

  /**
   * The 1x1 lossless WebP that Modernizr uses to detect WebP support ({@code
   * feature-detects/img/webp-lossless.js}), made by libwebp, not by us.
   */
  private static final String WEBP_LOSSLESS_1X1 =
      "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==";

  @Test
  void webpIsRecognisedAndDecodedAndACorruptOneIsCorrupt() throws IOException {
    byte[] webp = Base64.getDecoder().decode(WEBP_LOSSLESS_1X1);
    Path file = Files.write(dir.resolve("tiny.webp"), webp);
    Image image = ImageIo.read(file);
    assertEquals(1, image.width());
    assertEquals(1, image.height());

    // Same RIFF/WEBP/VP8L headers, image data replaced by garbage.
    byte[] broken = webp.clone();
    for (int i = 25; i < broken.length; i++) {
      broken[i] = (byte) 0xFF;
    }
    Path bad = Files.write(dir.resolve("bad.webp"), broken);
    assertEquals(
        Reason.CORRUPT,
        assertThrows(InvalidInputException.class, () -> ImageIo.read(bad)).reason());
  }

  @Test
  void writesAtomicallyOverAnExistingFile() throws IOException {
    Path file = dir.resolve("out.png");
    ImageIo.writePng(file, new Image(4, 4, 3));
    ImageIo.writePng(file, new Image(5, 2, 4));
    Image back = ImageIo.read(file);
    assertEquals(5, back.width());
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file may remain");
    }
  }

  private static Path sharedPhotos() {
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (; p != null; p = p.getParent()) {
      Path shared = p.resolveSibling("shared");
      if (p.getParent() != null && Files.isDirectory(shared.resolve("photos"))) {
        return shared.resolve("photos");
      }
    }
    return null;
  }

  @Test
  void readsTheSharedRealPhotos() throws IOException {
    Path photos = sharedPhotos();
    Assumptions.assumeTrue(photos != null, "../shared/photos not found beside the repository");
    Image office = ImageIo.read(photos.resolve("office_man_apose.jpg"));
    assertEquals(1080, office.width());
    assertEquals(720, office.height());
    assertEquals(3, office.channels());

    Path cutout = photos.resolve("cutout_man_tpose_rgba.png");
    Image rgba = ImageIo.read(cutout);
    assertEquals(989, rgba.width());
    assertEquals(1029, rgba.height());
    assertEquals(4, rgba.channels());
    Image mask = ImageIo.readMask(cutout);
    int opaque = 0;
    int transparent = 0;
    for (float a : mask.data()) {
      opaque += a > 0.5f ? 1 : 0;
      transparent += a == 0f ? 1 : 0;
    }
    double opaqueFraction = opaque / (double) mask.data().length;
    // SOURCES.md: about 19 % of the pixels are opaque.
    assertEquals(0.19, opaqueFraction, 0.03);
    assertTrue(transparent > mask.data().length / 2);

    // The footballer's EXIF (Nikon D7200 via Lightroom, little-endian TIFF) gives 450 mm.
    PhotoMetadata meta = ImageIo.readMetadata(photos.resolve("footballer_running.jpeg"));
    assertEquals(new PhotoMetadata(1, Optional.of(450.0)), meta);
  }
}
