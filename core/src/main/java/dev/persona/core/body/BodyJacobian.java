package dev.persona.core.body;

/**
 * A dense Jacobian of chosen body points (joints or vertices) with respect to the body's
 * parameters, from {@link BodyDerivatives}: row-major {@code [rows x columns]}, {@code values[r *
 * columns + c]}.
 *
 * <p>Rows: {@code 3 i + axis} for the {@code i}-th requested point ({@code axis} 0..2 = x, y, z,
 * world frame, metres). Columns, in order: the pose ({@code J*3}, axis-angle radians, column {@code
 * 3 joint + axis}), the betas ({@code B}), the expression ({@code E}), {@code transl} (3). {@code
 * B} and {@code E} are the lengths the shaped body was given.
 *
 * @param rows {@code 3 *} number of points
 * @param columns {@code J*3 + B + E + 3}
 * @param values {@code [rows * columns]}, row-major
 * @param jointCount {@code J}
 * @param betaCount {@code B}
 * @param expressionCount {@code E}
 */
@SuppressWarnings("ArrayRecordComponent") // a buffer handed to solvers, compared by no one
public record BodyJacobian(
    int rows, int columns, double[] values, int jointCount, int betaCount, int expressionCount) {

  /** Column of pose component {@code axis} of {@code joint}. */
  public int poseColumn(int joint, int axis) {
    return joint * 3 + axis;
  }

  /** Column of beta {@code i}. */
  public int betaColumn(int i) {
    return jointCount * 3 + i;
  }

  /** Column of expression coefficient {@code i}. */
  public int expressionColumn(int i) {
    return jointCount * 3 + betaCount + i;
  }

  /** Column of {@code transl} component {@code axis}. */
  public int translColumn(int axis) {
    return jointCount * 3 + betaCount + expressionCount + axis;
  }

  /** The entry at {@code (row, column)}. */
  public double get(int row, int column) {
    return values[row * columns + column];
  }
}
