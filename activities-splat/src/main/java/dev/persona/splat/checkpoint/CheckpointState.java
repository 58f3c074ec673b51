package dev.persona.splat.checkpoint;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The state of a training run as named values, in insertion order: float arrays (parameters,
 * optimiser moments), long arrays (random-generator state) and long and int scalars (iteration,
 * counters). Arrays are stored as given, not copied: build the state just before encoding and
 * restore from it right after decoding.
 *
 * <p>Names are 1-200 characters of {@code [A-Za-z0-9_.-]}; names starting with {@code checkpoint.}
 * are reserved for the codec's own entries.
 */
public final class CheckpointState {
  /** Prefix of the names the codec uses itself. */
  public static final String RESERVED_PREFIX = "checkpoint.";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,200}");

  private final Map<String, Object> values = new LinkedHashMap<>();

  /** Adds a float array {@code [n]} (not copied). */
  public CheckpointState putFloats(String name, float[] value) {
    return put(name, value);
  }

  /** Adds a long array {@code [n]} (not copied). */
  public CheckpointState putLongs(String name, long[] value) {
    return put(name, value);
  }

  public CheckpointState putLong(String name, long value) {
    return put(name, value);
  }

  public CheckpointState putInt(String name, int value) {
    return put(name, value);
  }

  private CheckpointState put(String name, Object value) {
    checkName(name);
    if (name.startsWith(RESERVED_PREFIX)) {
      throw new IllegalArgumentException(
          "names starting with " + RESERVED_PREFIX + " are reserved");
    }
    if (value == null) {
      throw new IllegalArgumentException("null value for " + name);
    }
    if (values.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("duplicate checkpoint entry " + name);
    }
    return this;
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad checkpoint entry name: " + name);
    }
  }

  /** Adds a decoded value without the reserved-name check. */
  void putDecoded(String name, Object value) {
    values.put(name, value);
  }

  /** The names in insertion order. */
  public List<String> names() {
    return new ArrayList<>(values.keySet());
  }

  public boolean contains(String name) {
    return values.containsKey(name);
  }

  /**
   * The float array named {@code name} (not a copy).
   *
   * @throws InvalidInputException MALFORMED when there is none: a checkpoint missing an entry the
   *     run needs is bad input
   */
  public float[] floats(String name) {
    return get(name, float[].class, "a float array");
  }

  /** The long array named {@code name} (not a copy); MALFORMED when there is none. */
  public long[] longs(String name) {
    return get(name, long[].class, "a long array");
  }

  /** The long named {@code name}; MALFORMED when there is none. */
  public long longValue(String name) {
    return get(name, Long.class, "a long");
  }

  /** The int named {@code name}; MALFORMED when there is none. */
  public int intValue(String name) {
    return get(name, Integer.class, "an int");
  }

  /**
   * Copies the float array named {@code name} into {@code target}, which must have its length
   * (restoring parameters or moments in place).
   *
   * @throws InvalidInputException MALFORMED when missing or of another length
   */
  public void copyFloatsInto(String name, float[] target) {
    float[] source = floats(name);
    if (source.length != target.length) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "checkpoint entry '"
              + name
              + "' has "
              + source.length
              + " values, the run expects "
              + target.length);
    }
    System.arraycopy(source, 0, target, 0, source.length);
  }

  Map<String, Object> values() {
    return values;
  }

  private <T> T get(String name, Class<T> type, String what) {
    Object v = values.get(name);
    if (!type.isInstance(v)) {
      throw new InvalidInputException(
          Reason.MALFORMED,
          "checkpoint has no "
              + what
              + " named '"
              + name
              + "'"
              + (v == null ? "" : " (other type)"));
    }
    return type.cast(v);
  }
}
