package dev.persona.app.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TracingTest {
  static Tracing inMemory() {
    return inMemory(InMemorySpanExporter.create());
  }

  static Tracing inMemory(InMemorySpanExporter exporter) {
    return Tracing.of(
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
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

  @Test
  void anApiRequestIsAServerSpanUnderItsTraceparentAndCurrentWhileItRuns() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    Tracing tracing = inMemory(exporter);
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";
    Map<String, String> headers = Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01");
    String[] inside = new String[2];
    int answer =
        tracing.inServerSpan(
            "POST",
            "/v1/avatars",
            headers::get,
            code -> code,
            () -> {
              inside[0] = Span.current().getSpanContext().getTraceId();
              inside[1] = Span.current().getSpanContext().getSpanId();
              return 202;
            });
    assertEquals(202, answer);
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertEquals(1, spans.size());
    SpanData span = spans.get(0);
    assertEquals("POST /v1/avatars", span.getName());
    assertEquals(SpanKind.SERVER, span.getKind());
    assertEquals(traceId, span.getTraceId());
    assertEquals(callerSpan, span.getParentSpanId());
    // The call ran with the server span current: the jobs it starts are its children.
    assertEquals(traceId, inside[0]);
    assertEquals(span.getSpanId(), inside[1]);
    assertEquals(202L, span.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
    assertEquals("/v1/avatars", span.getAttributes().get(AttributeKey.stringKey("http.route")));
  }

  @Test
  void aRequestWithoutTraceparentStartsATraceAndAFailureIsRecorded() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    Tracing tracing = inMemory(exporter);
    assertThrows(
        IllegalStateException.class,
        () ->
            tracing.<Integer>inServerSpan(
                "GET",
                "/v1/avatars/{id}",
                name -> null,
                code -> code,
                () -> {
                  throw new IllegalStateException("boom");
                }));
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertFalse(span.getParentSpanContext().isValid(), "a root span");
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("exception", span.getEvents().get(0).getName());
  }

  @Test
  void offAServerSpanJustRunsTheCall() throws Exception {
    Tracing off = Tracing.fromEnvironment(Map.of(), "persona");
    String traceId =
        off.inServerSpan(
            "GET",
            "/v1/batches/{id}",
            name -> null,
            code -> null,
            () -> Span.current().getSpanContext().getTraceId());
    assertFalse(Span.current().getSpanContext().isValid());
    assertEquals(Span.getInvalid().getSpanContext().getTraceId(), traceId);
  }
}
