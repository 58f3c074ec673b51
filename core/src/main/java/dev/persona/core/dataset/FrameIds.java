package dev.persona.core.dataset;

import dev.persona.core.InvalidInputException;
import dev.persona.core.InvalidInputException.Reason;

/** Frame ids of the dataset layout: exactly five decimal digits, {@code 00000} to {@code 99999}. */
public final class FrameIds {
  private FrameIds() {}

  /** The largest frame number a five-digit id can hold. */
  public static final int MAX = 99_999;

  /** The id of frame number {@code index}, zero-padded to five digits. */
  public static String of(int index) {
    if (index < 0 || index > MAX) {
      throw new IllegalArgumentException("frame number must be in 0.." + MAX + ", got " + index);
    }
    String digits = Integer.toString(index);
    return "00000".substring(digits.length()) + digits;
  }

  /** Whether {@code id} is five ASCII digits. */
  public static boolean isValid(String id) {
    if (id == null || id.length() != 5) {
      return false;
    }
    for (int i = 0; i < 5; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code id} when valid.
   *
   * @throws InvalidInputException MALFORMED naming {@code source} otherwise
   */
  public static String check(String id, String source) {
    if (!isValid(id)) {
      throw new InvalidInputException(
          Reason.MALFORMED, source + ": frame id \"" + id + "\" is not five digits (e.g. 00012)");
    }
    return id;
  }
}
