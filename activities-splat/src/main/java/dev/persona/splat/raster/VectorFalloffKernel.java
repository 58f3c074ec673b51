package dev.persona.splat.raster;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FalloffKernel} on the Vector API: the JVM's preferred float vector (16 lanes with AVX-512,
 * a whole tile row; 8 with AVX2). Operation for operation the scalar kernel's arithmetic ({@link
 * ScalarFalloffKernel#exp} included), so both give the same bits.
 *
 * <p>Warm-up: until the JIT's optimising compiler has compiled it, Vector API code runs as plain
 * objects, about a hundred times slower than the scalar kernel (measured: 100,000 rows took 10 s on
 * a busy 2-core VM, then 4 ms). So the first instance starts a daemon thread that runs the kernel
 * on made-up rows until a batch runs at compiled speed, and {@link #evaluate} hands rows to the
 * scalar kernel until then. The two give the same bits, so when the switch happens changes no
 * result.
 */
final class VectorFalloffKernel implements FalloffKernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /** {@code 0, 1, 2, ...}: lane offsets. */
  private static final float[] LANES = new float[SPECIES.length()];

  static {
    for (int i = 0; i < LANES.length; i++) {
      LANES[i] = i;
    }
  }

  /** Rows per warm-up batch, and the batch time (ns per row) that counts as compiled. */
  private static final int WARM_UP_BATCH = 10_000;

  private static final double COMPILED_NANOS_PER_ROW = 500;

  /** The warm-up gives up (and the kernel stays scalar) after this many rows. */
  private static final int WARM_UP_MAX_ROWS = 5_000_000;

  private static final ScalarFalloffKernel SCALAR = new ScalarFalloffKernel();

  private static volatile boolean compiled;
  private static boolean warmUpStarted;

  VectorFalloffKernel() {
    startWarmUp();
  }

  private static synchronized void startWarmUp() {
    if (!warmUpStarted) {
      warmUpStarted = true;
      Thread thread = new Thread(VectorFalloffKernel::warmUp, "persona-vector-warm-up");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private static void warmUp() {
    float[] gauss = new float[MAX_RUN + SPECIES.length()];
    float sink = 0;
    int consecutive = 0;
    for (int rows = 0; rows < WARM_UP_MAX_ROWS && consecutive < 3; rows += WARM_UP_BATCH) {
      long start = System.nanoTime();
      for (int i = 0; i < WARM_UP_BATCH; i++) {
        evaluateVector(
            i & 1023,
            (i & 1023) + 5.3f,
            (i % 7) - 3.1f,
            0.4f,
            0.05f,
            0.3f,
            5f,
            1 + (i & 15),
            gauss);
        sink += gauss[0];
      }
      double perRow = (System.nanoTime() - start) / (double) WARM_UP_BATCH;
      consecutive = perRow < COMPILED_NANOS_PER_ROW ? consecutive + 1 : 0;
    }
    // sink keeps the loop's work observable; it is always positive.
    compiled = consecutive >= 3 && sink > 0;
  }

  /** Whether rows now run on the vector code (the warm-up has seen it compiled). */
  static boolean compiled() {
    return compiled;
  }

  @Override
  public void evaluate(
      int xStart,
      float meanX,
      float dy,
      float a,
      float b,
      float c,
      float limit,
      int count,
      float[] gauss) {
    if (compiled) {
      evaluateVector(xStart, meanX, dy, a, b, c, limit, count, gauss);
    } else {
      SCALAR.evaluate(xStart, meanX, dy, a, b, c, limit, count, gauss);
    }
  }

  /** The vector code itself, whatever the warm-up state ({@link FalloffKernel#evaluate}). */
  static void evaluateVector(
      int xStart,
      float meanX,
      float dy,
      float a,
      float b,
      float c,
      float limit,
      int count,
      float[] gauss) {
    float cdy2 = c * dy * dy;
    FloatVector lanes = FloatVector.fromArray(SPECIES, LANES, 0);
    for (int i = 0; i < count; i += SPECIES.length()) {
      // (xStart + i + lane) is a small integer, exact in float, as the scalar kernel's is.
      FloatVector dx = lanes.add((float) (xStart + i)).add(0.5f).sub(meanX);
      FloatVector power = dx.mul(a).mul(dx).add(cdy2).mul(0.5f).add(dx.mul(b).mul(dy));
      VectorMask<Float> outside = power.compare(VectorOperators.GT, limit);
      FloatVector value = exp(power.neg()).blend(0f, outside);
      value.intoArray(gauss, i);
    }
  }

  /** {@link ScalarFalloffKernel#exp}, lane-wise. */
  private static FloatVector exp(FloatVector argument) {
    FloatVector x = argument.max(MIN_ARGUMENT);
    IntVector n = (IntVector) x.mul(LOG2E).sub(0.5f).convert(VectorOperators.F2I, 0);
    FloatVector nf = (FloatVector) n.convert(VectorOperators.I2F, 0);
    FloatVector r = x.sub(nf.mul(LN2_HIGH)).sub(nf.mul(LN2_LOW));
    FloatVector r2 = r.mul(r);
    FloatVector p = r.mul(P0).add(P1);
    p = p.mul(r).add(P2);
    p = p.mul(r).add(P3);
    p = p.mul(r).add(P4);
    p = p.mul(r).add(P5);
    FloatVector y = p.mul(r2).add(r).add(1f);
    FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    return y.mul(scale);
  }

  @Override
  public int bufferLength() {
    return MAX_RUN + SPECIES.length();
  }
}
