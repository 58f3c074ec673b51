package dev.persona.splat.nn;

/**
 * A named slice of a flat parameter array: elements {@code [offset, offset + length)}. Lets an
 * optimiser or a checkpoint treat a whole network as one {@code float[]} while code and people
 * still address its parts by name.
 *
 * @param name dotted name, e.g. {@code "linear0.weight"}
 * @param offset first element in the flat array
 * @param length number of elements
 */
public record ParameterView(String name, int offset, int length) {
  public ParameterView {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative offset or length in view " + name);
    }
  }

  /** One past the last element. */
  public int end() {
    return offset + length;
  }
}
