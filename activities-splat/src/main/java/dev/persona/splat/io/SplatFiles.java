package dev.persona.splat.io;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import dev.persona.splat.gaussian.Gaussians;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and writes Gaussians in the format named by the file's extension: {@code .ply} ({@link
 * PlyFormat}, lossless), {@code .splat} ({@link SplatFormat}) and {@code .spz} ({@link SpzFormat}),
 * the last two quantised for the web. The extension is matched case-insensitively.
 */
public final class SplatFiles {
  private SplatFiles() {}

  /** A splat file format. */
  public enum Format {
    PLY(".ply"),
    SPLAT(".splat"),
    SPZ(".spz");

    private final String extension;

    Format(String extension) {
      this.extension = extension;
    }

    /** The file extension, with its dot. */
    public String extension() {
      return extension;
    }

    /**
     * The format of a file by its extension.
     *
     * @throws InvalidInputException UNSUPPORTED naming the file and the known extensions
     */
    public static Format of(Path file) {
      Path name = file.getFileName();
      String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
      for (Format f : values()) {
        if (lower.endsWith(f.extension)) {
          return f;
        }
      }
      throw new InvalidInputException(
          Reason.UNSUPPORTED,
          file + ": unknown splat file extension; use .ply (3DGS), .splat or .spz");
    }
  }

  /**
   * Reads a splat file in the format of its extension.
   *
   * @throws InvalidInputException for an unknown extension or a malformed file (see each format)
   * @throws IOException when the file cannot be read
   */
  public static Gaussians read(Path file) throws IOException {
    return switch (Format.of(file)) {
      case PLY -> PlyFormat.read(file);
      case SPLAT -> SplatFormat.read(file);
      case SPZ -> SpzFormat.read(file);
    };
  }

  /**
   * Writes a splat file atomically in the format of its extension.
   *
   * @throws InvalidInputException for an unknown extension, or data the format cannot hold
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, Gaussians gaussians) throws IOException {
    switch (Format.of(file)) {
      case PLY -> PlyFormat.write(file, gaussians);
      case SPLAT -> SplatFormat.write(file, gaussians);
      case SPZ -> SpzFormat.write(file, gaussians);
    }
  }
}
