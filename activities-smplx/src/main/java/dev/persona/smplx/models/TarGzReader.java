package dev.persona.smplx.models;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads a gzip-compressed tar stream entry by entry: the ustar subset npm tarballs use (regular
 * files with names up to 255 characters through the ustar prefix; pax and GNU long-name headers are
 * skipped or honoured). Not a general archiver: links, sparse files and devices are skipped.
 */
final class TarGzReader implements AutoCloseable {
  private static final int BLOCK = 512;

  /** One regular file's name (as stored, e.g. {@code package/pose.js}) and size in bytes. */
  record Entry(String name, long size) {}

  private final InputStream in;
  private long remaining;
  private long padding;
  private boolean finished;

  TarGzReader(InputStream compressed) throws IOException {
    this.in = new GZIPInputStream(compressed, 1 << 16);
  }

  /** The next regular file, positioned so that {@link #content()} reads its bytes; null at end. */
  Entry next() throws IOException {
    skipFully(remaining + padding);
    remaining = 0;
    padding = 0;
    String longName = null;
    while (!finished) {
      byte[] header = in.readNBytes(BLOCK);
      if (header.length == 0) {
        finished = true;
        break;
      }
      if (header.length < BLOCK) {
        throw new EOFException("tar stream ends inside a header");
      }
      if (isZero(header)) {
        finished = true;
        break;
      }
      long size = parseOctal(header, 124, 12);
      long pad = (BLOCK - size % BLOCK) % BLOCK;
      byte type = header[156];
      if (type == 'L') {
        // GNU long name: the next entry's name is this entry's content.
        longName = trimNul(new String(readExactly(size), StandardCharsets.UTF_8));
        skipFully(pad);
        continue;
      }
      if (type != '0' && type != 0) {
        skipFully(size + pad);
        longName = null;
        continue;
      }
      String name = longName != null ? longName : headerName(header);
      remaining = size;
      padding = pad;
      return new Entry(name, size);
    }
    return null;
  }

  /** The current entry's bytes (at most {@code Integer.MAX_VALUE - 8}). */
  byte[] content() throws IOException {
    if (remaining > Integer.MAX_VALUE - 8) {
      throw new IOException("tar entry too large to hold in memory: " + remaining + " bytes");
    }
    byte[] bytes = readExactly(remaining);
    remaining = 0;
    return bytes;
  }

  private byte[] readExactly(long size) throws IOException {
    byte[] bytes = in.readNBytes((int) size);
    if (bytes.length != size) {
      throw new EOFException("tar entry truncated: " + bytes.length + " of " + size + " bytes");
    }
    return bytes;
  }

  private void skipFully(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("tar stream ends inside an entry");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static String headerName(byte[] header) {
    String name = field(header, 0, 100);
    String magic = field(header, 257, 6);
    if (magic.startsWith("ustar")) {
      String prefix = field(header, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String trimNul(String s) {
    int i = s.indexOf('\0');
    return i < 0 ? s : s.substring(0, i);
  }

  static long parseOctal(byte[] header, int offset, int length) throws IOException {
    if ((header[offset] & 0x80) != 0) {
      // base-256 (GNU) encoding for large sizes
      long value = header[offset] & 0x7f;
      for (int i = 1; i < length; i++) {
        value = (value << 8) | (header[offset + i] & 0xff);
      }
      return value;
    }
    long value = 0;
    for (int i = offset; i < offset + length; i++) {
      byte b = header[i];
      if (b == 0 || b == ' ') {
        if (value > 0) {
          break;
        }
        continue;
      }
      if (b < '0' || b > '7') {
        throw new IOException("bad octal number in tar header");
      }
      value = value * 8 + (b - '0');
    }
    return value;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
