package dev.persona.splat.raster;

import java.util.Arrays;

/**
 * A minimal reverse-mode automatic differentiation tape over doubles, for the reference rasterizer:
 * every operation records its value and the local partial derivatives with respect to its (at most
 * two) operands, and {@link #propagate} runs the chain rule backwards over a range of nodes. Nodes
 * are ints (their index). Branches (clamps, cut-offs) are taken on values by the caller, so the
 * tape records the function actually evaluated, as reverse-mode AD in PyTorch does for gsplat's
 * {@code _torch_impl}.
 *
 * <p>{@link #mark()} and {@link #truncate(int)} let the caller record a pixel, propagate it, and
 * drop its nodes, so that memory stays at one pixel's worth on top of the per-Gaussian part.
 */
final class Tape {
  private static final int NONE = -1;

  private double[] value = new double[1024];
  private double[] adjoint = new double[1024];
  private int[] parentA = new int[1024];
  private int[] parentB = new int[1024];
  private double[] partialA = new double[1024];
  private double[] partialB = new double[1024];
  private int size;

  /** A leaf: an input or a constant. */
  int leaf(double v) {
    return push(v, NONE, 0, NONE, 0);
  }

  double value(int node) {
    return value[node];
  }

  double adjoint(int node) {
    return adjoint[node];
  }

  int mark() {
    return size;
  }

  /** Drops the nodes from {@code mark} on, clearing their adjoints. */
  void truncate(int mark) {
    Arrays.fill(adjoint, mark, size, 0.0);
    size = mark;
  }

  /** Adds {@code g} to a node's adjoint (seeds dL/dnode). */
  void seed(int node, double g) {
    adjoint[node] += g;
  }

  /**
   * Runs the chain rule over nodes {@code [from, to)} from last to first, adding each node's
   * adjoint times its partials to its operands' adjoints (operands may lie before {@code from}).
   */
  void propagate(int from, int to) {
    for (int n = to - 1; n >= from; n--) {
      double a = adjoint[n];
      if (a == 0) {
        continue;
      }
      if (parentA[n] != NONE) {
        adjoint[parentA[n]] += a * partialA[n];
      }
      if (parentB[n] != NONE) {
        adjoint[parentB[n]] += a * partialB[n];
      }
    }
  }

  int add(int x, int y) {
    return push(value[x] + value[y], x, 1, y, 1);
  }

  int sub(int x, int y) {
    return push(value[x] - value[y], x, 1, y, -1);
  }

  int mul(int x, int y) {
    return push(value[x] * value[y], x, value[y], y, value[x]);
  }

  int div(int x, int y) {
    double vy = value[y];
    return push(value[x] / vy, x, 1 / vy, y, -value[x] / (vy * vy));
  }

  int addConstant(int x, double c) {
    return push(value[x] + c, x, 1, NONE, 0);
  }

  int scale(int x, double c) {
    return push(value[x] * c, x, c, NONE, 0);
  }

  int exp(int x) {
    double e = Math.exp(value[x]);
    return push(e, x, e, NONE, 0);
  }

  int sqrt(int x) {
    double r = Math.sqrt(value[x]);
    return push(r, x, 0.5 / r, NONE, 0);
  }

  int square(int x) {
    return push(value[x] * value[x], x, 2 * value[x], NONE, 0);
  }

  private int push(double v, int a, double da, int b, double db) {
    if (size == value.length) {
      int cap = size * 2;
      value = Arrays.copyOf(value, cap);
      adjoint = Arrays.copyOf(adjoint, cap);
      parentA = Arrays.copyOf(parentA, cap);
      parentB = Arrays.copyOf(parentB, cap);
      partialA = Arrays.copyOf(partialA, cap);
      partialB = Arrays.copyOf(partialB, cap);
    }
    value[size] = v;
    parentA[size] = a;
    partialA[size] = da;
    parentB[size] = b;
    partialB[size] = db;
    return size++;
  }
}
