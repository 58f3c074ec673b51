package dev.persona.core.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the subset of Python literal syntax that {@code .npy} headers use: dicts with string keys,
 * strings, {@code True}/{@code False}, integers (with the {@code L} suffix Python 2 wrote), and
 * tuples or lists. Produces {@code Map<String, Object>}, {@code String}, {@code Boolean}, {@code
 * Long} and {@code List<Object>}. Anything else is an {@link IllegalArgumentException}, as is
 * nesting deeper than {@link #MAX_DEPTH} (a hostile header cannot exhaust the stack).
 */
final class PyLiteralParser {
  static final int MAX_DEPTH = 16;

  private final String s;
  private int pos;

  PyLiteralParser(String s) {
    this.s = s;
  }

  /** One literal, then only whitespace to the end. */
  Object parseTopLevel() {
    Object v = value(0);
    skipSpace();
    if (pos != s.length()) {
      throw error("unexpected text after the literal");
    }
    return v;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    skipSpace();
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(pos);
    return switch (c) {
      case '{' -> dict(depth);
      case '(' -> sequence(')', depth);
      case '[' -> sequence(']', depth);
      case '\'', '"' -> string();
      default -> {
        if (c == '-' || c == '+' || (c >= '0' && c <= '9')) {
          yield integer();
        }
        if (s.startsWith("True", pos)) {
          pos += 4;
          yield Boolean.TRUE;
        }
        if (s.startsWith("False", pos)) {
          pos += 5;
          yield Boolean.FALSE;
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, Object> dict(int depth) {
    pos++; // '{'
    Map<String, Object> map = new LinkedHashMap<>();
    while (true) {
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      Object key = value(depth + 1);
      if (!(key instanceof String k)) {
        throw error("dict key is not a string");
      }
      skipSpace();
      expect(':');
      map.put(k, value(depth + 1));
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> sequence(char close, int depth) {
    pos++; // '(' or '['
    List<Object> list = new ArrayList<>();
    while (true) {
      skipSpace();
      if (peek() == close) {
        pos++;
        return list;
      }
      list.add(value(depth + 1));
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else if (peek() != close) {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  private String string() {
    char quote = s.charAt(pos++);
    StringBuilder b = new StringBuilder();
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == quote) {
        return b.toString();
      }
      if (c == '\\' && pos < s.length()) {
        c = s.charAt(pos++);
      }
      b.append(c);
    }
    throw error("unterminated string");
  }

  private Long integer() {
    int start = pos;
    if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
      pos++;
    }
    int digits = pos;
    while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
      pos++;
    }
    if (pos == digits) {
      throw error("expected digits");
    }
    String text = s.substring(start, pos);
    if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
      pos++;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw error("integer out of range: " + text);
    }
  }

  private char peek() {
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + pos);
  }
}
