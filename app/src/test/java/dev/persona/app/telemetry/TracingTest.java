package dev.persona.app.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TracingTest {
  static Tracing inMemory() {
    return Tracing.of(
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build());
  }

  @Test
  void offUnlessAnEndpointIsConfigured() {
    Tracing off = Tracing.fromEnvironment(Map.of(), "persona");
    assertFalse(off.enabled());
    assertTrue(off.clientInterceptors().isEmpty());
    assertTrue(off.workerInterceptors().isEmpty());
    RecordHeaders headers = new RecordHeaders();
    off.inject(headers);
    assertFalse(headers.iterator().hasNext());
  }

  @Test
  void anEndpointTurnsItOnWithTemporalInterceptors() throws Exception {
    try (Tracing on =
        Tracing.fromEnvironment(
            Map.of(Tracing.ENDPOINT, "http://127.0.0.1:1", Tracing.PROTOCOL, "grpc"), "persona")) {
      assertTrue(on.enabled());
      assertEquals(1, on.clientInterceptors().size());
      assertEquals(1, on.workerInterceptors().size());
    }
  }

  @Test
  void anUnknownProtocolNamesTheVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Tracing.fromEnvironment(
                    Map.of(Tracing.ENDPOINT, "http://collector:4318", Tracing.PROTOCOL, "carrier"),
                    "persona"));
    assertTrue(e.getMessage().contains(Tracing.PROTOCOL), e.getMessage());
  }

  @Test
  void aKafkaRecordCarriesTheCurrentSpanAsAW3cTraceparent() {
    Tracing tracing = inMemory();
    Span span = tracing.tracer("test").spanBuilder("publish").startSpan();
    RecordHeaders headers = new RecordHeaders();
    try (Scope ignored = span.makeCurrent()) {
      tracing.inject(headers);
    } finally {
      span.end();
    }
    String traceparent =
        new String(headers.lastHeader("traceparent").value(), StandardCharsets.UTF_8);
    // W3C trace context: version "00", the 32-hex trace id, the 16-hex span id, then the flags,
    // whose lowest bit says "sampled" (the level-2 "random trace id" bit may be set too).
    assertEquals(
        "00-" + span.getSpanContext().getTraceId() + "-" + span.getSpanContext().getSpanId() + "-",
        traceparent.substring(0, 53));
    assertEquals(1, Integer.parseInt(traceparent.substring(53), 16) & 1, traceparent);
    assertEquals(
        span.getSpanContext().getTraceId(),
        Span.fromContext(tracing.extract(headers)).getSpanContext().getTraceId());
  }

  @Test
  void withoutACurrentSpanNothingIsInjected() {
    RecordHeaders headers = new RecordHeaders();
    inMemory().inject(headers);
    assertFalse(headers.iterator().hasNext());
  }
}
