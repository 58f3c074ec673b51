package dev.persona.core.body;

/**
 * A body's identity and expression applied, before any pose: SMPL's shape blend and joint
 * regression (Loper et al. 2015, Eq. 8 and 10; SMPL-X adds the expression directions to the same
 * sum, Pavlakos et al. 2019, Eq. 1-2). Computed once per (betas, expression) by {@link
 * BodyRig#shape} and shared by every pose of that body; immutable by contract (the arrays are
 * exposed, never to be written).
 */
public final class ShapedBody {
  private final double[] betas;
  private final double[] expression;
  private final double[] restVertices;
  private final double[] restJoints;

  ShapedBody(double[] betas, double[] expression, double[] restVertices, double[] restJoints) {
    this.betas = betas;
    this.expression = expression;
    this.restVertices = restVertices;
    this.restJoints = restJoints;
  }

  /** The betas this body was shaped with, {@code [B]}, {@code B <= model.shapeCount()}. */
  public double[] betas() {
    return betas;
  }

  /** The expression coefficients, {@code [E]}, {@code E <= model.expressionCount()}. */
  public double[] expression() {
    return expression;
  }

  /**
   * {@code v_shaped = v_template + shapedirs . [betas, expression]}, {@code [V*3]} metres, model
   * frame (y up), rest pose.
   */
  public double[] restVertices() {
    return restVertices;
  }

  /** {@code J = J_regressor . v_shaped}, {@code [J*3]} metres, model frame, rest pose. */
  public double[] restJoints() {
    return restJoints;
  }
}
