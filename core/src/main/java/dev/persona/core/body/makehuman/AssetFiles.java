package dev.persona.core.body.makehuman;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Locating and parsing the MakeHuman asset files, with errors that name the file. */
final class AssetFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AssetFiles() {}

  /**
   * The file {@code relative} under {@code assetsDir}.
   *
   * @throws InvalidInputException {@code NOT_FOUND} naming the file when it is not a regular file
   */
  static Path require(Path assetsDir, String relative) {
    Path file = assetsDir.resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(Reason.NOT_FOUND, "MakeHuman asset file not found: " + file);
    }
    return file;
  }

  /**
   * Parses a JSON file into a tree.
   *
   * @throws InvalidInputException {@code NOT_FOUND} when the file is missing, {@code MALFORMED}
   *     naming the file when it is not valid JSON
   */
  static JsonNode readJson(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      JsonNode root = JSON.readTree(in);
      if (root == null || root.isMissingNode()) {
        throw malformed(file, "empty file");
      }
      return root;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          Reason.NOT_FOUND, "MakeHuman asset file not found: " + file, e);
    } catch (JacksonException e) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "MakeHuman asset " + file + " is not valid JSON: " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** A {@code MALFORMED} error naming the file and what is wrong with it. */
  static InvalidInputException malformed(Path file, String problem) {
    return new InvalidInputException(
        Reason.MALFORMED, "MakeHuman asset " + file + " is malformed: " + problem);
  }

  /** The object member {@code name} of {@code node}, which must be a JSON object. */
  static JsonNode object(JsonNode node, String name, Path file) {
    JsonNode child = node.get(name);
    if (child == null || !child.isObject()) {
      throw malformed(file, "\"" + name + "\" must be a JSON object");
    }
    return child;
  }

  /** A finite number, or a {@code MALFORMED} error naming {@code what}. */
  static double number(JsonNode node, String what, Path file) {
    if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble())) {
      throw malformed(file, what + " must be a finite number");
    }
    return node.asDouble();
  }

  /** An array of exactly three finite numbers, or a {@code MALFORMED} error naming {@code what}. */
  static double[] vector3(JsonNode node, String what, Path file) {
    if (node == null || !node.isArray() || node.size() != 3) {
      throw malformed(file, what + " must be an array of three numbers");
    }
    return new double[] {
      number(node.get(0), what, file),
      number(node.get(1), what, file),
      number(node.get(2), what, file)
    };
  }
}
