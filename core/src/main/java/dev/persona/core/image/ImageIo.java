package dev.persona.core.image;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.core.io.AtomicFiles;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Reads image files into linear {@link Image}s and writes PNGs, through {@code javax.imageio} with
 * the TwelveMonkeys plugins on the class path (PNG, JPEG including CMYK and progressive, WebP, and
 * whatever else a registered reader understands).
 *
 * <p>Photos ({@link #read}) are taken as sRGB-encoded: colour samples are decoded to linear light
 * with the exact sRGB curve ({@link ColorTransfer}); alpha is kept, straight, and not curved;
 * 16-bit samples keep their precision; grey images become RGB; the EXIF orientation of JPEGs is
 * applied, so the pixels come out upright. Masks ({@link #readMask}) are coverage, not light: their
 * samples are taken as stored, without the sRGB curve, which is how {@link #writePng} writes
 * one-channel images.
 *
 * <p>Every read checks the image size from the file's header against {@link ImageLimits} before
 * decoding pixels. Failures are {@link InvalidInputException}s: NOT_FOUND (no such file),
 * WRONG_FORMAT (no reader recognises it), TOO_LARGE (over the pixel limit), CORRUPT (a recognised
 * format that fails to decode or ends early).
 */
public final class ImageIo {
  /** Rec. 709 luma weights, for a mask read from a colour image. */
  private static final float LUMA_R = 0.2126f;

  private static final float LUMA_G = 0.7152f;
  private static final float LUMA_B = 0.0722f;

  private ImageIo() {}

  /** {@link #read(Path, ImageLimits)} with {@link ImageLimits#DEFAULT}. */
  public static Image read(Path file) throws IOException {
    return read(file, ImageLimits.DEFAULT);
  }

  /**
   * Reads a photo as a linear image: 3 channels (RGB), or 4 (RGBA, straight alpha) when the file
   * has alpha. Upright: a JPEG's EXIF orientation is applied (width and height swap for
   * orientations 5 to 8).
   */
  public static Image read(Path file, ImageLimits limits) throws IOException {
    BufferedImage decoded = decode(file, limits);
    Image image = toImage(decoded, false);
    int orientation = readMetadata(file).orientation();
    return ExifOrientation.apply(image, orientation);
  }

  /** {@link #readMask(Path, ImageLimits)} with {@link ImageLimits#DEFAULT}. */
  public static Image readMask(Path file) throws IOException {
    return readMask(file, ImageLimits.DEFAULT);
  }

  /**
   * Reads a one-channel mask in [0, 1]: the alpha channel when the file has one, else the stored
   * grey value, else the Rec. 709 luma of the stored RGB values; in each case without the sRGB
   * curve (see the class doc). EXIF orientation is applied as in {@link #read}.
   */
  public static Image readMask(Path file, ImageLimits limits) throws IOException {
    BufferedImage decoded = decode(file, limits);
    Image raw = toImage(decoded, true);
    int n = raw.width() * raw.height();
    float[] src = raw.data();
    float[] mask = new float[n];
    int c = raw.channels();
    for (int i = 0; i < n; i++) {
      mask[i] =
          switch (c) {
            case 1 -> src[i];
            case 2 -> src[i * 2 + 1];
            case 4 -> src[i * 4 + 3];
            default -> LUMA_R * src[i * 3] + LUMA_G * src[i * 3 + 1] + LUMA_B * src[i * 3 + 2];
          };
    }
    Image out = new Image(raw.width(), raw.height(), 1, mask);
    return ExifOrientation.apply(out, readMetadata(file).orientation());
  }

  /**
   * The photo's EXIF orientation and 35 mm focal length, read from the head of a JPEG (other
   * formats, and JPEGs without EXIF, give {@link PhotoMetadata#NONE}).
   */
  public static PhotoMetadata readMetadata(Path file) throws IOException {
    requireFile(file);
    try (InputStream in = Files.newInputStream(file)) {
      return ExifReader.read(in);
    }
  }

  /**
   * Writes {@code image} as an 8-bit PNG, atomically (temporary file, then move). Three channels
   * become sRGB, four sRGBA (colour through the sRGB curve, alpha linear, straight); one channel
   * becomes a greyscale PNG written linearly ({@code round(255 v)}, no sRGB curve), the form masks
   * take and {@link #readMask} reads back. Values outside [0, 1] are clamped, NaN becomes 0.
   *
   * @throws IllegalArgumentException for a two-channel image, which has no PNG meaning here
   */
  public static void writePng(Path file, Image image) throws IOException {
    BufferedImage bi = toBufferedImage(image);
    AtomicFiles.write(
        file,
        out -> {
          Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
          if (!writers.hasNext()) {
            throw new IOException("no PNG writer registered with javax.imageio");
          }
          ImageWriter writer = writers.next();
          try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(bi);
          } finally {
            writer.dispose();
          }
        });
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(Reason.NOT_FOUND, file + ": no such image file");
    }
  }

  /** Decodes the first image of {@code file}, checking its size from the header first. */
  private static BufferedImage decode(Path file, ImageLimits limits) throws IOException {
    requireFile(file);
    try (ImageInputStream iis = ImageIO.createImageInputStream(file.toFile())) {
      if (iis == null) {
        throw new IOException(file + ": cannot open an image stream");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        throw new InvalidInputException(
            Reason.WRONG_FORMAT,
            file + ": not an image in a format we read (PNG, JPEG, WebP, ...)");
      }
      ImageReader reader = readers.next();
      String format = reader.getFormatName().toUpperCase(Locale.ROOT);
      try {
        reader.setInput(iis, true, true);
        int width;
        int height;
        try {
          width = reader.getWidth(0);
          height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
          throw corrupt(file, format, e);
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
          throw new InvalidInputException(
              Reason.TOO_LARGE,
              String.format(
                  Locale.ROOT,
                  "%s: %s image of %dx%d = %d pixels exceeds the limit of %d",
                  file,
                  format,
                  width,
                  height,
                  pixels,
                  limits.maxPixels()));
        }
        TruncationWatch watch = new TruncationWatch();
        reader.addIIOReadWarningListener(watch);
        BufferedImage image;
        try {
          image = reader.read(0);
        } catch (IOException | RuntimeException e) {
          throw corrupt(file, format, e);
        }
        if (watch.warning != null) {
          throw new InvalidInputException(
              Reason.CORRUPT, file + ": " + format + " data ends early: " + watch.warning);
        }
        return image;
      } finally {
        reader.dispose();
      }
    }
  }

  private static InvalidInputException corrupt(Path file, String format, Exception e) {
    if (e instanceof InvalidInputException iie) {
      return iie;
    }
    String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return new InvalidInputException(
        Reason.CORRUPT, file + ": corrupt or truncated " + format + " file: " + why, e);
  }

  /**
   * Notices the warning the JPEG decoder gives, instead of an exception, when the data ends before
   * the image does (libjpeg's "Premature end of JPEG file"): it then fills the rest with grey,
   * which must not pass for a photo. Other warnings (extraneous bytes, odd ICC profiles) are
   * harmless and ignored.
   */
  private static final class TruncationWatch implements IIOReadWarningListener {
    String warning;

    @Override
    public void warningOccurred(ImageReader source, String message) {
      if (message != null && message.toLowerCase(Locale.ROOT).contains("premature end")) {
        warning = message;
      }
    }
  }

  /**
   * Converts a decoded image to an {@link Image}. Photos ({@code raw == false}) get 3 or 4 channels
   * with colour decoded from sRGB; raw ({@code raw == true}) keeps the file's channels (1 grey, 2
   * grey + alpha, 3 RGB, 4 RGBA) and stored values scaled to [0, 1].
   */
  static Image toImage(BufferedImage decoded, boolean raw) {
    BufferedImage bi = toPlainSrgbOrGrey(decoded);
    ColorModel cm = bi.getColorModel();
    WritableRaster r = bi.getRaster();
    int w = bi.getWidth();
    int h = bi.getHeight();
    int bands = r.getNumBands();
    int colour = cm.getNumColorComponents();
    boolean alpha = cm.hasAlpha();
    float[] scale = new float[bands];
    boolean[] eightBit = new boolean[bands];
    for (int b = 0; b < bands; b++) {
      int bits = cm.getComponentSize(b);
      scale[b] = (float) (1.0 / ((1L << bits) - 1));
      eightBit[b] = bits == 8;
    }
    int outChannels = raw ? bands : (alpha ? 4 : 3);
    float[] out = new float[Math.multiplyExact(w * h, outChannels)];
    int[] row = new int[w * bands];
    for (int y = 0; y < h; y++) {
      r.getPixels(0, y, w, 1, row);
      int o = y * w * outChannels;
      for (int x = 0; x < w; x++, o += outChannels) {
        int s = x * bands;
        if (raw) {
          for (int b = 0; b < bands; b++) {
            out[o + b] = row[s + b] * scale[b];
          }
          continue;
        }
        for (int c = 0; c < 3; c++) {
          int b = colour == 1 ? 0 : c;
          out[o + c] =
              eightBit[b]
                  ? ColorTransfer.srgb8ToLinear(row[s + b])
                  : (float) ColorTransfer.srgbToLinear(row[s + b] * (double) scale[b]);
        }
        if (alpha) {
          out[o + 3] = row[s + colour] * scale[colour];
        }
      }
    }
    return new Image(w, h, outChannels, out);
  }

  /**
   * Returns {@code bi} when its raster holds sRGB or grey samples, unpremultiplied, one band per
   * component (colour bands first, alpha last); otherwise converts it to such an image: palette
   * images through their palette, other colour spaces (ICC profiles, linear RGB) to 8-bit sRGB.
   * Grey is taken as stored: Java calls its grey space linear, but files store grey sRGB-encoded.
   */
  private static BufferedImage toPlainSrgbOrGrey(BufferedImage bi) {
    ColorModel cm = bi.getColorModel();
    if (cm instanceof IndexColorModel icm) {
      return icm.convertToIntDiscrete(bi.getRaster(), false);
    }
    ColorSpace cs = cm.getColorSpace();
    boolean plainModel =
        (cm instanceof ComponentColorModel || cm instanceof DirectColorModel)
            && !cm.isAlphaPremultiplied()
            && maxComponentBits(cm) <= 16;
    boolean plainSpace =
        cs.isCS_sRGB() || (cs.getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1);
    if (plainModel && plainSpace) {
      return bi;
    }
    BufferedImage converted =
        new BufferedImage(
            bi.getWidth(),
            bi.getHeight(),
            cm.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    new ColorConvertOp(null).filter(bi, converted);
    return converted;
  }

  private static int maxComponentBits(ColorModel cm) {
    int max = 0;
    for (int b = 0; b < cm.getNumComponents(); b++) {
      max = Math.max(max, cm.getComponentSize(b));
    }
    return max;
  }

  static BufferedImage toBufferedImage(Image image) {
    int w = image.width();
    int h = image.height();
    int c = image.channels();
    int type =
        switch (c) {
          case 1 -> BufferedImage.TYPE_BYTE_GRAY;
          case 3 -> BufferedImage.TYPE_3BYTE_BGR;
          case 4 -> BufferedImage.TYPE_4BYTE_ABGR;
          default ->
              throw new IllegalArgumentException(
                  "PNG output needs 1, 3 or 4 channels, the image has " + c);
        };
    BufferedImage bi = new BufferedImage(w, h, type);
    WritableRaster r = bi.getRaster();
    float[] data = image.data();
    int[] row = new int[w * c];
    for (int y = 0; y < h; y++) {
      int base = y * w * c;
      for (int i = 0; i < w * c; i++) {
        float v = data[base + i];
        boolean colour = c != 1 && (c != 4 || i % 4 != 3);
        row[i] = colour ? ColorTransfer.linearToSrgb8(v) : linearTo8(v);
      }
      r.setPixels(0, y, w, 1, row);
    }
    return bi;
  }

  /** {@code round(255 v)} clamped to 0..255; NaN gives 0. */
  private static int linearTo8(float v) {
    if (!(v > 0)) {
      return 0;
    }
    return v >= 1 ? 255 : Math.round(v * 255f);
  }
}
