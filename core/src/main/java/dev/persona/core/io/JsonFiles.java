package dev.persona.core.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reading and writing the project's small JSON files (dataset descriptions, cameras, SMPL-X
 * parameters) with one configuration: duplicate keys are refused, files are size-guarded before
 * they are read, and output is pretty-printed with {@code \n} line ends on every platform so the
 * same content always gives the same bytes.
 */
public final class JsonFiles {
  private JsonFiles() {}

  /** Larger JSON files than this are refused before reading; ours are kilobytes to megabytes. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private static final ObjectWriter WRITER =
      MAPPER.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  /** The node factory for building documents to write. */
  public static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Reads a JSON file.
   *
   * @throws InvalidInputException NOT_FOUND when absent, TOO_LARGE beyond {@link
   *     #DEFAULT_MAX_BYTES}, MALFORMED when it is not valid JSON (the message names the file and
   *     the parser's location)
   */
  public static JsonNode read(Path file) {
    try {
      long size = Files.size(file);
      if (size > DEFAULT_MAX_BYTES) {
        throw new InvalidInputException(
            Reason.TOO_LARGE,
            file + ": " + size + " bytes, more than the " + DEFAULT_MAX_BYTES + " allowed");
      }
      return parse(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(Reason.NOT_FOUND, file + ": file not found", e);
    } catch (IOException e) {
      throw new InvalidInputException(Reason.NOT_FOUND, file + ": cannot read: " + e, e);
    }
  }

  /**
   * Parses JSON bytes; {@code source} names them in error messages.
   *
   * @throws InvalidInputException MALFORMED when the bytes are not one valid JSON value
   */
  public static JsonNode parse(byte[] json, String source) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new InvalidInputException(Reason.MALFORMED, source + ": empty, no JSON value");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidInputException(Reason.MALFORMED, source + ": cannot parse: " + e, e);
    }
  }

  /** The bytes {@link #write} writes: pretty-printed UTF-8 with a final newline. */
  public static byte[] toBytes(JsonNode node) {
    try {
      return (WRITER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree node always serialises", e);
    }
  }

  /**
   * Writes {@code node} to {@code file} atomically (see {@link AtomicFiles}), creating missing
   * parent folders.
   */
  public static void write(Path file, JsonNode node) throws IOException {
    byte[] bytes = toBytes(node);
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, out -> out.write(bytes));
  }

  /**
   * The numbers of a JSON array, flattened in reading order: {@code [1, 2, 3]}, {@code [[1, 2, 3]]}
   * and {@code [[1], [2], [3]]} all give {1, 2, 3}, which is how NumPy's C order flattens the
   * shapes (N), (1,N) and (N,1). Nesting deeper than {@value #MAX_NESTING} levels or more than
   * {@code maxCount} numbers is refused.
   *
   * @param what names the value in error messages, e.g. {@code "body_pose in f.json"}
   * @throws InvalidInputException MALFORMED when the node is not an array, an element is not a
   *     finite number, nesting is too deep, or there are more than {@code maxCount} numbers
   */
  public static double[] flatNumbers(JsonNode node, String what, int maxCount) {
    if (node == null || !node.isArray()) {
      throw new InvalidInputException(
          Reason.MALFORMED, what + ": expected an array of numbers, got " + describe(node));
    }
    NumberSink sink = new NumberSink(what, maxCount);
    sink.collect(node, 1);
    return Arrays.copyOf(sink.values, sink.count);
  }

  /** Arrays nest at most this deep in {@link #flatNumbers}: (1, 21, 3) needs 3. */
  public static final int MAX_NESTING = 4;

  /** A short description of a node's type for error messages. */
  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static final class NumberSink {
    private final String what;
    private final int maxCount;
    private double[] values = new double[16];
    private int count;

    NumberSink(String what, int maxCount) {
      this.what = what;
      this.maxCount = maxCount;
    }

    void collect(JsonNode array, int depth) {
      if (depth > MAX_NESTING) {
        throw new InvalidInputException(
            Reason.MALFORMED, what + ": arrays nested deeper than " + MAX_NESTING + " levels");
      }
      for (JsonNode element : array) {
        if (element.isArray()) {
          collect(element, depth + 1);
        } else if (element.isNumber()) {
          add(element.doubleValue());
        } else {
          throw new InvalidInputException(
              Reason.MALFORMED,
              what + ": element " + count + " is " + describe(element) + ", not a number");
        }
      }
    }

    private void add(double value) {
      if (!Double.isFinite(value)) {
        throw new InvalidInputException(
            Reason.MALFORMED, what + ": element " + count + " is not a finite number");
      }
      if (count == maxCount) {
        throw new InvalidInputException(
            Reason.MALFORMED, what + ": more than " + maxCount + " numbers");
      }
      if (count == values.length) {
        values = Arrays.copyOf(values, Math.min(maxCount, values.length * 2));
      }
      values[count++] = value;
    }
  }
}
