package dev.persona.core.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads the two EXIF fields Persona uses (orientation, 35 mm focal length) from a JPEG's APP1
 * segment. Walks the marker segments up to the start of scan, so it reads only the file's head.
 * Metadata is best effort: anything missing or malformed yields {@link PhotoMetadata#NONE} fields,
 * never an exception (the pixel decoder reports a broken file).
 *
 * <p>Layout (EXIF 2.32, sec. 4.5 and 4.6): APP1 = {@code "Exif\0\0"} + a TIFF structure (byte order
 * {@code II}/{@code MM}, 42, offset of IFD0); IFD0 holds Orientation (0x0112) and a pointer to the
 * Exif IFD (0x8769), which holds FocalLengthIn35mmFilm (0xA405).
 */
final class ExifReader {
  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TAG_EXIF_IFD = 0x8769;
  private static final int TAG_FOCAL_35MM = 0xA405;
  private static final int TYPE_SHORT = 3;
  private static final int TYPE_LONG = 4;

  private ExifReader() {}

  /** The metadata of the JPEG in {@code in}, or {@link PhotoMetadata#NONE} for other files. */
  static PhotoMetadata read(InputStream in) throws IOException {
    if (in.read() != 0xFF || in.read() != 0xD8) {
      return PhotoMetadata.NONE;
    }
    while (true) {
      int b = in.read();
      if (b != 0xFF) {
        return PhotoMetadata.NONE;
      }
      int marker = in.read();
      while (marker == 0xFF) { // fill bytes
        marker = in.read();
      }
      if (marker < 0 || marker == 0xDA || marker == 0xD9) { // end of file, start of scan, EOI
        return PhotoMetadata.NONE;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // standalone markers
        continue;
      }
      int hi = in.read();
      int lo = in.read();
      if (lo < 0) {
        return PhotoMetadata.NONE;
      }
      int length = (hi << 8 | lo) - 2;
      if (length < 0) {
        return PhotoMetadata.NONE;
      }
      if (marker == 0xE1 && length >= 6) {
        byte[] payload = in.readNBytes(length);
        if (payload.length == length
            && payload[0] == 'E'
            && payload[1] == 'x'
            && payload[2] == 'i'
            && payload[3] == 'f'
            && payload[4] == 0
            && payload[5] == 0) {
          return parseTiff(payload, 6);
        }
      } else {
        try {
          in.skipNBytes(length);
        } catch (EOFException e) {
          return PhotoMetadata.NONE;
        }
      }
    }
  }

  /** Parses the TIFF structure starting at {@code base} in {@code b}; offsets are from base. */
  static PhotoMetadata parseTiff(byte[] b, int base) {
    Tiff t = new Tiff(b, base);
    if (!t.valid()) {
      return PhotoMetadata.NONE;
    }
    long ifd0 = t.u32(4);
    int orientation = 1;
    Optional<Double> focal = Optional.empty();
    long v = t.findShortOrLong(ifd0, TAG_ORIENTATION);
    if (v >= 1 && v <= 8) {
      orientation = (int) v;
    }
    long exifIfd = t.findShortOrLong(ifd0, TAG_EXIF_IFD);
    if (exifIfd > 0) {
      long f = t.findShortOrLong(exifIfd, TAG_FOCAL_35MM);
      if (f > 0) { // 0 means "unknown" in EXIF
        focal = Optional.of((double) f);
      }
    }
    return new PhotoMetadata(orientation, focal);
  }

  /** Bounds-checked reads from a TIFF structure in either byte order. */
  private static final class Tiff {
    private final byte[] b;
    private final int base;
    private final boolean little;

    Tiff(byte[] b, int base) {
      this.b = b;
      this.base = base;
      this.little = b.length >= base + 2 && b[base] == 'I' && b[base + 1] == 'I';
    }

    boolean valid() {
      if (b.length < base + 8) {
        return false;
      }
      boolean big = b[base] == 'M' && b[base + 1] == 'M';
      return (little || big) && u16(2) == 42;
    }

    private boolean inside(long offset, int n) {
      return offset >= 0 && base + offset + n <= b.length;
    }

    int u16(long offset) {
      int p = (int) (base + offset);
      int b0 = b[p] & 0xFF;
      int b1 = b[p + 1] & 0xFF;
      return little ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    long u32(long offset) {
      long lo = u16(offset);
      long hi = u16(offset + 2);
      return little ? lo | hi << 16 : lo << 16 | hi;
    }

    /** The value of a single SHORT or LONG entry {@code tag} in the IFD at {@code ifd}, or -1. */
    long findShortOrLong(long ifd, int tag) {
      if (!inside(ifd, 2)) {
        return -1;
      }
      int count = u16(ifd);
      for (int i = 0; i < count; i++) {
        long e = ifd + 2 + 12L * i;
        if (!inside(e, 12)) {
          return -1;
        }
        if (u16(e) != tag || u32(e + 4) != 1) {
          continue;
        }
        int type = u16(e + 2);
        if (type == TYPE_SHORT) {
          return u16(e + 8);
        }
        if (type == TYPE_LONG) {
          return u32(e + 8);
        }
        return -1;
      }
      return -1;
    }
  }
}
