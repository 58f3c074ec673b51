package dev.persona.core.dataset.synth;

/**
 * Stateless seeded hashing for procedural patterns: the same inputs give the same values on every
 * machine and thread, so textures are reproducible and can be evaluated in any order.
 */
final class Hashing {
  private Hashing() {}

  /** SplitMix64's finaliser (Steele, Lea and Flood, OOPSLA 2014): a well-mixed 64-bit hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A hash of a seed and two lattice coordinates. */
  static long hash(long seed, long i, long j) {
    return mix(mix(mix(seed) + i) + j);
  }

  /** A uniform value in [0, 1) from a hash. */
  static double unit(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }

  /** Value noise in [0, 1]: lattice values at integer points, smoothstep-interpolated between. */
  static double noise(long seed, double x, double y) {
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    long i = (long) fx;
    long j = (long) fy;
    double tx = x - fx;
    double ty = y - fy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    double a = unit(hash(seed, i, j));
    double b = unit(hash(seed, i + 1, j));
    double c = unit(hash(seed, i, j + 1));
    double d = unit(hash(seed, i + 1, j + 1));
    return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty;
  }
}
