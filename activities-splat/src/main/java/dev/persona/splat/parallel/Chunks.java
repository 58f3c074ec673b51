package dev.persona.splat.parallel;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs a body over a fixed partition of {@code [0, count)} into chunks of a fixed size, in
 * parallel. Results stay bit-identical for any thread count because the partition depends only on
 * {@code count} and the chunk size, and every chunk writes only its own elements: no chunk ever
 * reduces into shared state.
 */
public final class Chunks {
  private Chunks() {}

  /**
   * Calls {@code body.accept(c)} for chunk indices {@code c} in {@code [0, ceil(count /
   * chunkSize))}, possibly concurrently; runs inline when there is a single chunk.
   */
  public static void forEach(int count, int chunkSize, IntConsumer body) {
    int chunks = (count + chunkSize - 1) / chunkSize;
    if (chunks <= 1) {
      for (int c = 0; c < chunks; c++) {
        body.accept(c);
      }
      return;
    }
    IntStream.range(0, chunks).parallel().forEach(body);
  }
}
