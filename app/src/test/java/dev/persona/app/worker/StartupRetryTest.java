package dev.persona.app.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartupRetryTest {
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

  @Test
  void aSlowFrontendIsWaitedFor() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String started =
        StartupRetry.run(
            () -> {
              if (calls.incrementAndGet() == 1) {
                // What a worker printed when the first call missed its deadline on a busy machine.
                throw new RuntimeException(
                    new StatusRuntimeException(Status.DEADLINE_EXCEEDED.withDescription("3.1 s")));
              }
              return "polling";
            },
            Duration.ofSeconds(30),
            log);
    assertEquals("polling", started);
    assertEquals(2, calls.get());
    String text = logged.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("DEADLINE_EXCEEDED") && text.contains("1 s"), text);
  }

  @Test
  void aConfigurationErrorFailsAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    StatusRuntimeException wrongNamespace = new StatusRuntimeException(Status.NOT_FOUND);
    StatusRuntimeException thrown =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                StartupRetry.run(
                    () -> {
                      calls.incrementAndGet();
                      throw wrongNamespace;
                    },
                    Duration.ofSeconds(30),
                    log));
    assertSame(wrongNamespace, thrown);
    assertEquals(1, calls.get());
  }

  @Test
  void patienceEndsTheWaitWithTheLastFailure() {
    AtomicInteger calls = new AtomicInteger();
    long start = System.nanoTime();
    assertThrows(
        StatusRuntimeException.class,
        () ->
            StartupRetry.run(
                () -> {
                  calls.incrementAndGet();
                  throw new StatusRuntimeException(Status.UNAVAILABLE);
                },
                Duration.ofMillis(2_500),
                log));
    // Waits of 1 s then 2 s: the second would pass the 2.5 s of patience, so two attempts.
    assertEquals(2, calls.get());
    assertTrue(System.nanoTime() - start < 2_500_000_000L);
  }
}
