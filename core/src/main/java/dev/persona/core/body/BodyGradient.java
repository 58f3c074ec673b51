package dev.persona.core.body;

/**
 * The gradient of a scalar loss with respect to a body's parameters, from {@link
 * BodyDerivatives#backward}. A set of arrays the caller may keep or reuse.
 *
 * @param pose {@code [J*3]}: per joint axis-angle component, in the pose vector's order
 * @param betas {@code [B]}: as many as the shaped body was given
 * @param expression {@code [E]}: as many as the shaped body was given
 * @param transl {@code [3]}
 */
@SuppressWarnings("ArrayRecordComponent") // a gradient is a bundle of buffers, compared by no one
public record BodyGradient(double[] pose, double[] betas, double[] expression, double[] transl) {}
