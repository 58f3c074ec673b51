package dev.persona.splat.raster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of worker threads that run a loop over index ranges, handing out chunks dynamically.
 * Each worker has a stable index 0..threads-1 so that it can own scratch buffers; the calling
 * thread is worker 0. Results never depend on which worker ran which chunk: every loop body writes
 * only to its own items.
 */
final class WorkerPool implements AutoCloseable {
  /** A loop body over items {@code [start, end)}, run by worker {@code worker}. */
  @FunctionalInterface
  interface RangeTask {
    void run(int worker, int start, int end);
  }

  private final int threads;
  private final ExecutorService executor;

  WorkerPool(int threads) {
    this.threads = threads;
    this.executor =
        threads > 1
            ? Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "splat-raster-worker");
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  int threads() {
    return threads;
  }

  /** Runs {@code task} over {@code [0, count)} in chunks of {@code grain} items. */
  void forEach(int count, int grain, RangeTask task) {
    if (count <= 0) {
      return;
    }
    if (threads == 1 || count <= grain) {
      task.run(0, 0, count);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>(threads - 1);
    for (int w = 1; w < threads; w++) {
      int worker = w;
      futures.add(executor.submit(() -> drain(worker, count, grain, next, task)));
    }
    RuntimeException first = null;
    try {
      drain(0, count, grain, next, task);
    } catch (RuntimeException e) {
      first = e;
      next.set(count);
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (first == null) {
          first =
              e.getCause() instanceof RuntimeException re
                  ? re
                  : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while rasterizing", e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void drain(int worker, int count, int grain, AtomicInteger next, RangeTask task) {
    while (true) {
      int start = next.getAndAdd(grain);
      if (start >= count) {
        return;
      }
      task.run(worker, start, Math.min(count, start + grain));
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
