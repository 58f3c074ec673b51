package dev.persona.splat.io;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The header of a PLY file (Turk 1994; the format Paul Bourke documents): the format line, the
 * elements in file order, each with a count and its properties, and where the body starts. Parsing
 * is strict about what it needs and lenient about the rest: comments and {@code obj_info} lines are
 * skipped, any element and property names are accepted.
 */
record PlyHeader(PlyHeader.Encoding encoding, List<PlyHeader.Element> elements, int bodyOffset) {

  /** Longest header accepted; a 3DGS header of degree 3 with features is under 2 KB. */
  static final int MAX_HEADER_BYTES = 1 << 20;

  /** How the body is stored. */
  enum Encoding {
    ASCII,
    BINARY_LITTLE_ENDIAN,
    BINARY_BIG_ENDIAN;

    ByteOrder byteOrder() {
      return this == BINARY_BIG_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
  }

  /** A scalar property type, with both spellings the PLY literature uses. */
  enum Type {
    INT8(1, "char", "int8"),
    UINT8(1, "uchar", "uint8"),
    INT16(2, "short", "int16"),
    UINT16(2, "ushort", "uint16"),
    INT32(4, "int", "int32"),
    UINT32(4, "uint", "uint32"),
    FLOAT32(4, "float", "float32"),
    FLOAT64(8, "double", "float64");

    final int bytes;
    private final String name;
    private final String alias;

    Type(int bytes, String name, String alias) {
      this.bytes = bytes;
      this.name = name;
      this.alias = alias;
    }

    static Type parse(String text) {
      for (Type t : values()) {
        if (t.name.equals(text) || t.alias.equals(text)) {
          return t;
        }
      }
      return null;
    }
  }

  /**
   * One property: a scalar of {@code type}, or a list ({@code countType} not null) of {@code type}.
   */
  record Property(String name, Type type, Type countType) {
    boolean isList() {
      return countType != null;
    }
  }

  /** One element: {@code count} records of {@code properties}. */
  record Element(String name, long count, List<Property> properties) {
    boolean hasList() {
      for (Property p : properties) {
        if (p.isList()) {
          return true;
        }
      }
      return false;
    }

    /** Bytes per binary record; only for elements without list properties. */
    int recordBytes() {
      int n = 0;
      for (Property p : properties) {
        n += p.type().bytes;
      }
      return n;
    }

    int indexOf(String property) {
      for (int i = 0; i < properties.size(); i++) {
        if (properties.get(i).name().equals(property)) {
          return i;
        }
      }
      return -1;
    }
  }

  /**
   * Reads and parses the header from the start of {@code in}, consuming exactly the header's bytes
   * (up to and including the newline after {@code end_header}).
   *
   * @param source names the file in error messages
   * @throws InvalidInputException WRONG_FORMAT when the file does not start with {@code ply};
   *     MALFORMED for a header line that does not parse, a duplicate property or a header with no
   *     {@code end_header} within {@link #MAX_HEADER_BYTES}; UNSUPPORTED for an unknown format or
   *     property type
   */
  static PlyHeader read(InputStream in, String source) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int offset = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (lines.isEmpty() && line.isEmpty()) {
          throw new InvalidInputException(Reason.WRONG_FORMAT, source + ": empty file, not a PLY");
        }
        throw new InvalidInputException(
            Reason.MALFORMED, source + ": the PLY header has no end_header line");
      }
      offset++;
      if (offset > MAX_HEADER_BYTES) {
        throw new InvalidInputException(
            Reason.MALFORMED,
            source + ": no end_header within the first " + MAX_HEADER_BYTES + " bytes");
      }
      if (b == '\n') {
        String text = line.toString().strip();
        line.setLength(0);
        if (lines.isEmpty() && !text.equals("ply")) {
          throw new InvalidInputException(
              Reason.WRONG_FORMAT, source + ": not a PLY file (it does not start with 'ply')");
        }
        lines.add(text);
        if (text.equals("end_header")) {
          break;
        }
      } else {
        if (lines.isEmpty() && line.length() >= 3 && !line.toString().startsWith("ply")) {
          throw new InvalidInputException(
              Reason.WRONG_FORMAT, source + ": not a PLY file (it does not start with 'ply')");
        }
        line.append((char) b);
      }
    }
    return parse(lines, offset, source);
  }

  private static PlyHeader parse(List<String> lines, int bodyOffset, String source) {
    Encoding encoding = null;
    List<String> elementNames = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    List<List<Property>> properties = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < lines.size() - 1; i++) {
      String text = lines.get(i);
      String[] words = text.split("\\s+");
      String where = source + ", PLY header line " + (i + 1) + " '" + text + "'";
      switch (words[0]) {
        case "", "comment", "obj_info" -> {}
        case "format" -> {
          if (words.length != 3) {
            throw malformed(where, "expected 'format <encoding> 1.0'");
          }
          encoding =
              switch (words[1]) {
                case "ascii" -> Encoding.ASCII;
                case "binary_little_endian" -> Encoding.BINARY_LITTLE_ENDIAN;
                case "binary_big_endian" -> Encoding.BINARY_BIG_ENDIAN;
                default ->
                    throw new InvalidInputException(
                        Reason.UNSUPPORTED, where + ": unknown PLY format '" + words[1] + "'");
              };
          if (!words[2].equals("1.0")) {
            throw new InvalidInputException(
                Reason.UNSUPPORTED, where + ": PLY version " + words[2] + ", only 1.0 is defined");
          }
        }
        case "element" -> {
          if (words.length != 3) {
            throw malformed(where, "expected 'element <name> <count>'");
          }
          long count;
          try {
            count = Long.parseLong(words[2]);
          } catch (NumberFormatException e) {
            throw malformed(where, "the element count is not a whole number");
          }
          if (count < 0) {
            throw malformed(where, "negative element count");
          }
          elementNames.add(words[1]);
          counts.add(count);
          properties.add(new ArrayList<>());
          seen.clear();
        }
        case "property" -> {
          if (properties.isEmpty()) {
            throw malformed(where, "a property before any element");
          }
          Property p;
          if (words.length == 5 && words[1].equals("list")) {
            p = new Property(words[4], type(words[3], where), type(words[2], where));
          } else if (words.length == 3) {
            p = new Property(words[2], type(words[1], where), null);
          } else {
            throw malformed(
                where, "expected 'property <type> <name>' or 'property list <type> <type> <name>'");
          }
          if (!seen.add(p.name())) {
            throw malformed(where, "property '" + p.name() + "' appears twice");
          }
          properties.getLast().add(p);
        }
        default -> throw malformed(where, "unknown keyword '" + words[0] + "'");
      }
    }
    if (encoding == null) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": the PLY header has no format line");
    }
    List<Element> elements = new ArrayList<>();
    for (int e = 0; e < elementNames.size(); e++) {
      elements.add(new Element(elementNames.get(e), counts.get(e), List.copyOf(properties.get(e))));
    }
    return new PlyHeader(encoding, List.copyOf(elements), bodyOffset);
  }

  private static Type type(String text, String where) {
    Type t = Type.parse(text.toLowerCase(Locale.ROOT));
    if (t == null) {
      throw new InvalidInputException(
          Reason.UNSUPPORTED, where + ": unknown PLY property type '" + text + "'");
    }
    return t;
  }

  private static InvalidInputException malformed(String where, String problem) {
    return new InvalidInputException(Reason.MALFORMED, where + ": " + problem);
  }

  /** The header bytes for {@code text} (PLY headers are ASCII). */
  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
