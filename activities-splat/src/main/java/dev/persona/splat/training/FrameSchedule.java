package dev.persona.splat.training;

import java.util.SplittableRandom;

/**
 * PERSONA's balanced sampling (Sim &amp; Moon 2025, Sec. 3.4): which frame each iteration trains
 * on. A share {@code f} of the iterations uses the input photo, spread evenly (iteration i is a
 * photo iteration when {@code floor((i + 1) f) > floor(i f)}: with f = 0.5 every odd iteration, the
 * photo once per synthetic frame); the others walk through the synthetic frames in epochs, each
 * epoch a fresh random permutation of all M frames.
 *
 * <p>Counter-based: the frame of iteration i is a pure function of (seed, f, M, i). The permutation
 * of epoch e comes from a {@link SplittableRandom} seeded from (seed, e), so a resumed run needs no
 * generator state, only the iteration. Not thread-safe (it caches the last epoch's permutation).
 */
public final class FrameSchedule {
  /** The index {@link #frame} returns for the photo. */
  public static final int PHOTO = -1;

  /** Golden-ratio increment (SplittableRandom's own gamma) to spread epochs over seeds. */
  private static final long EPOCH_GAMMA = 0x9E3779B97F4A7C15L;

  private final long seed;
  private final double photoFraction;
  private final int syntheticCount;
  private final int[] permutation;
  private long cachedEpoch = -1;

  /**
   * @param seed the run's seed
   * @param photoFraction share of photo iterations, in [0, 1)
   * @param syntheticCount synthetic frames M, at least 1
   */
  public FrameSchedule(long seed, double photoFraction, int syntheticCount) {
    if (!(photoFraction >= 0 && photoFraction < 1)) {
      throw new IllegalArgumentException("photoFraction must be in [0, 1), got " + photoFraction);
    }
    if (syntheticCount < 1) {
      throw new IllegalArgumentException("need at least one synthetic frame");
    }
    this.seed = seed;
    this.photoFraction = photoFraction;
    this.syntheticCount = syntheticCount;
    this.permutation = new int[syntheticCount];
  }

  /** Whether iteration i (0-based) trains on the photo. */
  public boolean isPhoto(long i) {
    return photosBefore(i + 1) > photosBefore(i);
  }

  /** Photo iterations among the first {@code i}: {@code floor(i f)}. */
  public long photosBefore(long i) {
    return (long) Math.floor(i * photoFraction);
  }

  /**
   * The frame of iteration i: {@link #PHOTO}, or the index of a synthetic frame in [0, M).
   *
   * @param i 0-based iteration, at least 0
   */
  public int frame(long i) {
    if (i < 0) {
      throw new IllegalArgumentException("negative iteration " + i);
    }
    if (isPhoto(i)) {
      return PHOTO;
    }
    long s = i - photosBefore(i);
    long epoch = s / syntheticCount;
    if (epoch != cachedEpoch) {
      shuffle(epoch);
      cachedEpoch = epoch;
    }
    return permutation[(int) (s % syntheticCount)];
  }

  /** Fisher-Yates with a generator seeded from (seed, epoch) only. */
  private void shuffle(long epoch) {
    SplittableRandom random = new SplittableRandom(seed + (epoch + 1) * EPOCH_GAMMA);
    for (int k = 0; k < syntheticCount; k++) {
      permutation[k] = k;
    }
    for (int k = syntheticCount - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      int t = permutation[k];
      permutation[k] = permutation[j];
      permutation[j] = t;
    }
  }
}
