package dev.persona.splat.io;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.io.InputStream;

/**
 * Whitespace-separated tokens of an ASCII PLY body. ASCII splat files are rare and small (a
 * conversion aid, not a working format), so one string per value is acceptable here.
 */
final class AsciiTokens {
  /** Longest token accepted; a float needs a few dozen characters at most. */
  private static final int MAX_TOKEN = 256;

  private final InputStream in;
  private final String source;
  private final StringBuilder token = new StringBuilder();

  AsciiTokens(InputStream in, String source) {
    this.in = in;
    this.source = source;
  }

  /** The next token, or null at the end of the stream. */
  String next() throws IOException {
    int b = in.read();
    while (b >= 0 && Character.isWhitespace(b)) {
      b = in.read();
    }
    if (b < 0) {
      return null;
    }
    token.setLength(0);
    while (b >= 0 && !Character.isWhitespace(b)) {
      if (token.length() == MAX_TOKEN) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            source + ": ASCII PLY value longer than " + MAX_TOKEN + " characters");
      }
      token.append((char) b);
      b = in.read();
    }
    return token.toString();
  }

  /** Skips {@code lines} lines (the records of an ASCII element, one per line). */
  static void skipLines(InputStream in, long lines, String source) throws IOException {
    for (long l = 0; l < lines; l++) {
      int b = in.read();
      while (b >= 0 && b != '\n') {
        b = in.read();
      }
      if (b < 0) {
        throw new InvalidInputException(
            Reason.CORRUPT, source + ": truncated in an element before the vertices");
      }
    }
  }
}
